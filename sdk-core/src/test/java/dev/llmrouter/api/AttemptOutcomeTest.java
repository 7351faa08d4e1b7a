package dev.llmrouter.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class AttemptOutcomeTest {

    @Test
    void everyFailureKindHasTheOutcomeOfItsNameAndBack() {
        for (FailureKind k : FailureKind.values()) {
            AttemptOutcome o = AttemptOutcome.of(k);
            assertThat(o.name()).isEqualTo(k.name());
            assertThat(o.failureKind()).contains(k);
            assertThat(o.wireName()).isEqualTo(k.wireName());
        }
        assertThat(AttemptOutcome.values()).hasSize(FailureKind.values().length + 1);
        assertThat(AttemptOutcome.SUCCESS.failureKind()).isEmpty();
        assertThat(AttemptOutcome.SUCCESS.wireName()).isEqualTo("success");
        assertThat(Arrays.stream(AttemptOutcome.values()).filter(o -> o.failureKind().isEmpty()))
                .containsExactly(AttemptOutcome.SUCCESS);
    }
}
