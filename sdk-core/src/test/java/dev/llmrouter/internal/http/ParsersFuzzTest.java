package dev.llmrouter.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.config.ConfigLoader;
import dev.llmrouter.config.LoadResult;
import dev.llmrouter.internal.config.Location;
import dev.llmrouter.internal.config.bind.Interpolator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import okhttp3.Headers;
import okio.Buffer;

/**
 * Issue 15, reliability suite: the parsers that read what servers and users write (SSE, NDJSON,
 * error envelopes, the YAML loader and the variable interpolator) end every input in a result or a
 * typed exception, in bounded time. A short run (jqwik's default of 1,000 tries a property) runs
 * with every build; the long run is the same properties with more tries:
 * {@code ./mvnw -pl sdk-core test -Dtest=ParsersFuzzTest -Djqwik.tries.default=1000000}.
 */
@Tag("unit")
class ParsersFuzzTest {
    private static final int MAX_LINE = 256;

    @Provide
    Arbitrary<String> streamText() {
        // mostly the characters that matter to the grammars, so the runs reach deep into them
        Arbitrary<String> grammar = Arbitraries.strings().withChars("data:event:id: \n\r{}[]\",0123:[DONE]\\u00e9")
                .ofMaxLength(600);
        Arbitrary<String> json = Arbitraries.of("data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\n\n",
                "{\"message\":{\"content\":\"y\"},\"done\":false}\n", "data: [DONE]\n\n", "event: error\ndata: {\"error\":{}}\n\n",
                ": keep-alive\n\n", "{\"done\":true}\n", "data: {\"error\":{\"message\":\"boom\",\"type\":1}}\n\n")
                .list().ofMaxSize(8).map(l -> String.join("", l));
        return Arbitraries.oneOf(grammar, json, Arbitraries.strings().ofMaxLength(300));
    }

    private static LineSource lines(byte[] bytes) {
        return LineSource.of(new LineReader(new Buffer().write(bytes), MAX_LINE, "p"), "p");
    }

    @Property
    void sseEndsInEventsOrATypedException(@ForAll("streamText") String text) {
        SseReader r = new SseReader(lines(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), 1024, "p");
        int events = 0;
        try {
            while (r.next() != null) {
                assertThat(++events).isLessThanOrEqualTo(text.length() + 1);
            }
        } catch (LlmRouterException expected) {
            // typed: the only failure allowed
        }
    }

    @Property
    void sseOfArbitraryBytesEndsInEventsOrATypedException(@ForAll @Size(max = 400) byte[] bytes) {
        SseReader r = new SseReader(lines(bytes), 1024, "p");
        try {
            while (r.next() != null) {
                // drain
            }
        } catch (LlmRouterException expected) {
            // typed
        }
    }

    /** Every event as name and data, then how it ended; decoding in place where {@code decoder} agrees. */
    private static List<String> events(byte[] bytes, int step, SseReader.DataDecoder<String> decoder) {
        SseReader r = new SseReader(LineSource.of(new LineReader(TrickleSource.of(bytes, step), MAX_LINE, "p"), "p"), 1024, "p");
        List<String> out = new ArrayList<>();
        try {
            while (true) {
                String decoded = decoder == null ? null : r.nextDecoded(decoder);
                if (decoded != null) {
                    out.add(r.event() + "|" + decoded);
                    continue;
                }
                SseEvent e = r.next();
                if (e == null) {
                    out.add("end");
                    return out;
                }
                out.add(e.event() + "|" + e.data());
            }
        } catch (LlmRouterException e) {
            out.add(e.getClass().getSimpleName() + ": " + e.getMessage());
            return out;
        }
    }

    @Property
    void theInPlacePathReadsTheSameEvents(@ForAll("streamText") String text, @ForAll @Size(max = 400) byte[] bytes,
                                          @ForAll @IntRange(min = 1, max = 9) int step) {
        // decoded as text, except when the data's hash says no: both outcomes of the fast path get exercised
        SseReader.DataDecoder<String> decoder = (b, from, to) -> {
            String d = new String(b, from, to - from, StandardCharsets.UTF_8);
            return d.hashCode() % 3 == 0 ? null : d;
        };
        for (byte[] input : List.of(text.getBytes(StandardCharsets.UTF_8), bytes)) {
            assertThat(events(input, step, decoder)).isEqualTo(events(input, step, null));
        }
    }

    @Property
    void ndjsonEndsInRecordsOrATypedException(@ForAll("streamText") String text) {
        NdjsonReader r = new NdjsonReader(lines(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "p");
        try {
            while (r.next() != null) {
                // drain
            }
        } catch (LlmRouterException expected) {
            // typed
        }
    }

    @Property
    void errorEnvelopesAlwaysParseToAProviderError(@ForAll("streamText") String body, @ForAll("statuses") int status) {
        assertThat(ErrorParser.parse(status, Headers.of(), body, Instant.EPOCH, Redactor.NONE)).isNotNull();
    }

    @Provide
    Arbitrary<Integer> statuses() {
        return Arbitraries.of(200, 400, 401, 403, 404, 408, 413, 422, 429, 500, 502, 503, 504, 529);
    }

    @Provide
    Arbitrary<String> yamlText() {
        Arbitrary<String> grammar = Arbitraries.strings().withChars("providers:models:deployments- \n\t&*!<>{}[]'\"|#%@${}:-ab1")
                .ofMaxLength(500);
        Arbitrary<String> shaped = Arbitraries.of("providers:\n", "  p:\n", "    type: mock\n", "    type: openai\n",
                "models:\n", "  g:\n", "    deployments:\n", "      - {provider: p, model: m}\n", "router_settings:\n",
                "  num_retries: ${N:-2}\n", "  timeouts: {attempt: 5s}\n", "x: &a [1, *a]\n", "  - *a\n", "<<: *b\n",
                "redis:\n  url: redis://h:1/0\n", "    api_key: \"${K}\"\n", "!!str k: v\n", "\t\n")
                .list().ofMaxSize(14).map(l -> String.join("", l));
        return Arbitraries.oneOf(grammar, shaped);
    }

    @Property
    void theYamlLoaderReportsProblemsAndNeverThrows(@ForAll("yamlText") String yaml) {
        LoadResult r = ConfigLoader.readString(yaml, "fuzz.yaml", Map.of("K", "v", "N", "3")::get);
        assertThat(r.hasErrors() || r.config().isPresent()).isTrue();
    }

    @Property
    void theInterpolatorNeverThrows(@ForAll("yamlText") String raw) {
        Interpolator i = new Interpolator(Map.of("K", "v")::get);
        assertThat(i.expand(raw, new Location("f", 1, 1), m -> { }, m -> { })).isNotNull();
    }
}
