package dev.llmrouter.internal.http;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * Stops a re-send OkHttp makes by itself although {@code retryOnConnectionFailure} is off (issue 15,
 * defect 5: every request a server receives must be an attempt the router counted): a {@code 503}
 * answered with {@code Retry-After: 0} is sent again at once by OkHttp's follow-up logic, which reads
 * the header as whole seconds. A network interceptor rewrites that value to {@code 0.0}: the same
 * hint for the router ({@link ResponseHeaders#retryAfter} reads decimal seconds), which retries or
 * not as it decides, and no longer a follow-up for OkHttp. Redirects are not this class's concern:
 * the client that sends attempts does not follow them at all ({@code followRedirects(false)}; a
 * redirect is a configuration error, {@link HttpTransport#errorFor}). Stateless and thread-safe.
 */
public final class NoHiddenResends {
    private NoHiddenResends() {
    }

    /** Adds the interceptor to {@code builder}, as a network interceptor. */
    public static OkHttpClient.Builder install(OkHttpClient.Builder builder) {
        return builder.addNetworkInterceptor(NoHiddenResends::intercept);
    }

    private static Response intercept(Interceptor.Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        if (response.code() != 503) {
            return response;
        }
        String retryAfter = response.header("Retry-After");
        if (retryAfter == null || retryAfter.isEmpty() || !retryAfter.chars().allMatch(c -> c == '0')) {
            return response;
        }
        return response.newBuilder().header("Retry-After", "0.0").build();
    }
}
