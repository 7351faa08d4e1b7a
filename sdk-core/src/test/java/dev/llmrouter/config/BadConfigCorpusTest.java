package dev.llmrouter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.ConfigException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file under {@code config/bad/} declares the exact problems it must produce, one per
 * leading {@code # expect: <error|warning> <line> <message fragment>} comment, in report order.
 * The loaded problems must match them one to one: same severity, same line, message (with hint)
 * containing the fragment. Variables come from a fixed map, never from the real environment.
 */
@Tag("unit")
class BadConfigCorpusTest {
    private static final Pattern EXPECT = Pattern.compile("# expect: (error|warning) (\\d+) (.+)");
    static final Map<String, String> ENV = Map.of("DEEPSEEK_API_KEY", "sk-test-deepseek", "OPENAI_API_KEY",
            "sk-test-openai", "ANTHROPIC_API_KEY", "sk-ant-test");

    record Expected(ConfigProblem.Severity severity, int line, String fragment) {
    }

    static Stream<Path> badFiles() throws IOException, URISyntaxException {
        Path dir = Path.of(BadConfigCorpusTest.class.getResource("/config/bad").toURI());
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
        }
        return files.stream();
    }

    @Test
    void theCorpusCoversEveryRuleWithAtLeastThirtyFiles() throws Exception {
        assertThat(badFiles().count()).isGreaterThanOrEqualTo(30);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void reportsExactlyTheDeclaredProblems(Path file) throws IOException {
        List<Expected> expected = expectations(file);
        assertThat(expected).as("a bad file declares its problems").isNotEmpty();

        LoadResult result = ConfigLoader.read(new HashMap<>(ENV)::get, file);

        List<ConfigProblem> actual = result.problems();
        assertThat(actual).as(describe(actual)).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            ConfigProblem p = actual.get(i);
            Expected e = expected.get(i);
            assertThat(p.file()).isEqualTo(file.toString());
            assertThat(p.severity()).as(p.format()).isEqualTo(e.severity());
            assertThat(p.line()).as(p.format()).isEqualTo(e.line());
            assertThat(p.column()).as(p.format()).isPositive();
            assertThat(p.message() + " (" + p.hint() + ")").as(p.format()).contains(e.fragment());
            assertThat(p.hint()).as("every problem says how to fix it: " + p.format()).isNotBlank();
        }
        if (expected.stream().anyMatch(e -> e.severity() == ConfigProblem.Severity.ERROR)) {
            assertThat(result.hasErrors()).isTrue();
            assertThat(result.config()).isEmpty();
            assertThatThrownBy(() -> ConfigLoader.load(ENV::get, file)).isInstanceOf(ConfigException.class)
                    .satisfies(ex -> assertThat(((ConfigException) ex).problems())
                            .containsExactlyElementsOf(actual.stream().map(ConfigProblem::format).toList()));
        } else {
            assertThat(result.config()).isPresent();
        }
    }

    static List<Expected> expectations(Path file) throws IOException {
        List<Expected> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.startsWith("#")) {
                break;
            }
            Matcher m = EXPECT.matcher(line);
            if (m.matches()) {
                out.add(new Expected(m.group(1).equals("error") ? ConfigProblem.Severity.ERROR : ConfigProblem.Severity.WARNING,
                        Integer.parseInt(m.group(2)), m.group(3).trim()));
            }
        }
        return out;
    }

    static String describe(List<ConfigProblem> problems) {
        StringBuilder sb = new StringBuilder("actual problems:");
        problems.forEach(p -> sb.append("\n  ").append(p.format()));
        return sb.toString();
    }
}
