/**
 * llmrouter core: the router, its configuration, the provider adapters and in-process state.
 *
 * <p>Exports the API packages ({@code dev.llmrouter}, {@code .api}, {@code .config}, {@code
 * .config.litellm}) and the SPI packages ({@code dev.llmrouter.spi.*}). The {@code internal}
 * packages are exported to no one, except {@code internal.cache} to llmrouter-redis alone (the one
 * JSON form of response-cache entries, so both caches key and store alike). On the class path the
 * same rule holds by convention (see docs/api-stability.md).
 */
// okhttp3 is an automatic module (its jar names itself through Automatic-Module-Name); it is
// transitive because LlmRouter.Builder#httpClient takes an OkHttpClient
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.llmrouter.core {
    requires transitive okhttp3;
    requires tools.jackson.databind;
    requires com.github.benmanes.caffeine;
    requires org.yaml.snakeyaml;
    requires org.slf4j;

    exports dev.llmrouter;
    exports dev.llmrouter.api;
    exports dev.llmrouter.config;
    exports dev.llmrouter.config.litellm;
    exports dev.llmrouter.spi.event;
    exports dev.llmrouter.spi.provider;
    exports dev.llmrouter.spi.routing;
    exports dev.llmrouter.spi.state;
    // the cache entries' JSON form: llmrouter-redis must write exactly what the core keys on
    exports dev.llmrouter.internal.cache to dev.llmrouter.redis;

    // llmrouter-redis (or another store) plugs in through SharedStates' ServiceLoader look-up
    uses dev.llmrouter.spi.state.StateStoreProvider;
}
