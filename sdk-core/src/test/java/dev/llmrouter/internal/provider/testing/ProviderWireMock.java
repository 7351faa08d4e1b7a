package dev.llmrouter.internal.provider.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import dev.llmrouter.internal.provider.ProviderResources;

/**
 * The WireMock set-up of the transport and adapter contract tests: one server per test class on a
 * dynamic port, reset before each test, and fresh {@link ProviderResources} for each test, closed
 * after it, so no pooled connection or timer task leaks from one test into the next. Register it
 * as a static field:
 *
 * <pre>{@code @RegisterExtension static final ProviderWireMock WM = ProviderWireMock.create();}</pre>
 *
 * <p>Stubbing and verifying go through the inherited {@code stubFor}, {@code verify},
 * {@code baseUrl}. Not for parallel test execution within one class.
 */
public final class ProviderWireMock extends WireMockExtension {
    private ProviderResources resources;

    private ProviderWireMock(WireMockConfiguration options) {
        super(WireMockExtension.extensionOptions().options(options));
    }

    /** A server with WireMock's defaults (it gzips answers when the client accepts gzip, as OkHttp does). */
    public static ProviderWireMock create() {
        return new ProviderWireMock(wireMockConfig().dynamicPort());
    }

    /**
     * A server that never gzips, like Ollama; gzip would also hold back the pieces of a dribbled
     * body until enough arrived to inflate.
     */
    public static ProviderWireMock withoutGzip() {
        return new ProviderWireMock(wireMockConfig().dynamicPort().gzipDisabled(true));
    }

    /** The current test's resources (an OkHttp client, a deadline timer, the system clock). */
    public ProviderResources resources() {
        if (resources == null) {
            throw new IllegalStateException("ProviderWireMock resources exist only while a test runs");
        }
        return resources;
    }

    @Override
    protected void onBeforeEach(WireMockRuntimeInfo info) {
        resources = ProviderResources.create();
    }

    @Override
    protected void onAfterEach(WireMockRuntimeInfo info) {
        resources.close();
        resources = null;
    }
}
