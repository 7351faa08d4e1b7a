package dev.llmrouter.cli.output;

import dev.llmrouter.api.AttemptRecord;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.Route;
import dev.llmrouter.api.Usage;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;

/**
 * The one JSON object {@code chat --prompt ... --json} prints. Its fields are fixed because
 * scripts read them: {@code text}, {@code model}, {@code deployment}, {@code provider},
 * {@code attempts} ({@code deployment}, {@code outcome}, {@code status}, {@code latency_ms}),
 * {@code fallbacks}, {@code usage} ({@code prompt_tokens}, {@code completion_tokens},
 * {@code total_tokens}) and {@code latency_ms}. Stateless and thread-safe.
 */
public final class JsonReport {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private JsonReport() {
    }

    /**
     * The answer as one line of JSON.
     *
     * @param response the answer
     * @param latency the time from sending the request to the whole answer
     */
    public static String of(ChatResponse response, Duration latency) {
        Route route = response.route();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("text", response.text());
        root.put("model", answeringModel(response));
        putNullable(root, "deployment", route.deploymentId());
        putNullable(root, "provider", route.provider());
        ArrayNode attempts = root.putArray("attempts");
        for (AttemptRecord a : route.attempts()) {
            ObjectNode n = attempts.addObject();
            n.put("deployment", a.deploymentId());
            n.put("outcome", a.outcome().wireName());
            n.put("status", a.httpStatus());
            n.put("latency_ms", a.latency().toMillis());
        }
        ArrayNode fallbacks = root.putArray("fallbacks");
        route.fallbackGroups().forEach(fallbacks::add);
        Usage u = response.usage();
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", u.promptTokens());
        usage.put("completion_tokens", u.completionTokens());
        usage.put("total_tokens", u.totalTokens());
        root.put("latency_ms", latency.toMillis());
        return MAPPER.writeValueAsString(root);
    }

    /** The model that answered: the deployment's provider-side name, else what the server reported. */
    static String answeringModel(ChatResponse response) {
        String m = response.route().providerModel();
        return m != null && !m.isEmpty() ? m : response.model();
    }

    private static void putNullable(ObjectNode node, String field, String value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }
}
