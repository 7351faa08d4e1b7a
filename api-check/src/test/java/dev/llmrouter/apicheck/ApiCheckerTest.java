package dev.llmrouter.apicheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.apicheck.fixture.Leaky;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The checkers themselves notice what they are for. */
@Tag("unit")
class ApiCheckerTest {

    @Test
    void lineCheckFindsInternalTypesInEveryKindOfPublicSignature() {
        assertThat(ApiLineTest.internalMentions(Leaky.class)).containsExactlyInAnyOrder(
                "dev.llmrouter.apicheck.fixture.Leaky names dev.llmrouter.apicheck.internal.Hidden",
                "dev.llmrouter.apicheck.fixture.Leaky#field names dev.llmrouter.apicheck.internal.Hidden",
                "dev.llmrouter.apicheck.fixture.Leaky#<init> names dev.llmrouter.apicheck.internal.Hidden",
                "dev.llmrouter.apicheck.fixture.Leaky#many names dev.llmrouter.apicheck.internal.Hidden",
                "dev.llmrouter.apicheck.fixture.Leaky#take names dev.llmrouter.apicheck.internal.Hidden");
    }

    @Test
    void internalMeansAnInternalSegmentOfThePackageName() {
        assertThat(ApiLineTest.isInternal("dev.llmrouter.internal")).isTrue();
        assertThat(ApiLineTest.isInternal("dev.llmrouter.internal.routing")).isTrue();
        assertThat(ApiLineTest.isInternal("dev.llmrouter.spring.internal")).isTrue();
        assertThat(ApiLineTest.isInternal("dev.llmrouter.internals")).isFalse();
        assertThat(ApiLineTest.isInternal("dev.llmrouter.spi.state")).isFalse();
    }

    @Test
    void surfaceDiffShowsRemovedThenAddedLines() {
        String diff = ApiSurfaceTest.diff(List.of("A public void a()", "A public void b()"),
                List.of("A public void b()", "A public void c()"));
        assertThat(diff).isEqualTo("- A public void a()" + System.lineSeparator() + "+ A public void c()");
        assertThat(ApiSurfaceTest.diff(List.of("x"), List.of("x"))).isEmpty();
    }
}
