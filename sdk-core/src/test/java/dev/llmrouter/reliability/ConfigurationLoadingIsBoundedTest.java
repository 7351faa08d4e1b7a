package dev.llmrouter.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.config.ConfigLoader;
import dev.llmrouter.config.ConfigProblem;
import dev.llmrouter.config.LoadResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, defects 6 and 9: configuration loading is bounded before its own limits and says
 * exactly what is wrong: a huge file is refused without being read whole, a FIFO or a device is
 * never opened, a directory is named as one, expansion bombs through aliases or variables stop at
 * a limit, messages quote at most a short prefix, an empty configuration is an error, and any tag
 * written in the text is refused (on keys too), as the documentation says.
 */
@Tag("unit")
class ConfigurationLoadingIsBoundedTest {
    private static final String MINIMAL = "providers:\n  m:\n    type: mock\nmodels:\n  g:\n    deployments:\n      - {provider: m, model: x}\n";

    @TempDir
    Path dir;

    private static String only(LoadResult r) {
        assertThat(r.errors()).hasSize(1);
        return r.errors().get(0).format();
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedWithItsSize() throws IOException {
        Path big = dir.resolve("big.yaml");
        byte[] line = "# padding padding padding padding padding padding padding padding\n".getBytes(StandardCharsets.UTF_8);
        try (var out = Files.newOutputStream(big)) {
            for (int written = 0; written <= 13 * 1024 * 1024; written += line.length) {
                out.write(line);
            }
        }
        assertThat(only(ConfigLoader.read(big))).isEqualTo(big + ":0:0: error: the file is larger than 12 MiB"
                + " (a router configuration is a few kilobytes; check that this is the right file)");
    }

    @Test
    void aDirectoryIsNamedAsOne() {
        assertThat(only(ConfigLoader.read(dir))).contains("is a directory, not a configuration file");
    }

    @Test
    @Timeout(20)
    void aFifoIsNeverOpened() throws Exception {
        Path fifo = dir.resolve("fifo.yaml");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(p.waitFor()).isZero();

        assertThat(only(ConfigLoader.read(fifo))).contains("is not a regular file (a pipe, device or socket)");
    }

    @Test
    @Timeout(20)
    void aDeviceIsNeverRead() {
        assertThat(only(ConfigLoader.read(Path.of("/dev/zero")))).contains("is not a regular file");
    }

    @Test
    void aLargeScalarAliasedManyTimesStopsAtTheExpansionLimitAndMessagesStayShort() {
        StringBuilder y = new StringBuilder("big: &b \"").append("x".repeat(1024 * 1024)).append("\"\nrefs:\n");
        for (int i = 0; i < 2000; i++) {
            y.append("  - *b\n");
        }
        LoadResult r = ConfigLoader.readString(y.toString(), "bomb.yaml", k -> null);

        assertThat(r.errors()).extracting(ConfigProblem::message)
                .anyMatch(m -> m.startsWith("the document expands to more than"));
        assertThat(r.problems()).allSatisfy(p -> assertThat(p.format().length()).isLessThan(1000));
    }

    @Test
    void manyReferencesToALargeVariableStopAtTheExpansionLimit() {
        String big = "v".repeat(100_000);
        String yaml = MINIMAL + "router_settings:\n  routing_strategy: \"" + "${BIG}".repeat(200_000) + "\"\n";
        LoadResult r = ConfigLoader.readString(yaml, "vars.yaml", Map.of("BIG", big)::get);

        assertThat(r.errors()).extracting(ConfigProblem::message)
                .anyMatch(m -> m.startsWith("variables expand to more than 4194304 characters in this configuration"));
        assertThat(r.problems()).allSatisfy(p -> assertThat(p.format().length()).isLessThan(1000));
    }

    @Test
    void anEmptyConfigurationIsAnError() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.yaml"), "\n# nothing yet\n");

        assertThat(only(ConfigLoader.read(empty))).isEqualTo(empty
                + ":1:1: error: the configuration is empty: no providers and no models (add providers: and models: (see samples/config/))");
    }

    @Test
    void anEmptyFileBesideARealOneIsAWarning() throws IOException {
        Path real = Files.writeString(dir.resolve("router.yaml"), MINIMAL);
        Path empty = Files.writeString(dir.resolve("empty.yaml"), "");

        LoadResult r = ConfigLoader.read(real, empty);
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).extracting(ConfigProblem::format)
                .containsExactly(empty + ":1:1: warning: the file is empty: nothing from it is used"
                        + " (check the path, or remove the file from the list)");
    }

    @Test
    void everyWrittenTagIsRefusedOnValuesAndKeys() {
        String yaml = MINIMAL + "router_settings:\n  num_retries: !!int 2\n  !!str routing_strategy: simple-shuffle\n";
        LoadResult r = ConfigLoader.readString(yaml, "tags.yaml", k -> null);

        assertThat(r.errors()).extracting(ConfigProblem::format).containsExactly(
                "tags.yaml:9:16: error: tag '!!int' is not allowed (configuration is plain data; remove the tag)",
                "tags.yaml:10:3: error: tag '!!str' is not allowed (configuration is plain data; remove the tag)");
    }
}
