package dev.aiproxy.routing.internal.cache;

import dev.aiproxy.api.error.GatewayException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.spi.Operation;
import dev.aiproxy.routing.GatewayResponse;
import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.cache.ResponseCache;
import dev.aiproxy.routing.config.CacheSettings;
import dev.aiproxy.routing.internal.chain.Pipeline;
import dev.aiproxy.routing.internal.chain.Tally;
import dev.aiproxy.routing.internal.route.Globs;
import dev.aiproxy.routing.pipeline.Answer;
import dev.aiproxy.routing.pipeline.Call;
import dev.aiproxy.routing.pipeline.Interceptor;
import dev.aiproxy.translate.Codecs;
import dev.aiproxy.translate.FormatCodec;
import dev.aiproxy.translate.StreamEncoder;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The response cache as a step of the chain: for a request the config opts in ({@code cache.models},
 * {@code cache.clients}), replays a stored answer for the same {@link CacheKeys key} without calling an upstream, or
 * stores the answer the rest of the chain gets. A stored answer is canonical, so it replays in the client's own format,
 * whole or as a stream, whichever format and delivery stored it. Answers carry {@value #HEADER}: {@code hit} or
 * {@code miss}. A client's {@code Cache-Control: no-cache} skips the lookup (the fresh answer is stored);
 * {@code no-store} skips both. Only a whole, successful answer is stored, never an error: a JSON answer when it
 * returns, a stream in a client's format once it has ended whole (copied aside as it goes to the client, up to {@code
 * cache.max-bytes}), never one cut short. A typed stream is not stored. A hit is marked on the request's record,
 * which then costs zero. Thread-safe.
 */
public final class CacheStep implements Interceptor {
    /** The response header that says whether the cache answered. */
    public static final String HEADER = "X-Gateway-Cache";
    private static final System.Logger LOG = System.getLogger(CacheStep.class.getName());
    /** The header naming the model that answered, as the exchange's answers carry it. */
    private static final String MODEL_HEADER = "X-Gateway-Model";

    private final Function<CacheSettings, ResponseCache> caches;
    private final AtomicReference<Sized> current = new AtomicReference<>();

    /** The store built for one config's settings; a reload with other settings builds a new, empty one. */
    private record Sized(CacheSettings settings, ResponseCache cache) {
    }

    /** What a cacheable request is looked up by. */
    private record Lookup(String key, ChatRequest request) {
    }

    /** @param caches the store for a config's settings, built again only when the settings change */
    public CacheStep(Function<CacheSettings, ResponseCache> caches) {
        this.caches = caches;
    }

    @Override
    public Answer intercept(Chain chain) {
        Call call = chain.call();
        CacheSettings settings = call.config().cache();
        if (call.operation() != Operation.GENERATE || !appliesTo(settings, call)) {
            return chain.proceed(call);
        }
        Optional<Lookup> lookup = lookup(call);
        if (lookup.isEmpty()) {
            return chain.proceed(call);
        }
        ResponseCache cache = cache(settings);
        String directives = cacheControl(call);
        boolean noStore = directives.contains("no-store");
        if (!noStore && !directives.contains("no-cache")) {
            Optional<ChatResponse> stored = cache.find(lookup.get().key());
            if (stored.isPresent()) {
                LOG.log(System.Logger.Level.DEBUG, () -> call + " answered from the response cache");
                return replay(call, lookup.get().request(), stored.get(), Pipeline.tallyOf(chain));
            }
        }
        String key = lookup.get().key();
        Consumer<ChatResponse> storing = whole -> {
            if (ReplayedEvents.replayable(whole)) {
                cache.store(key, whole);
            }
        };
        // a stream is stored once it has ended whole, which its record tells; register before the answer can end
        AtomicBoolean endedWhole = new AtomicBoolean();
        if (!noStore && call.stream() && call.format() != null) {
            chain.onEnd(record -> endedWhole.set(record.outcome() == UsageRecord.Outcome.COMPLETED));
        }
        Answer answer = chain.proceed(call);
        if (!noStore) {
            answer = stored(call, answer, endedWhole::get, storing);
        }
        return answer.withHeaders(Map.of(HEADER, "miss"));
    }

    /**
     * Stores a whole answer now, or, for a stream in a client's format, once it has ended whole (the answer returned
     * then copies the stream aside as it is written).
     */
    private static Answer stored(Call call, Answer answer, BooleanSupplier endedWhole,
            Consumer<ChatResponse> storing) {
        if (answer instanceof Answer.Wire wire && wire.status() == 200
                && wire.response().body() instanceof GatewayResponse.Streamed streamed) {
            GatewayResponse response = wire.response();
            int maxBytes = (int) Math.min(Integer.MAX_VALUE - 8, Math.min(call.config().cache().maxBytes(),
                    call.config().limits().maxResponseBodyBytes()));
            return new Answer.Wire(new GatewayResponse(response.status(), response.headers(),
                    new StoringStreamBody(streamed, Codecs.of(call.format()), maxBytes, endedWhole, storing)));
        }
        answered(call, answer).ifPresent(storing);
        return answer;
    }

    private static boolean appliesTo(CacheSettings settings, Call call) {
        if (!settings.enabled()) {
            return false;
        }
        if (settings.clients().contains(call.client().name())) {
            return true;
        }
        for (String glob : settings.models()) {
            if (Globs.matches(glob, call.model())) {
                return true;
            }
        }
        return false;
    }

    /** The request's key, or empty when it cannot be cached (it does not decode, route, or depends on kept state). */
    private static Optional<Lookup> lookup(Call call) {
        try {
            ChatRequest request = call.request() != null ? call.request()
                    : Codecs.of(call.format()).decodeRequest(call.body());
            return CacheKeys.of(request, call.route()).map(key -> new Lookup(key, request));
        } catch (GatewayException e) {
            // the rest of the chain answers this request as it would without a cache, with the same error
            LOG.log(System.Logger.Level.DEBUG, () -> call + " is not cached: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static String cacheControl(Call call) {
        String value = call.context().headers().first("Cache-Control");
        return value == null ? "" : value.toLowerCase(Locale.ROOT);
    }

    private ResponseCache cache(CacheSettings settings) {
        Sized sized = current.get();
        if (sized == null || !sized.settings().equals(settings)) {
            Sized fresh = new Sized(settings, caches.apply(settings));
            // two requests racing after a reload may both build one; the one that lands is used from then on
            sized = current.compareAndSet(sized, fresh) ? fresh : current.get();
        }
        return sized.cache();
    }

    /** The stored answer in the kind of answer the call asked for. */
    private static Answer replay(Call call, ChatRequest request, ChatResponse stored, Tally tally) {
        tally.cacheHit();
        ChatResponse shown = stored.withModel(call.model());
        if (call.format() == null) {
            if (call.stream()) {
                return new Answer.Streaming(new ReplayedChatStream(ReplayedEvents.of(shown), tally));
            }
            tally.completed(200, null);
            return new Answer.Whole(shown);
        }
        FormatCodec codec = Codecs.of(call.format());
        Map<String, String> headers = new LinkedHashMap<>(4);
        headers.put(MODEL_HEADER, call.model());
        headers.put(HEADER, "hit");
        if (call.stream()) {
            StreamEncoder encoder = codec.newStreamEncoder(request, call.config().limits().maxResponseBodyBytes());
            headers.put("Content-Type", encoder.contentType());
            headers.put("Cache-Control", "no-cache");
            return new Answer.Wire(new GatewayResponse(200, headers,
                    new ReplayedStreamBody(ReplayedEvents.of(shown), encoder, tally)));
        }
        headers.put("Content-Type", codec.jsonContentType());
        return new Answer.Wire(new GatewayResponse(200, headers,
                new GatewayResponse.Bytes(codec.encodeResponse(shown, request))));
    }

    /** The whole, successful answer the chain got, in canonical form; empty for an error or a stream. */
    private static Optional<ChatResponse> answered(Call call, Answer answer) {
        return switch (answer) {
            case Answer.Whole whole -> Optional.of(whole.response());
            case Answer.Streaming streaming -> Optional.empty();
            case Answer.Wire wire -> {
                GatewayResponse response = wire.response();
                if (response.status() != 200 || !(response.body() instanceof GatewayResponse.Bytes bytes)) {
                    yield Optional.empty();
                }
                try {
                    yield Optional.of(Codecs.of(call.format()).decodeResponse(bytes.data()));
                } catch (GatewayException e) {
                    // an answer the client's own codec cannot read is relayed all the same, just not stored
                    LOG.log(System.Logger.Level.DEBUG, () -> call + " answer not cached: " + e.getMessage());
                    yield Optional.empty();
                }
            }
        };
    }
}
