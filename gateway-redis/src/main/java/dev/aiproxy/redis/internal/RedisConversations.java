package dev.aiproxy.redis.internal;

import dev.aiproxy.api.model.Message;
import dev.aiproxy.routing.state.ConversationStore;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Responses conversations kept in Redis ({@code gw:response:<id>}, JSON, expiring after {@code keptFor}), so that a
 * {@code previous_response_id} answered by one instance continues on another; also kept in the instance's own
 * bounded memory, which answers first (a client that stays on one instance costs no round trip) and alone while
 * Redis is away (a conversation begun elsewhere is then not found: 400, as for one forgotten). Writes go off the
 * request path; a lookup waits at most the timeout. Thread-safe.
 */
final class RedisConversations implements ConversationStore {

    /** What Redis keeps per response: who made it, its conversation, and the response object shown. */
    record Kept(String owner, List<Message> messages, byte[] object) {
    }

    private final BoundedRedis redis;
    private final ConversationStore local;
    private final Duration keptFor;

    RedisConversations(BoundedRedis redis, ConversationStore local, Duration keptFor) {
        this.redis = redis;
        this.local = local;
        this.keptFor = keptFor;
    }

    @Override
    public Optional<List<Message>> find(String responseId, String client) {
        Optional<List<Message>> here = local.find(responseId, client);
        return here.isPresent() ? here : shared(responseId, client).map(Kept::messages);
    }

    @Override
    public Optional<byte[]> object(String responseId, String client) {
        Optional<byte[]> here = local.object(responseId, client);
        return here.isPresent() ? here : shared(responseId, client).map(Kept::object);
    }

    @Override
    public boolean delete(String responseId, String client) {
        boolean here = local.delete(responseId, client);
        boolean there = shared(responseId, client).isPresent();
        if (there) {
            redis.send("response deleted", c -> c.del(key(responseId)));
        }
        return here || there;
    }

    @Override
    public boolean store(String responseId, List<Message> conversation, byte[] object, String client,
            long maxBytes) {
        if (!local.store(responseId, conversation, object, client, maxBytes)) {
            return false;
        }
        String json = StateJson.write(new Kept(client, conversation, object));
        redis.send("response kept", c -> c.set(key(responseId), json, SetArgs.Builder.px(keptFor)));
        return true;
    }

    /** The entry Redis keeps, when {@code client} made it; empty when Redis does not answer in time. */
    private Optional<Kept> shared(String responseId, String client) {
        return StateJson.get(redis, "response lookup", key(responseId), Kept.class)
                .filter(kept -> kept.owner().equals(client));
    }

    private static String key(String responseId) {
        return "gw:response:" + responseId;
    }
}
