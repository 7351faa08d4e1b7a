/**
 * llmrouter-redis: router state (circuits, rate limits, admission, cooldowns) shared through Redis
 * by every JVM of a deployment.
 *
 * <p>Exports {@code dev.llmrouter.redis} and provides the {@code redis:} section's {@link
 * dev.llmrouter.spi.state.StateStoreProvider}, which llmrouter-core finds through {@link
 * java.util.ServiceLoader} on the module path as on the class path.
 */
// redis.clients.jedis is an automatic module (Automatic-Module-Name in its jar); it is transitive
// because RedisStateStore and RedisAdmissionControl take a UnifiedJedis
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.llmrouter.redis {
    requires transitive dev.llmrouter.core;
    requires transitive redis.clients.jedis;
    requires dev.failsafe.core;
    requires org.slf4j;

    exports dev.llmrouter.redis;

    provides dev.llmrouter.spi.state.StateStoreProvider with dev.llmrouter.redis.RedisStateProvider;
}
