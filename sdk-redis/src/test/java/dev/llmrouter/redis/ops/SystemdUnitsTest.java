package dev.llmrouter.redis.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks every unit and drop-in under {@code docs/ops/systemd} with systemd's own tools, as an
 * operator's machine would load them: {@code systemd-analyze verify} and
 * {@code systemd-analyze security --offline=true}, each against a scratch root directory.
 *
 * <p>Why a root directory: verify fails on any {@code ExecStart} binary that does not exist, and
 * the model servers are not installed here. Under {@code --root} systemd resolves every path
 * inside the root, so the test puts the host's own system units there (targets, and Debian's
 * {@code redis-server.service} that the Redis drop-in extends), the project's units in
 * {@code etc/systemd/system}, and an empty executable at exactly the install locations
 * {@link #INSTALLED} names (docs/ops/systemd/README.md). A unit that runs anything else still
 * fails. verify exits 0 on an unknown or misplaced key (it only prints a warning), so any output
 * at all fails the test too.
 *
 * <p>Needs Linux with systemd-analyze (systemd 252 tested) and the Debian {@code redis-server}
 * package for its unit; .ci/run installs both.
 */
@Tag("slow")
class SystemdUnitsTest {

    /** The binaries the units run, at the install locations the README documents. */
    static final List<String> INSTALLED = List.of("/usr/bin/java", "/opt/llmrouter/bin/llmrouter",
            "/usr/local/bin/ollama", "/opt/vllm/venv/bin/vllm", "/usr/local/bin/llama-server", "/usr/bin/redis-server");

    /**
     * The highest overall exposure each unit may score in {@code systemd-analyze security} (0.0
     * best, 10.0 worst; below 5.0 is "OK", below 1.0 "SAFE"). The figures and the reason for each
     * exception are in docs/ops/systemd/README.md: the GPU servers need their devices, writable and
     * executable memory and system calls outside the service allow-list; the application needs
     * the Internet for cloud providers.
     */
    static final Map<String, Double> THRESHOLDS = Map.of(
            "llmrouter-sample.service", 1.5,
            "redis-server.service", 1.5,
            "ollama.service", 2.0,
            "vllm-qwen.service", 2.0,
            "llama-server.service", 2.0);

    private static final Pattern EXPOSURE = Pattern.compile("Overall exposure level for (\\S+): (\\d+\\.\\d+)");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i)(key|token|secret|passw)");

    /** The scratch root, built once; not a JUnit TempDir, which warns about every masked unit (a link to /dev/null) it deletes. */
    private static Path root;

    static Path unitsDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs/ops/systemd"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("docs/ops/systemd above %s", Path.of("").toAbsolutePath()).isNotNull();
        return dir.resolve("docs/ops/systemd");
    }

    /** Every unit the directory defines or extends with a drop-in ({@code x.service.d} -> {@code x.service}). */
    static List<String> units() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(unitsDir())) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".service") || n.endsWith(".service.d"))
                    .forEach(n -> names.add(n.endsWith(".d") ? n.substring(0, n.length() - 2) : n));
        }
        return new ArrayList<>(names);
    }

    @BeforeAll
    static void buildRoot() throws Exception {
        root = Files.createTempDirectory("systemd-root");
        Path systemUnits = Files.isDirectory(Path.of("/usr/lib/systemd/system")) ? Path.of("/usr/lib/systemd/system")
                : Path.of("/lib/systemd/system");
        assertThat(systemUnits.resolve("redis-server.service"))
                .as("Debian's redis-server.service, which the drop-in extends (apt-get install redis-server)").exists();
        Path lib = Files.createDirectories(root.resolve("usr/lib/systemd"));
        assertThat(run(List.of("cp", "-a", systemUnits.toString(), lib.toString())).exit()).isZero();
        Path etc = Files.createDirectories(root.resolve("etc/systemd/system"));
        assertThat(run(List.of("cp", "-a", unitsDir() + "/.", etc.toString())).exit()).isZero();
        for (String binary : INSTALLED) {
            stub(binary);
        }
    }

    @AfterAll
    static void removeRoot() throws Exception {
        if (root != null) {
            assertThat(run(List.of("rm", "-rf", root.toString())).exit()).isZero();
        }
    }

    @Test
    void everyUnitHasADocumentedThreshold() throws IOException {
        assertThat(units()).containsExactlyInAnyOrderElementsOf(THRESHOLDS.keySet());
    }

    @Test
    void everyStubbedBinaryIsOneAUnitRuns() throws IOException {
        // redis-server is started by Debian's unit, which the drop-in extends
        String all = allText() + Files.readString(root.resolve("usr/lib/systemd/system/redis-server.service"));
        assertThat(INSTALLED).allSatisfy(b -> assertThat(all).contains(b + " "));
    }

    @ParameterizedTest
    @MethodSource("units")
    void verifyPassesWithoutAWord(String unit) throws Exception {
        Result r = run(List.of("systemd-analyze", "verify", "--man=no", "--root=" + root, unit));
        assertThat(r.output()).as("systemd-analyze verify %s", unit).isEmpty();
        assertThat(r.exit()).as("exit of systemd-analyze verify %s", unit).isZero();
    }

    @ParameterizedTest
    @MethodSource("units")
    void securityScoreIsWithinItsThreshold(String unit) throws Exception {
        Result r = run(List.of("systemd-analyze", "security", "--offline=true", "--root=" + root, unit));
        assertThat(r.exit()).as("exit of systemd-analyze security %s:%n%s", unit, r.output()).isZero();
        Matcher m = EXPOSURE.matcher(r.output());
        assertThat(m.find()).as("an overall exposure line in:%n%s", r.output()).isTrue();
        assertThat(m.group(1)).isEqualTo(unit);
        assertThat(Double.parseDouble(m.group(2))).as("exposure of %s:%n%s", unit, r.output())
                .isLessThanOrEqualTo(THRESHOLDS.get(unit));
        assertThat(r.output()).doesNotContain("Unknown key", "ignoring");
    }

    /** The check itself: a missing binary and a misspelt key must not pass. */
    @Test
    void verifyReportsAMissingBinaryAndAMisspeltKey() throws Exception {
        Path etc = root.resolve("etc/systemd/system");
        Files.writeString(etc.resolve("probe-missing.service"),
                "[Service]\nExecStart=/opt/not-installed/bin/server\n", StandardCharsets.UTF_8);
        Result missing = run(List.of("systemd-analyze", "verify", "--man=no", "--root=" + root, "probe-missing.service"));
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.output()).contains("/opt/not-installed/bin/server");

        Files.writeString(etc.resolve("probe-typo.service"),
                "[Service]\nExecStart=/usr/bin/java -version\nProtectSytem=strict\n", StandardCharsets.UTF_8);
        Result typo = run(List.of("systemd-analyze", "verify", "--man=no", "--root=" + root, "probe-typo.service"));
        assertThat(typo.output()).contains("Unknown key 'ProtectSytem'");
    }

    @Test
    void secretsComeFromAFileOrACredentialNeverFromTheUnit() throws IOException {
        List<String> inline = new ArrayList<>();
        try (Stream<Path> files = Files.walk(unitsDir())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                for (String line : Files.readAllLines(f)) {
                    String l = line.strip();
                    if (l.startsWith("Environment=") && SECRET_NAME.matcher(l.substring(0, l.indexOf('=', 12) + 1)).find()) {
                        inline.add(f.getFileName() + ": " + l);
                    }
                }
            }
        }
        assertThat(inline).isEmpty();
        String all = allText();
        assertThat(all).contains("EnvironmentFile=/etc/llmrouter/secrets.env", "LoadCredential=llama-api-key:");
    }

    /** A unit ordered after another of these units waits for it with {@code llmrouter health --wait}. */
    @Test
    void aUnitThatDependsOnAModelServerWaitsForItsHealth() throws IOException {
        List<String> dependents = new ArrayList<>();
        for (String unit : units()) {
            Path file = unitsDir().resolve(unit);
            if (!Files.exists(file)) {
                continue;
            }
            String text = Files.readString(file);
            boolean after = text.lines().anyMatch(l -> l.startsWith("After=") && Stream.of("ollama.service",
                    "vllm-qwen.service", "llama-server.service").anyMatch(l::contains));
            if (after) {
                dependents.add(unit);
                assertThat(text).as(unit).containsPattern("(?m)^ExecStartPre=/opt/llmrouter/bin/llmrouter health --wait \\S+");
            }
        }
        assertThat(dependents).containsExactly("llmrouter-sample.service");
    }

    private String allText() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(unitsDir())) {
            for (Path f : files.filter(p -> Files.isRegularFile(p) && !p.toString().endsWith(".md")).toList()) {
                all.append(Files.readString(f)).append('\n');
            }
        }
        return all.toString();
    }

    private static void stub(String binary) throws IOException {
        Path file = root.resolve(binary.substring(1));
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("SYSTEMD_COLORS", "0");
        pb.environment().put("SYSTEMD_PAGER", "");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s ends", command).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).strip());
    }
}
