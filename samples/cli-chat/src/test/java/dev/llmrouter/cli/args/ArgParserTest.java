package dev.llmrouter.cli.args;

import dev.llmrouter.cli.UsageException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag("unit")
class ArgParserTest {
    private final ArgParser parser = new ArgParser(
            List.of(OptionSpec.values("config", "FILE", "files"), OptionSpec.flag("demo", "demo"), OptionSpec.flag("help", "help")),
            List.of("chat", "validate", "health"),
            Map.of("chat", List.of(OptionSpec.value("prompt", "TEXT", "p"), OptionSpec.value("max-tokens", "N", "n"),
                            OptionSpec.flag("json", "j")),
                    "validate", List.<OptionSpec>of(),
                    "health", List.of(OptionSpec.value("wait", "DURATION", "w")))::get);

    @Test
    void readsCommandOptionsAndValuesInBothForms() {
        ParsedArgs a = parser.parse(List.of("chat", "--prompt", "hello there", "--max-tokens=64", "--json"));
        assertThat(a.command()).isEqualTo("chat");
        assertThat(a.value("prompt")).contains("hello there");
        assertThat(a.positiveInt("max-tokens")).contains(64);
        assertThat(a.has("json")).isTrue();
        assertThat(a.positionals()).isEmpty();
    }

    @Test
    void configTakesSeveralFilesAndStopsAtAnOptionOrACommand() {
        ParsedArgs a = parser.parse(List.of("--config", "providers.yaml", "mappings.yaml", "chat", "--json"));
        assertThat(a.command()).isEqualTo("chat");
        assertThat(a.all("config")).containsExactly("providers.yaml", "mappings.yaml");

        ParsedArgs b = parser.parse(List.of("validate", "--config", "a.yaml", "--config", "b.yaml"));
        assertThat(b.all("config")).containsExactly("a.yaml", "b.yaml");
        assertThat(b.positionals()).isEmpty();
    }

    @Test
    void keepsPositionalsAfterTheCommandAndAfterDoubleDash() {
        ParsedArgs a = parser.parse(List.of("validate", "a.yaml", "b.yaml", "--", "--odd-name.yaml"));
        assertThat(a.positionals()).containsExactly("a.yaml", "b.yaml", "--odd-name.yaml");
    }

    @Test
    void aPromptMayStartWithADashNumber() {
        assertThat(parser.parse(List.of("chat", "--prompt", "-5 plus 3")).value("prompt")).contains("-5 plus 3");
        assertThat(parser.parse(List.of("chat", "--prompt=-5 plus 3")).value("prompt")).contains("-5 plus 3");
    }

    @Test
    void unknownOptionsSuggestTheClosestName() {
        assertThatThrownBy(() -> parser.parse(List.of("chat", "--promt", "x")))
                .isInstanceOf(UsageException.class)
                .hasMessage("unknown option --promt for 'chat' (did you mean --prompt?)");
        assertThatThrownBy(() -> parser.parse(List.of("health", "--json")))
                .isInstanceOf(UsageException.class).hasMessageContaining("unknown option --json for 'health'");
    }

    @Test
    void missingAndMalformedValuesAreUsageErrors() {
        assertThatThrownBy(() -> parser.parse(List.of("chat", "--prompt"))).isInstanceOf(UsageException.class)
                .hasMessage("--prompt TEXT: missing value");
        assertThatThrownBy(() -> parser.parse(List.of("chat", "--json=yes"))).isInstanceOf(UsageException.class)
                .hasMessage("--json takes no value");
        ParsedArgs a = parser.parse(List.of("chat", "--max-tokens", "zero"));
        assertThatThrownBy(() -> a.positiveInt("max-tokens")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--max-tokens needs a positive whole number, got 'zero'");
        ParsedArgs b = parser.parse(List.of("health", "--wait", "soon"));
        assertThatThrownBy(() -> b.duration("wait")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--wait needs a duration");
        assertThatThrownBy(() -> b.required("prompt")).isInstanceOf(UsageException.class)
                .hasMessage("health: --prompt is required");
    }

    @Test
    void waitTakesTheConfigurationsDurationForms() {
        assertThat(parser.parse(List.of("health", "--wait", "500ms")).duration("wait")).contains(Duration.ofMillis(500));
        assertThat(parser.parse(List.of("health", "--wait", "2m")).duration("wait")).contains(Duration.ofMinutes(2));
        assertThat(parser.parse(List.of("health", "--wait=45")).duration("wait")).contains(Duration.ofSeconds(45));
    }

    @Test
    void dashHIsHelpAndNoCommandIsAllowed() {
        ParsedArgs a = parser.parse(List.of("-h"));
        assertThat(a.command()).isNull();
        assertThat(a.has("help")).isTrue();
    }

}
