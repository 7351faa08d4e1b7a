package dev.llmrouter.cli.dist;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The distribution archive the package phase built: unpacked and run through its launcher with
 * nothing but a JDK (an environment holding only PATH for the basic tools and JAVA_HOME).
 */
@Tag("integration")
class DistributionIT {
    private static final Path TARGET = Path.of("target");

    @TempDir
    Path dir;

    private record Run(int exitCode, String out) {
    }

    private static Path archive(String extension) throws IOException {
        try (var files = Files.list(TARGET)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().matches("llmrouter-\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\." + extension))
                    .toList();
            assertThat(found).as("llmrouter-<version>." + extension + " in target/").hasSize(1);
            return found.get(0);
        }
    }

    private static Run run(Path workDir, Map<String, String> extraEnv, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("HOME", workDir.toString());
        pb.environment().putAll(extraEnv);
        Process p = pb.start();
        p.getOutputStream().close();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void theTarballUnpacksAndItsLauncherRunsWithOnlyAJdk() throws Exception {
        Path tarball = archive("tar.gz");
        Run untar = run(dir, Map.of(), "tar", "xzf", tarball.toAbsolutePath().toString());
        assertThat(untar.exitCode()).as(untar.out()).isZero();
        String version = tarball.getFileName().toString().replaceAll("^llmrouter-|\\.tar\\.gz$", "");
        Path home = dir.resolve("llmrouter-" + version);
        Path launcher = home.resolve("bin/llmrouter");
        assertThat(Files.isExecutable(launcher)).isTrue();

        Run v = run(dir, Map.of(), launcher.toString(), "--version");
        assertThat(v.exitCode()).as(v.out()).isZero();
        assertThat(v.out()).startsWith("llmrouter " + version + "\nJava ");

        Run validate = run(home, Map.of("DEEPSEEK_API_KEY", "sk-test"), "bin/llmrouter", "validate",
                "config/providers.yaml", "config/model-mappings.yaml");
        assertThat(validate.exitCode()).as(validate.out()).isZero();
        assertThat(validate.out()).isEqualTo("config/providers.yaml, config/model-mappings.yaml: ok (4 providers, 3 model groups)\n");

        Run withoutKey = run(home, Map.of(), "bin/llmrouter", "validate", "config/providers.yaml", "config/model-mappings.yaml");
        assertThat(withoutKey.exitCode()).isEqualTo(1);
        assertThat(withoutKey.out()).contains("DEEPSEEK_API_KEY is not set");

        Run demo = run(home, Map.of(), "bin/llmrouter", "chat", "--demo", "--prompt", "Hello");
        assertThat(demo.exitCode()).as(demo.out()).isZero();
        assertThat(demo.out()).startsWith("Hello from the cloud fallback.");

        List<String> helpPages = new ArrayList<>();
        try (var files = Files.list(home.resolve("help"))) {
            files.forEach(f -> helpPages.add(f.getFileName().toString()));
        }
        assertThat(helpPages).contains("llmrouter.txt", "llmrouter-chat.txt", "llmrouter-validate.txt", "llmrouter-health.txt",
                "llmrouter-models.txt", "llmrouter-doctor.txt", "llmrouter-export-litellm.txt", "llmrouter-import-litellm.txt",
                "llmrouter-check-stale.txt", "llmrouter-completion.txt");
        assertThat(Files.readString(home.resolve("help/llmrouter-chat.txt"))).startsWith("Usage: llmrouter chat");
        assertThat(Files.readString(home.resolve("man/llmrouter-chat.adoc"))).contains("= llmrouter-chat(1)");
        assertThat(Files.readString(home.resolve("completion/llmrouter.bash"))).contains("complete -F _complete_llmrouter");
        assertThat(Files.readString(home.resolve("completion/_llmrouter"))).startsWith("#compdef llmrouter");
    }

    @Test
    void theZipHoldsTheSameFilesWithAWindowsLauncher() throws Exception {
        try (ZipFile zip = new ZipFile(archive("zip").toFile())) {
            List<String> names = zip.stream().map(e -> e.getName().replaceFirst("^llmrouter-[^/]+/", "")).toList();
            assertThat(names).contains("bin/llmrouter", "bin/llmrouter.cmd", "lib/llmrouter-cli.jar", "config/providers.yaml",
                    "config/model-mappings.yaml", "config/demo.yaml", "completion/llmrouter.bash", "completion/_llmrouter",
                    "help/llmrouter-chat.txt", "man/llmrouter.adoc", "README.txt");
            String cmd = new String(zip.getInputStream(zip.stream().filter(e -> e.getName().endsWith("bin/llmrouter.cmd"))
                    .findFirst().orElseThrow()).readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(cmd).contains("\r\n").contains("-jar \"%LLMROUTER_HOME%\\lib\\llmrouter-cli.jar\" %*");
        }
    }
}
