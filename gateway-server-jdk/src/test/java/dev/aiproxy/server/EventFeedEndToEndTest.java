package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.aiproxy.server.FormatUpstreams.CHAT;
import static dev.aiproxy.server.FormatUpstreams.GPT;
import static dev.aiproxy.server.FormatUpstreams.answer;
import static dev.aiproxy.server.FormatUpstreams.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.aiproxy.routing.ConfigFileWatcher;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.server.feed.EventFeed;
import dev.aiproxy.routing.config.ConfigLoader;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.config.LoadedConfig;
import dev.aiproxy.routing.config.Resilience;
import dev.aiproxy.translate.testing.Await;
import dev.aiproxy.translate.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The live event feed at /v0/management/events, subscribed to over HTTP while the official SDK makes requests. */
class EventFeedEndToEndTest {
    private static final String SECRET = "gw-management-secret-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path dir;

    private Gateway gateway;
    private GatewayServer server;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private void start(GatewayConfig config, int feedCapacity, int feedRequestsPerSecond) {
        gateway = Gateway.create(config.toBuilder().managementSecret(SECRET).build());
        server = GatewayServer.start(gateway, feedCapacity, feedRequestsPerSecond);
    }

    private void start() {
        answer(upstream, CHAT, json(200, Fixtures.bytes("openai/chat-completion.json")));
        start(FormatUpstreams.config(upstream.baseUrl()), EventFeed.DEFAULT_CAPACITY, EventFeed.REQUESTS_PER_SECOND);
    }

    private String events(String query) {
        return server.baseUrl() + "/v0/management/events" + query;
    }

    private FeedClient subscribe(String... headers) throws Exception {
        String[] all = new String[headers.length + 2];
        all[0] = "X-Management-Key";
        all[1] = SECRET;
        System.arraycopy(headers, 0, all, 2, headers.length);
        FeedClient feed = FeedClient.open(events(""), all);
        closing.add(feed);
        assertThat(feed.status()).isEqualTo(200);
        return feed.awaitConnected();
    }

    private OpenAIClient openAi() {
        return OpenAIOkHttpClient.builder().baseUrl(server.baseUrl() + "/v1").apiKey(FormatUpstreams.CLIENT_KEY)
                .maxRetries(0).build();
    }

    /** Makes a chat request with the SDK; returns its x-request-id. */
    private static String chat(OpenAIClient openAi) {
        var completion = openAi.chat().completions().withRawResponse()
                .create(ChatCompletionCreateParams.builder().model(GPT).addUserMessage("Hi").build());
        completion.parse();
        return completion.requestId().orElseThrow();
    }

    private static boolean requestWithId(FeedClient.Event e, String id) {
        return e.name().equals("request") && e.data().path("id").asText().equals(id);
    }

    @Test
    void aRequestsEventArrivesWithin100MillisecondsOfItsEnd() throws Exception {
        start();
        FeedClient feed = subscribe();
        OpenAIClient openAi = openAi();
        chat(openAi); // the first request loads the SDK's and the gateway's classes

        String id = chat(openAi);
        long returned = System.nanoTime();
        FeedClient.Event event = feed.next(e -> requestWithId(e, id), WAIT);

        assertThat(TimeUnit.NANOSECONDS.toMillis(event.receivedNanos() - returned)).isLessThan(100);
        assertThat(Long.parseLong(event.id())).isPositive();
        JsonNode data = event.data();
        assertThat(data.path("model").asText()).isEqualTo(GPT);
        assertThat(data.path("client").asText()).isEqualTo("api-keys#0");
        assertThat(data.path("status").asInt()).isEqualTo(200);
        assertThat(data.path("outcome").asText()).isEqualTo("completed");
        assertThat(data.path("endpoint").asText()).isEqualTo("/v1/chat/completions");
        assertThat(data.path("served").path("provider").asText()).isEqualTo("openai");
        assertThat(data.path("served").path("upstream_model").asText()).isEqualTo(FormatUpstreams.GPT_UPSTREAM);
        assertThat(data.path("tokens").path("input").asLong()).isEqualTo(19);
        assertThat(data.path("tokens").path("output").asLong()).isEqualTo(10);
        assertThat(data.path("cost_usd").decimalValue()).isPositive();
        assertThat(data.path("duration_ms").asDouble()).isPositive();
    }

    @Test
    void statsComeEverySecondWithTheRequestsTheirLatencyTokensAndCost() throws Exception {
        start();
        FeedClient feed = subscribe();
        OpenAIClient openAi = openAi();
        FeedClient.Event before = feed.next("stats", WAIT);

        for (int i = 0; i < 3; i++) {
            chat(openAi);
        }
        List<JsonNode> stats = new ArrayList<>();
        long requests = 0;
        while (requests < 3) {
            JsonNode s = feed.next("stats", WAIT).data();
            stats.add(s);
            requests += s.path("requests").asLong();
        }

        assertThat(requests).isEqualTo(3);
        JsonNode busy = stats.stream().filter(s -> s.path("requests").asLong() > 0).findFirst().orElseThrow();
        assertThat(busy.path("requests_per_second").asDouble()).isPositive();
        assertThat(busy.path("error_rate").asDouble()).isZero();
        assertThat(busy.path("p50_ms").asDouble()).isPositive();
        assertThat(busy.path("p95_ms").asDouble()).isGreaterThanOrEqualTo(busy.path("p50_ms").asDouble());
        JsonNode last = stats.getLast();
        assertThat(last.path("tokens_per_minute").asLong()).isEqualTo(3 * (19 + 10));
        assertThat(last.path("cost_today_usd").decimalValue()).isPositive();
        assertThat(last.path("in_flight").asLong()).isZero();
        assertThat(last.path("subscribers").asInt()).isEqualTo(1);
        for (JsonNode s : stats) {
            // once a second on average: a late tick (a busy machine) is followed by an early one
            assertThat(s.path("interval_seconds").asDouble()).isBetween(0.05, 3.0);
        }
        assertThat(before.data().path("p50_ms").isNull()).as("no latency without requests").isTrue();
    }

    @Test
    void lastEventIdResumesWithTheEventsMissedSinceIt() throws Exception {
        start();
        OpenAIClient openAi = openAi();
        String firstId;
        String first;
        try (FeedClient feed = subscribe()) {
            first = chat(openAi);
            firstId = feed.next(e -> requestWithId(e, first), WAIT).id();
        }
        String second = chat(openAi);
        String third = chat(openAi);

        FeedClient byHeader = subscribe("Last-Event-ID", firstId);
        FeedClient byQuery = FeedClient.open(events("?last_event_id=" + firstId), "X-Management-Key", SECRET);
        closing.add(byQuery);

        for (FeedClient resumed : List.of(byHeader, byQuery)) {
            FeedClient.Event a = resumed.next("request", WAIT);
            FeedClient.Event b = resumed.next("request", WAIT);
            assertThat(List.of(a.data().path("id").asText(), b.data().path("id").asText()))
                    .containsExactly(second, third);
            assertThat(Long.parseLong(a.id())).isGreaterThan(Long.parseLong(firstId));
            assertThat(Long.parseLong(b.id())).isGreaterThan(Long.parseLong(a.id()));
        }
    }

    @Test
    void anIdThatLeftTheRingIsAnsweredWithAMissedEventThenTheRing() throws Exception {
        answer(upstream, CHAT, json(200, Fixtures.bytes("openai/chat-completion.json")));
        start(FormatUpstreams.config(upstream.baseUrl()), 2, EventFeed.REQUESTS_PER_SECOND);
        OpenAIClient openAi = openAi();
        String firstId;
        try (FeedClient feed = subscribe()) {
            String first = chat(openAi);
            firstId = feed.next(e -> requestWithId(e, first), WAIT).id();
        }
        chat(openAi);
        chat(openAi);
        String last = chat(openAi);

        FeedClient resumed = subscribe("Last-Event-ID", firstId);
        FeedClient.Event missed = resumed.next(e -> true, WAIT);

        assertThat(missed.name()).isEqualTo("missed");
        assertThat(missed.data().path("last_event_id").asText()).isEqualTo(firstId);
        long oldest = missed.data().path("oldest_id").asLong();
        assertThat(oldest).isGreaterThan(Long.parseLong(firstId) + 1);
        assertThat(Long.parseLong(missed.id())).isEqualTo(oldest - 1);
        FeedClient.Event next = resumed.next(e -> true, WAIT);
        assertThat(Long.parseLong(next.id())).isEqualTo(oldest);
        resumed.next(e -> requestWithId(e, last), WAIT);
    }

    @Test
    void aSubscriberThatStopsReadingIsDroppedWithoutSlowingRequests() throws Exception {
        // every request an event, so that the stalled subscriber's socket buffers fill within seconds
        start(GatewayConfig.builder().port(0).echoModel(true).build(), 64, 1_000_000);
        String body = "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        RawHttp.post(server.baseUrl() + CHAT, body, "Content-Type", "application/json"); // classes loaded
        try (Socket stalled = new Socket();
                ExecutorService clients = Executors.newFixedThreadPool(8)) {
            stalled.setReceiveBufferSize(1024);
            stalled.connect(new InetSocketAddress("127.0.0.1", server.port()));
            OutputStream out = stalled.getOutputStream();
            out.write(("GET /v0/management/events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Management-Key: " + SECRET
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Await.until(WAIT, () -> otherSubscribers() == 1, "the stalled subscriber connected");

            // the stalled subscriber's socket buffers take some megabytes of events before its writes block
            // a publish that waited for the stalled subscriber would hold every request up until the drop; a single
            // slow request is the loaded machine's, so the test looks at the 99th percentile, not the maximum
            java.util.Queue<Long> took = new java.util.concurrent.ConcurrentLinkedQueue<>();
            int made = 0;
            boolean dropped = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!dropped && System.nanoTime() < deadline) {
                List<Future<Integer>> batch = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    batch.add(clients.submit(() -> {
                        long t0 = System.nanoTime();
                        int status = RawHttp.post(server.baseUrl() + CHAT, body, "Content-Type", "application/json")
                                .status();
                        took.add(System.nanoTime() - t0);
                        return status;
                    }));
                }
                for (Future<Integer> status : batch) {
                    assertThat(status.get()).isEqualTo(200);
                }
                made += batch.size();
                dropped = otherSubscribers() == 0;
            }

            assertThat(dropped).as("the stalled subscriber dropped after " + made + " requests").isTrue();
            List<Long> sorted = took.stream().sorted().toList();
            long p99 = sorted.get((int) (sorted.size() * 0.99));
            assertThat(TimeUnit.NANOSECONDS.toMillis(p99)).as("the 99th percentile of " + made + " requests")
                    .isLessThan(2000);
            assertThat(endOfStream(stalled)).as("the stalled subscriber's stream ended").isTrue();
        }
    }

    /**
     * Reads a socket's SSE answer until it ends: the connection closed (a reset, when the server closed it on unread
     * data: a subscriber stuck in a write), or the chunked body's last chunk (one that fell behind while writing).
     */
    private static boolean endOfStream(Socket socket) throws IOException {
        socket.setSoTimeout((int) WAIT.toMillis());
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[64 * 1024];
        String tail = "";
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketException reset) {
                return true;
            } catch (SocketTimeoutException stillOpen) {
                return false;
            }
            if (n < 0) {
                return true;
            }
            tail = (tail + new String(buffer, Math.max(0, n - 16), Math.min(n, 16), StandardCharsets.ISO_8859_1));
            tail = tail.substring(Math.max(0, tail.length() - 16));
            if (tail.endsWith("\r\n0\r\n\r\n")) {
                return true;
            }
        }
    }

    /**
     * The subscribers besides one that asks: a new subscriber reads the next stats event. One that stayed connected
     * would itself fall out of a small ring while requests are made as fast as they can be.
     */
    private int otherSubscribers() {
        try (FeedClient feed = subscribe()) {
            return feed.next("stats", WAIT).data().path("subscribers").asInt() - 1;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void cooldownsAndHealthChangesAreStateEvents() throws Exception {
        upstream.stubFor(WireMock.post(CHAT).willReturn(WireMock.aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json").withHeader("Retry-After", "120")
                .withBody(Fixtures.bytes("openai/error-429.json"))));
        start(FormatUpstreams.config(upstream.baseUrl()).toBuilder()
                .resilience(Resilience.builder().requestRetry(0).build()).build(), EventFeed.DEFAULT_CAPACITY,
                EventFeed.REQUESTS_PER_SECOND);
        FeedClient feed = subscribe();
        feed.next("stats", WAIT); // the ticker has looked once: what follows is a change

        RawHttp.Response r = RawHttp.post(server.baseUrl() + CHAT, "{\"model\":\"" + GPT
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", "Content-Type", "application/json",
                "Authorization", "Bearer " + FormatUpstreams.CLIENT_KEY);
        FeedClient.Event cooldown = feed.next(e -> change(e, "cooldown_started"), WAIT);
        FeedClient.Event health = feed.next(e -> change(e, "health_changed")
                && e.data().path("subject").asText().equals("model"), WAIT);

        assertThat(r.status()).isEqualTo(429);
        assertThat(cooldown.data().path("reason").asText()).isEqualTo("rate_limited");
        assertThat(cooldown.data().path("credential").asText()).startsWith("openai");
        assertThat(cooldown.data().path("until").asText()).isNotEmpty();
        assertThat(health.data().path("name").asText()).isEqualTo(GPT);
        assertThat(health.data().path("from").asText()).isEqualTo("healthy");
        assertThat(health.data().path("to").asText()).isIn("degraded", "down");
    }

    @Test
    void configReloadsAndRejectionsAreStateEvents() throws Exception {
        Path file = dir.resolve("config.yaml");
        ConfigLoader loader = ConfigLoader.withEnvironment(Map.of());
        LoadedConfig loaded = gatewayFromFile(file, loader);
        server = GatewayServer.start(gateway);
        ConfigFileWatcher watcher = ConfigFileWatcher.start(gateway, loaded, loader, c -> c, server::reloaded,
                ConfigFileWatcher.DEFAULT_DEBOUNCE);
        closing.add(watcher);
        FeedClient feed = subscribe();

        Files.writeString(file, "port: 0\necho: true\nremote-management:\n  secret-key: " + SECRET + "\n"
                + "timeouts:\n  connect: soon\n");
        FeedClient.Event rejected = feed.next(e -> change(e, "config_rejected"), WAIT);
        Files.writeString(file, "port: 0\necho: false\nremote-management:\n  secret-key: " + SECRET + "\n");
        FeedClient.Event reloaded = feed.next(e -> change(e, "config_reloaded"), WAIT);
        assertThat(rejected.data().path("problems").get(0).asText()).contains("timeouts.connect");
        assertThat(reloaded.data().path("sha256").asText()).hasSize(64);
    }

    @Test
    void anEditThroughTheManagementApiIsAConfigReloadedEvent() throws Exception {
        Path file = dir.resolve("config.yaml");
        ConfigLoader loader = ConfigLoader.withEnvironment(Map.of());
        LoadedConfig loaded = gatewayFromFile(file, loader);
        // the watcher's own reload waits far longer than the test: only the edit's reload can tell the feed
        server = GatewayServer.builder(gateway).configFile(loaded, loader, c -> c)
                .reloadDebounce(Duration.ofMinutes(5)).start();
        FeedClient feed = subscribe();

        RawHttp.Response edit = RawHttp.send("PUT", server.baseUrl() + "/v0/management/config",
                HttpRequest.BodyPublishers.ofString(Files.readString(file) + "# edited through the API\n"),
                "X-Management-Key", SECRET, "Content-Type", "application/yaml", "If-Match", "*");

        assertThat(edit.status()).as(edit.body()).isEqualTo(200);
        FeedClient.Event reloaded = feed.next(e -> change(e, "config_reloaded"), WAIT);
        assertThat(reloaded.data().path("sha256").asText()).hasSize(64);
    }

    /** Writes a config file with the secret and echo on, and builds the gateway from it. */
    private LoadedConfig gatewayFromFile(Path file, ConfigLoader loader) throws Exception {
        Files.writeString(file, "port: 0\necho: true\nremote-management:\n  secret-key: " + SECRET + "\n");
        LoadedConfig loaded = loader.load(file);
        gateway = Gateway.create(loaded.config());
        return loaded;
    }

    private static boolean change(FeedClient.Event e, String change) {
        return e.name().equals("state") && e.data().path("change").asText().equals(change);
    }

    @Test
    void stoppingTheServerEndsEveryStream() throws Exception {
        start();
        FeedClient feed = subscribe();

        long t0 = System.nanoTime();
        server.stop(Duration.ofSeconds(5));

        assertThat(feed.endsWithin(WAIT)).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).as("no wait for the grace period")
                .isLessThan(4000);
    }

    @Test
    void theFeedNeedsTheSecretAndAnIdThatIsANumber() throws Exception {
        start();

        RawHttp.Response missing = RawHttp.get(events(""));
        RawHttp.Response badId = RawHttp.get(events(""), "X-Management-Key", SECRET, "Last-Event-ID", "yesterday");
        RawHttp.Response badQuery = RawHttp.get(events("?last_event_id=-3"), "X-Management-Key", SECRET);
        RawHttp.Response post = RawHttp.send("POST", events(""), HttpRequest.BodyPublishers.noBody(),
                "X-Management-Key", SECRET);

        assertThat(missing.status()).isEqualTo(401);
        assertThat(badId.status()).isEqualTo(400);
        assertThat(JSON.readTree(badId.body()).path("error").path("param").asText()).isEqualTo("Last-Event-ID");
        assertThat(JSON.readTree(badId.body()).path("error").path("message").asText()).contains("yesterday");
        assertThat(badQuery.status()).isEqualTo(400);
        assertThat(JSON.readTree(badQuery.body()).path("error").path("param").asText()).isEqualTo("last_event_id");
        assertThat(post.status()).isEqualTo(405);
    }
}
