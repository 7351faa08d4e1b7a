package dev.llmrouter.testing.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The canary itself: a leaked key or fragment in a log line, at any level, fails the test that logged it. */
@Tag("unit")
class SecretsCanaryExtensionTest {
    private final SecretsCanaryExtension extension = new SecretsCanaryExtension();

    @Test
    void aFragmentOfACanaryLoggedAtDebugIsCaught() {
        extension.beforeEach(null);
        LoggerFactory.getLogger("test").debug("server said: invalid key {}...", SecretsCanary.OPENAI.substring(3, 14));

        assertThatThrownBy(() -> extension.afterEach(null)).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("a secret of the test suite (").hasMessageContaining("****")
                .hasMessageNotContaining(SecretsCanary.OPENAI.substring(3, 14));
    }

    @Test
    void aKeyInTheCauseOfALoggedExceptionIsCaught() {
        extension.beforeEach(null);
        LoggerFactory.getLogger("test").trace("call failed",
                new IllegalStateException("outer", new IllegalArgumentException("Bearer sk-test-deepseek")));

        assertThatThrownBy(() -> extension.afterEach(null)).isInstanceOf(AssertionError.class);
    }

    @Test
    void ordinaryLinesPass() {
        extension.beforeEach(null);
        LoggerFactory.getLogger("test").warn("provider deepseek answered 503; key ****");

        extension.afterEach(null);
        assertThat(SecretsCanary.leakIn("provider deepseek answered 503")).isNull();
    }
}
