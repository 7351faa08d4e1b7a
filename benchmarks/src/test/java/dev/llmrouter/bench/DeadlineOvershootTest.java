package dev.llmrouter.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A smoke run of the deadline-overshoot benchmark: every mode runs and every call ends as it should (no timing checked). */
@Tag("unit")
class DeadlineOvershootTest {
    @Test
    void everyModeRunsAndEveryCallEndsByItsDeadline() throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            DeadlineOvershoot.main(new String[] {"--threads", "2", "--burners", "0", "--deadline-ms", "20", "--seconds", "1"});
        } finally {
            System.setOut(out);
        }
        String table = captured.toString(StandardCharsets.UTF_8);
        for (String mode : new String[] {"timer", "raw", "raw-sequential", "llmrouter"}) {
            assertThat(table).containsPattern("\\| " + mode + " \\| [1-9][0-9,]* \\|.*\\| 0 \\|\\n");
        }
    }
}
