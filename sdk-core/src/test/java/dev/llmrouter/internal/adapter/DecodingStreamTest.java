package dev.llmrouter.internal.adapter;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.llmrouter.internal.provider.testing.AdapterCalls.streamCtx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.RequestCancelledException;
import dev.llmrouter.api.StreamBrokenException;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.internal.http.HttpStream;
import dev.llmrouter.internal.http.HttpTransport;
import dev.llmrouter.internal.http.NdjsonReader;
import dev.llmrouter.internal.http.StreamFormat;
import dev.llmrouter.spi.provider.ProviderType;
import dev.llmrouter.internal.provider.testing.ProviderWireMock;
import okhttp3.ConnectionPool;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** The lifecycle every adapter stream inherits, over a real HTTP stream: ends, failures, closing. */
@Tag("contract")
class DecodingStreamTest {
    @RegisterExtension
    static final ProviderWireMock WM = ProviderWireMock.create();

    /** A toy format: {@code {"t":...}} lines are text, {@code {"end":true}} is the last record, {@code {"bad":true}} fails. */
    private static final class ToyStream extends DecodingStream {
        private final NdjsonReader lines;
        private boolean endSeen;

        ToyStream(HttpStream http) {
            super(http);
            this.lines = new NdjsonReader(http, http.provider());
        }

        @Override
        protected ChatChunk decodeNext() {
            JsonNode line = lines.next();
            if (line == null) {
                if (!endSeen) {
                    throw broken("the toy stream ended before its end line");
                }
                return null;
            }
            if (line.has("bad")) {
                throw WireJson.invalidRequest(http().provider(), "a bad line");
            }
            endSeen = line.has("end");
            return endSeen ? decodeNext() : ChatChunk.ofText(line.get("t").asString());
        }
    }

    private ToyStream open(String... lines) {
        WM.stubFor(get(urlEqualTo("/s")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-ndjson")
                .withHeader("x-request-id", "req-toy").withBody(String.join("\n", lines) + "\n")));
        ProviderConfig config = ProviderConfig.builder("toy", ProviderType.OPENAI_COMPATIBLE).baseUrl(WM.baseUrl()).build();
        HttpTransport http = new HttpTransport(config, WM.resources());
        return new ToyStream(http.openStream(http.request(WM.url("/s")).get().build(), streamCtx(), StreamFormat.NDJSON));
    }

    private int connectionsInUse() {
        ConnectionPool pool = WM.resources().http().connectionPool();
        return pool.connectionCount() - pool.idleConnectionCount();
    }

    @Test
    void aCleanEndReturnsTheConnectionToThePoolAndStaysEnded() {
        ToyStream s = open("{\"t\":\"a\"}", "{\"t\":\"b\"}", "{\"end\":true}");

        assertThat(s.providerRequestId()).contains("req-toy");
        assertThat(s.next().text()).isEqualTo("a");
        assertThat(s.next().text()).isEqualTo("b");
        assertThat(s.next()).isNull();
        assertThat(connectionsInUse()).isZero();
        assertThat(WM.resources().http().connectionPool().idleConnectionCount()).as("a fully read connection is reused").isEqualTo(1);
        assertThat(s.next()).as("an ended stream stays ended").isNull();
        s.close();
        assertThat(s.next()).isNull();
    }

    @Test
    void anEndBeforeTheLastRecordIsBrokenAndKeepsFailing() {
        ToyStream s = open("{\"t\":\"a\"}");

        assertThat(s.next().text()).isEqualTo("a");
        StreamBrokenException broken = (StreamBrokenException) catchThrowable(s::next);
        assertThat(broken).hasMessageContaining("the toy stream ended before its end line");
        assertThat(broken.provider()).isEqualTo("toy");
        assertThat(broken.error().status()).isEqualTo(200);
        assertThat(broken.error().requestId()).isEqualTo("req-toy");
        assertThatThrownBy(s::next).as("a failed stream never looks like a clean end").isSameAs(broken);
        assertThat(connectionsInUse()).isZero();
    }

    @Test
    void aDecodingFailureClosesTheHttpStreamAndIsRethrownOnEveryCall() {
        ToyStream s = open("{\"t\":\"a\"}", "{\"bad\":true}", "{\"t\":\"b\"}", "{\"end\":true}");

        assertThat(s.next().text()).isEqualTo("a");
        Throwable failure = catchThrowable(s::next);
        assertThat(failure).isInstanceOf(InvalidRequestException.class).hasMessageContaining("a bad line");
        assertThatThrownBy(s::next).isSameAs(failure);
        assertThat(connectionsInUse()).as("the connection is freed").isZero();
    }

    @Test
    void closingBeforeTheEndAbortsTheCallAndLaterReadsFail() {
        ToyStream s = open("{\"t\":\"a\"}", "{\"t\":\"b\"}", "{\"end\":true}");

        assertThat(s.next().text()).isEqualTo("a");
        s.close();
        s.close();
        assertThat(connectionsInUse()).isZero();
        assertThatThrownBy(s::next).isInstanceOf(RequestCancelledException.class).hasMessageContaining("closed");
    }
}
