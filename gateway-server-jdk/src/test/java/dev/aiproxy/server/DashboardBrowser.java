package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.aiproxy.server.FormatUpstreams.CHAT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.config.ConfigLoader;
import dev.aiproxy.routing.config.LoadedConfig;
import dev.aiproxy.routing.config.UsageSettings;
import dev.aiproxy.routing.usage.UsageStore;
import dev.aiproxy.routing.usage.UsageStores;
import dev.aiproxy.server.testing.Chromium;
import dev.aiproxy.translate.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser, for the browser test classes: headless Chromium ({@link Chromium}) against the real
 * server, started from a config file (so every edit the page makes is written and reloaded as in production), a
 * WireMock upstream answering in OpenAI's format behind a pool of two keys, a SQLite usage store, and real chat
 * requests through the OpenAI SDK. One server and one browser per test class, registered as a static extension; each
 * test starts signed out in a fresh session with the upstream answering 200, and after each the browser's console must
 * hold no error but those the test said it causes ({@link #expectConsole}).
 */
final class DashboardBrowser implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    static final String SECRET = "gw-dashboard-browser-secret-31";
    static final String CLIENT_KEY = "sk-dashboard-team-a-key-0123456789";
    static final String KEY_A = "sk-upstream-pool-key-aaaa-0123456789";
    static final String KEY_B = "sk-upstream-pool-key-bbbb-0123456789";
    static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final List<String> expectedConsole = new ArrayList<>();
    private WireMockServer upstream;
    private Path dir;
    private Chromium chromium;
    private UsageStore store;
    private Gateway gateway;
    private GatewayServer server;
    private LoadedConfig loaded;
    private ConfigLoader loader;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        upstream = new WireMockServer(wireMockConfig().dynamicPort());
        upstream.start();
        dir = Files.createTempDirectory("gw-dashboard-");
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Files.writeString(configFile(), """
                host: 127.0.0.1
                port: %d
                echo: true
                remote-management:
                  secret-key: %s
                budget:
                  daily-usd: 5
                  monthly-usd: 100
                clients:
                  - name: team-a
                    key: %s
                    allowed-models: ["*"]
                openai-compatibility:
                  - name: up
                    base-url: %s/v1
                    api-key-entries:
                      - api-key: %s
                      - api-key: %s
                    models:
                      - name: gpt-4o-mini
                        alias: gpt
                """.formatted(port, SECRET, CLIENT_KEY, upstream.baseUrl(), KEY_A, KEY_B));
        loader = ConfigLoader.withEnvironment(Map.of());
        loaded = loader.load(configFile());
        store = UsageStores.open(new UsageSettings("sqlite:usage.db", 90, 1_000), dir).orElseThrow();
        gateway = Gateway.builder(loaded.config()).usageStore(store).build();
        startServer();
        chromium = Chromium.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (chromium != null) {
                chromium.close();
            }
            if (server != null) {
                server.close();
            }
            if (gateway != null) {
                gateway.close();
            }
            if (store != null) {
                store.close();
            }
            upstream.stop();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        expectedConsole.clear();
        upstream.resetAll();
        upstream.stubFor(post(urlPathEqualTo(CHAT)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(Fixtures.bytes("openai/chat-completion.json"))));
        // the session is cleared from a page of the same origin that runs no script: a dashboard left open by the
        // previous test would go on calling the API, and without the secret get 401s this test did not cause; what
        // that page logged while it was closed is the previous test's, and is dropped
        driver().get(server.baseUrl() + "/dashboard/favicon.svg");
        driver().executeScript("sessionStorage.clear()");
        chromium.console();
        driver().get(server.baseUrl() + "/dashboard/");
        waitUntil(d -> d.findElement(By.id("login-secret")).isDisplayed());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> errors = chromium.console().stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE
                .intValue()).map(LogEntry::getMessage)
                .filter(m -> expectedConsole.stream().noneMatch(m::contains))
                // Chromium asks for /favicon.ico for the bare SVG document beforeEach opens (it has no <link
                // rel=icon>, the dashboard's pages do), and its 404 can be logged after that page's console was
                // drained: the test's own navigation, not the dashboard's
                .filter(m -> !m.contains("/favicon.ico - Failed to load resource")).toList();
        assertThat(errors).as("errors in the browser's console").isEmpty();
    }

    // ---- the gateway

    /** Starts the server on the config's port (again, after {@link #stopServer}). */
    void startServer() {
        server = GatewayServer.builder(gateway).configFile(loaded, loader, c -> c)
                .reloadDebounce(Duration.ofMinutes(5)).start();
    }

    void stopServer() {
        server.close();
    }

    String baseUrl() {
        return server.baseUrl();
    }

    /** The config file the server watches and the page's edits are written to. */
    Path configFile() {
        return dir.resolve("gateway.yaml");
    }

    String configText() {
        try {
            return Files.readString(configFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WireMockServer upstream() {
        return upstream;
    }

    /** A console message the running test causes on purpose (a refused call), by a part of its text. */
    void expectConsole(String part) {
        expectedConsole.add(part);
    }

    /** A management API call with the secret (and {@code headers}, name and value after each other). */
    RawHttp.Response api(String method, String path, String body, String... headers) {
        List<String> all = new ArrayList<>(List.of("X-Management-Key", SECRET));
        all.addAll(List.of(headers));
        try {
            return RawHttp.send(method, server.baseUrl() + "/v0/management" + path, body == null
                    ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body),
                    all.toArray(String[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted calling " + method + " " + path, e);
        }
    }

    /** A management API call that must succeed, and its JSON. */
    JsonNode apiJson(String method, String path, String body) {
        RawHttp.Response r = api(method, path, body);
        assertThat(r.status()).as(method + " " + path + ": " + r.body()).isLessThan(300);
        try {
            return r.status() == 204 ? JSON.nullNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the config file through the API, as another operator would: the page hears of it from the feed. */
    void putConfig(String yaml) {
        String version = api("GET", "/config", null).header("ETag");
        RawHttp.Response r = api("PUT", "/config", yaml, "Content-Type", "application/yaml", "If-Match", version);
        assertThat(r.status()).as("PUT /config: " + r.body()).isEqualTo(200);
    }

    /** A chat request with the OpenAI SDK; answers the request's id (x-request-id). */
    String chat(String key, String model) {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(server.baseUrl() + "/v1").apiKey(key)
                .maxRetries(0).build();
        try (HttpResponseFor<ChatCompletion> r = client.chat().completions().withRawResponse().create(
                ChatCompletionCreateParams.builder().model(model).addUserMessage("hello").build())) {
            assertThat(r.parse().choices()).isNotEmpty();
            return r.headers().values("x-request-id").getFirst();
        } finally {
            client.close();
        }
    }

    /** A key's fingerprint as the providers API names it: the first 16 hex digits of its SHA-256. */
    static String fingerprint(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the page

    Chromium chromium() {
        return chromium;
    }

    ChromeDriver driver() {
        return chromium.driver();
    }

    /** Waits for a condition on the page (or anything else), looking again at elements the views redrew meanwhile. */
    <T> T waitUntil(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver(), WAIT, Duration.ofMillis(50))
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    WebElement byId(String id) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    void signIn(String secret) {
        WebElement field = byId("login-secret");
        field.clear();
        field.sendKeys(secret, Keys.ENTER);
    }

    /** Signs in and opens a section: overview, charts, providers, clients, models or config. */
    void open(String view) {
        signIn(SECRET);
        byId("shell");
        driver().get(server.baseUrl() + "/dashboard/#/" + view);
        byId("main");
    }

    void fill(String id, String value) {
        WebElement input = byId(id);
        input.clear();
        input.sendKeys(value);
    }

    /** Clicks an element by its id; looks again when the view redrew it between finding and clicking it. */
    void click(String id) {
        waitUntil(d -> {
            WebElement e = d.findElement(By.id(id));
            if (!e.isDisplayed()) {
                return null;
            }
            e.click();
            return true;
        });
    }

    /** Submits a form by its own submit button, as a user would. */
    void submit(String formId) {
        byId(formId).findElement(By.cssSelector("button[type=submit]")).click();
    }

    /** Submits a form and waits for it to say its change is saved. */
    void save(String formId) {
        submit(formId);
        waitUntil(d -> d.findElement(By.id(formId)).getText().contains("Saved"));
    }

    void acceptConfirm() {
        waitUntil(ExpectedConditions.alertIsPresent()).accept();
    }

    void dismissConfirm() {
        waitUntil(ExpectedConditions.alertIsPresent()).dismiss();
    }
}
