package dev.llmrouter.apicheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jars on the module path, as a modular application uses them: a small consumer
 * module is compiled against them with javac and run with {@code java --module-path}. A broken
 * {@code module-info} (a missing {@code requires}, {@code uses} or {@code provides}, an API package
 * not exported) fails here. Runs after {@code package}, on the jars themselves.
 */
@Tag("integration")
class ModulePathIT {

    @TempDir
    Path work;

    @Test
    void jarsResolveUnderTheirModuleNames() throws IOException {
        Map<String, ModuleDescriptor> byName = new TreeMap<>();
        for (Path entry : modulePath()) {
            ModuleFinder.of(entry).findAll().forEach(m -> byName.put(m.descriptor().name(), m.descriptor()));
        }
        assertThat(byName).as("modules on the published jars' run-time path (run through mvn verify, after package)")
                .containsKeys("dev.llmrouter.core", "dev.llmrouter.redis", "dev.llmrouter.langchain4j",
                        "dev.llmrouter.spring");
        assertThat(byName.get("dev.llmrouter.core").isAutomatic()).isFalse();
        assertThat(byName.get("dev.llmrouter.core").uses()).containsExactly("dev.llmrouter.spi.state.StateStoreProvider");
        assertThat(byName.get("dev.llmrouter.redis").isAutomatic()).isFalse();
        assertThat(byName.get("dev.llmrouter.redis").provides()).extracting(ModuleDescriptor.Provides::service)
                .containsExactly("dev.llmrouter.spi.state.StateStoreProvider");
        // these two name themselves in their manifest (Automatic-Module-Name); see docs/api-stability.md
        assertThat(byName.get("dev.llmrouter.langchain4j").isAutomatic()).isTrue();
        assertThat(byName.get("dev.llmrouter.spring").isAutomatic()).isTrue();
    }

    @Test
    void consumerModuleCompilesAndRunsOnTheModulePath() throws Exception {
        Path src = work.resolve("src");
        write(src.resolve("module-info.java"), """
                module llmrouter.consumer {
                    requires dev.llmrouter.core;
                    requires dev.llmrouter.redis;
                    uses dev.llmrouter.spi.state.StateStoreProvider;
                }
                """);
        write(src.resolve("consumer/Main.java"), """
                package consumer;

                import dev.llmrouter.LlmRouter;
                import dev.llmrouter.api.ChatRequest;
                import dev.llmrouter.spi.state.StateStoreProvider;
                import java.nio.file.Path;
                import java.util.ServiceLoader;

                public final class Main {
                    public static void main(String[] args) {
                        try (LlmRouter router = LlmRouter.fromYaml(Path.of(args[0]))) {
                            System.out.println("reply: " + router.chat(
                                    ChatRequest.builder().model("chat").user("hi").build()).text());
                        }
                        for (StateStoreProvider p : ServiceLoader.load(
                                Main.class.getModule().getLayer(), StateStoreProvider.class)) {
                            System.out.println("store: " + p.section() + " from " + p.getClass().getModule().getName());
                        }
                    }
                }
                """);
        Path classes = work.resolve("classes");
        assertThat(javac(src, classes)).as("javac output").isEmpty();

        Path yaml = write(work.resolve("router.yaml"), """
                providers:
                  steady: {type: mock, mock: {response: "hello from the module path"}}
                models:
                  chat:
                    deployments:
                      - {provider: steady, model: m}
                """);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String modulePath = classes + File.pathSeparator + Repository.runtimeClasspath();
        Process p = new ProcessBuilder(java, "--module-path", modulePath, "-m", "llmrouter.consumer/consumer.Main",
                yaml.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the consumer exits").isTrue();
        assertThat(p.exitValue()).as("exit code; output:%n%s", output).isZero();
        assertThat(output.lines().filter(l -> l.startsWith("reply: ") || l.startsWith("store: ")))
                .containsExactly("reply: hello from the module path", "store: redis from dev.llmrouter.redis");
    }

    @Test
    void internalPackagesAreNotReadableFromAnotherModule() throws IOException {
        Path src = work.resolve("src");
        write(src.resolve("module-info.java"), "module llmrouter.snooper { requires dev.llmrouter.core; }\n");
        write(src.resolve("snooper/Snoop.java"), """
                package snooper;

                public final class Snoop {
                    Object engine = dev.llmrouter.internal.ApiAccess.class;
                }
                """);
        String errors = javac(src, work.resolve("classes"));
        assertThat(errors).contains("package dev.llmrouter.internal is declared in module dev.llmrouter.core, "
                + "which does not export it");
    }

    /** Compiles the module under {@code src} into {@code out}; returns javac's diagnostics ("" when clean). */
    private static String javac(Path src, Path out) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<File> sources;
        try (var files = Files.walk(src)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).map(Path::toFile).toList();
        }
        StringWriter diagnostics = new StringWriter();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            // an empty class path: else javac falls back to this JVM's, where sdk-core sits in the unnamed module
            Path noClassPath = Files.createDirectories(src.resolveSibling("no-class-path"));
            List<String> options = new ArrayList<>(List.of("--release", "17", "-d", out.toString(),
                    "--class-path", noClassPath.toString(), "--module-path", Repository.runtimeClasspath()));
            javac.getTask(diagnostics, fm, null, options, null, fm.getJavaFileObjectsFromFiles(sources)).call();
        }
        return diagnostics.toString();
    }

    private static List<Path> modulePath() throws IOException {
        return Arrays.stream(Repository.runtimeClasspath().split(File.pathSeparator)).map(Path::of).toList();
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
