package dev.llmrouter.langchain4j;

import org.junit.jupiter.api.Tag;

/** The suite with no network: {@code mock} providers behind the router. */
@Tag("unit")
class MockProviderTest extends RouterUnderLangChain4jSuite {
    @Override
    Backend backend() {
        return new MockBackend();
    }
}
