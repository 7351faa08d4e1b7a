package dev.llmrouter.langchain4j;

import org.junit.jupiter.api.Tag;

/** The suite over real HTTP: OpenAI-speaking WireMock servers behind the router. */
@Tag("integration")
class WireMockProvidersTest extends RouterUnderLangChain4jSuite {
    @Override
    Backend backend() {
        return new WireMockBackend(null);
    }
}
