/**
 * Shared state in Redis ({@code state: redis://...}): found by the gateway through {@link java.util.ServiceLoader}
 * as a {@link dev.aiproxy.routing.state.SharedStateFactory}, so nothing else needs to name it.
 */
// lettuce-core ships no module-info; its jar names itself with Automatic-Module-Name, which is stable
@SuppressWarnings("requires-automatic")
module dev.aiproxy.redis {
    requires transitive dev.aiproxy.routing;
    requires lettuce.core;
    requires com.fasterxml.jackson.databind;

    exports dev.aiproxy.redis;

    provides dev.aiproxy.routing.state.SharedStateFactory with dev.aiproxy.redis.RedisSharedStateFactory;
}
