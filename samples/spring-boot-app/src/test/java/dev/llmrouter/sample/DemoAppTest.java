package dev.llmrouter.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The sample app in its demo profile, started on a random port and called over real HTTP. */
@Tag("integration")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
class DemoAppTest {
    private static final JsonMapper JSON = JsonMapper.shared();
    private final HttpClient http = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    int port;

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postChat(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/chat"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void chatFallsBackFirstThenAnswersLocallyAndShowsUpInHealthAndMetrics() throws Exception {
        HttpResponse<String> first = postChat("{\"prompt\":\"hi\"}");
        assertThat(first.statusCode()).isEqualTo(200);
        JsonNode a = JSON.readTree(first.body());
        assertThat(a.get("text").asString()).startsWith("Hello from the cloud fallback.");
        assertThat(a.get("route").get("group").asString()).isEqualTo("llama3.1");
        assertThat(a.get("route").get("deployment").asString()).isEqualTo("cloud-chat/cloud/deepseek-chat#0");
        assertThat(a.get("route").get("fallbacks").get(0).asString()).isEqualTo("cloud-chat");
        assertThat(a.get("route").get("attempts").asInt()).isEqualTo(2);
        assertThat(a.get("usage").get("totalTokens").asLong()).isEqualTo(45);

        JsonNode b = JSON.readTree(postChat("{\"prompt\":\"hi again\",\"model\":\"default\"}").body());
        assertThat(b.get("text").asString()).startsWith("Hello from the local GPU box!");
        assertThat(b.get("route").get("deployment").asString()).isEqualTo("llama3.1/gpu-box/llama3.1:8b#0");

        JsonNode health = JSON.readTree(get("/actuator/health").body());
        JsonNode router = health.get("components").get("llmrouter");
        assertThat(router.get("status").asString()).isEqualTo("UP");
        assertThat(router.get("details").get("models").get("llama3.1").get("deployments")
                .get("llama3.1/gpu-box/llama3.1:8b#0").get("circuit").asString()).isEqualTo("CLOSED");
        assertThat(router.get("details").get("providers").get("cloud").get("type").asString()).isEqualTo("mock");

        HttpResponse<String> metric = get("/actuator/metrics/gen_ai.client.operation.duration?tag=gen_ai.provider.name:mock");
        assertThat(metric.statusCode()).isEqualTo(200);
        JsonNode count = JSON.readTree(metric.body()).get("measurements").get(0);
        assertThat(count.get("statistic").asString()).isEqualTo("COUNT");
        assertThat(count.get("value").asDouble()).isEqualTo(3.0);
        assertThat(get("/actuator/metrics/gen_ai.client.token.usage").statusCode()).isEqualTo(200);
    }

    @Test
    void streamSendsOneEventPerChunkThenAFinalEventWithUsageAndRoute() throws Exception {
        HttpResponse<String> r = get("/chat/stream?prompt=hello&model=cloud-chat");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        List<String> names = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        JsonNode done = null;
        String event = null;
        for (String line : r.body().split("\n")) {
            if (line.startsWith("event:")) {
                event = line.substring(6).trim();
                names.add(event);
            } else if (line.startsWith("data:")) {
                JsonNode data = JSON.readTree(line.substring(5));
                if ("chunk".equals(event)) {
                    text.append(data.get("text").asString());
                } else if ("done".equals(event)) {
                    done = data;
                }
            }
        }
        assertThat(names).hasSizeGreaterThan(2).last().isEqualTo("done");
        assertThat(names.subList(0, names.size() - 1)).containsOnly("chunk");
        assertThat(text.toString()).isEqualTo(
                "Hello from the cloud fallback. The local model could not answer this one, so llmrouter sent it here.");
        assertThat(done.get("finishReason").asString()).isEqualTo("STOP");
        assertThat(done.get("usage").get("completionTokens").asLong()).isEqualTo(21);
        assertThat(done.get("route").get("deployment").asString()).isEqualTo("cloud-chat/cloud/deepseek-chat#0");
    }

    @Test
    void modelsListsTheGroups() throws Exception {
        assertThat(JSON.readTree(get("/models").body()).get("models").toString()).isEqualTo("[\"llama3.1\",\"cloud-chat\"]");
    }

    @Test
    void anUnknownModelIsA404ProblemWithItsFailureKind() throws Exception {
        HttpResponse<String> r = postChat("{\"prompt\":\"hi\",\"model\":\"nope\"}");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(r.body()).get("failureKind").asString()).isNotBlank();
    }
}
