package dev.llmrouter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link ConfigExplainer}: the full try order and each deployment's effective settings, by reading. */
@Tag("unit")
class ConfigExplainerTest {
    private static RouterConfig config() throws Exception {
        Path file = Path.of(ConfigExplainerTest.class.getResource("/config/explain/chains.yaml").toURI());
        return ConfigLoader.read(BadConfigCorpusTest.ENV::get, file).orThrow();
    }

    @Test
    void aMutualFallbackIsPrintedAsTheFiniteOrderTheRouterWalks() throws Exception {
        assertThat(ConfigExplainer.explain(config(), "cloud")).isEqualTo("""
                model cloud
                  after a failure left after retries: cloud -> coder [fallbacks]
                  after a context window error: cloud (no fallback)
                  after a content policy refusal: cloud (no fallback)
                  after the caller's own bad request: none (no retry, no fallback)
                  group cloud
                      cloud/deepseek/deepseek-chat#0: deepseek https://api.deepseek.com, weight 1
                        timeouts: attempt 30s (timeouts.attempt); stream first chunk 30s (timeouts.attempt), whole stream 2m, idle gap 30s
                        limits: rpm 100 (provider 'deepseek'), tpm 150000 (rate_limit_settings.defaults for deepseek)
                        in flight: no cap
                        circuit: opens at 5 failures within 1m, open 1m
                  group coder, group limit rpm 50, tpm unlimited
                    order 1 (tried first)
                      coder/vllm-qwen/Qwen/Qwen2.5-Coder-7B-Instruct#0: vllm http://127.0.0.1:8001, weight 1
                        timeouts: attempt 20s (provider timeout); stream first chunk 20s (provider timeout), whole stream 2m, idle gap 30s
                        limits: rpm 50 (rate_limit_settings.defaults for vllm), tpm 100000 (rate_limit_settings.defaults for vllm)
                        in flight: 4 (deployment), 8 shared by provider 'vllm-qwen'
                        circuit: opens at 5 failures within 1m, open 1m
                        context window 32768 tokens
                      coder/ollama/qwen2.5-coder:7b#1: ollama http://127.0.0.1:11434, weight 1 (skipped: provider 'ollama' is disabled)
                    order 2 (when the tiers before have no room)
                      coder/deepseek/deepseek-chat#2: deepseek https://api.deepseek.com, weight 1
                        timeouts: attempt 45s (deployment timeout); stream first chunk 10s (deployment stream_timeout), whole stream 2m, idle gap 30s
                        limits: rpm 100 (provider 'deepseek'), tpm 50000 (deployment)
                        in flight: no cap
                        circuit: opens at 5 failures within 1m, open 1m
                """);
    }

    @Test
    void everyGroupIsExplainedWithTheRouterWideSettingsFirst() throws Exception {
        String all = ConfigExplainer.explain(config());

        assertThat(all).startsWith("""
                routing: simple-shuffle within the lowest order tier first; up to 3 attempts per group (num_retries 2)
                timeouts: request 1m per group, overall 5m per request
                rate limits: enforced, mode reject, per-type defaults for anthropic, deepseek, llama_cpp, ollama, openai, vllm
                circuit: opens at 5 counted failures within 1m; stays open 1m, then one probe
                """);
        assertThat(all).contains("\nmodel coder (aliases: code)\n"
                + "  after a failure left after retries: coder -> cloud -> openai/gpt-4o-mini [fallbacks]\n"
                + "  after a context window error: coder -> cloud [context_window_fallbacks]\n");
        assertThat(all).contains("\nmodel cloud\n", "\nmodel openai/*\n");
    }

    @Test
    void aNameAWildcardGroupServesIsExplainedThroughThatGroup() throws Exception {
        assertThat(ConfigExplainer.explain(config(), "openai/gpt-4o")).startsWith("model openai/gpt-4o (served by group openai/*)\n")
                .contains("      openai/*/openai/*#0: openai https://api.openai.com/v1, weight 1, model passed through\n");
        assertThatThrownBy(() -> ConfigExplainer.explain(config(), "claude")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no model group serves 'claude'");
    }
}
