package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.aiproxy.server.FormatUpstreams.CHAT;
import static dev.aiproxy.server.FormatUpstreams.answer;
import static dev.aiproxy.server.FormatUpstreams.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.UnauthorizedException;
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
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (headless Chromium, {@link Chromium}) against the real server, a WireMock upstream
 * answering in OpenAI's format, and real chat requests through the OpenAI SDK. One server and one browser for the
 * class; every test signs in afresh. After each test the browser's console must hold no error but those the test
 * caused on purpose (a refused secret, a refused edit, a dropped connection). Screenshots at 1280 and 390 px go to
 * target/dashboard-screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    private static final String SECRET = "gw-dashboard-browser-secret-31";
    private static final String CLIENT_KEY = "sk-dashboard-team-a-key-0123456789";
    private static final String KEY_A = "sk-upstream-pool-key-aaaa-0123456789";
    private static final String KEY_B = "sk-upstream-pool-key-bbbb-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
    private static final Duration WAIT = Duration.ofSeconds(15);

    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    @TempDir
    static Path dir;

    private static Chromium chromium;
    private static ChromeDriver driver;
    private static UsageStore store;
    private static Gateway gateway;
    private static GatewayServer server;
    private static LoadedConfig loaded;
    private static ConfigLoader loader;
    /** Console messages a test expects (network errors it caused), by a part of their text. */
    private final List<String> expectedConsole = new ArrayList<>();

    @BeforeAll
    static void startServerAndBrowser() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, """
                host: 127.0.0.1
                port: %d
                echo: true
                remote-management:
                  secret-key: %s
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
        answer(upstream, CHAT, json(200, Fixtures.bytes("openai/chat-completion.json")));
        loader = ConfigLoader.withEnvironment(Map.of());
        loaded = loader.load(file);
        store = UsageStores.open(new UsageSettings("sqlite:usage.db", 90, 1_000), dir).orElseThrow();
        gateway = Gateway.builder(loaded.config()).usageStore(store).build();
        server = startServer();
        chromium = Chromium.start();
        driver = chromium.driver();
    }

    private static GatewayServer startServer() {
        return GatewayServer.builder(gateway).configFile(loaded, loader, c -> c).reloadDebounce(Duration.ofMinutes(5))
                .start();
    }

    @AfterAll
    static void stopAll() {
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
    }

    @BeforeEach
    void freshSession() {
        answer(upstream, CHAT, json(200, Fixtures.bytes("openai/chat-completion.json")));
        driver.get(server.baseUrl() + "/dashboard/");
        driver.executeScript("sessionStorage.clear()");
        driver.navigate().refresh();
        waitUntil(d -> d.findElement(By.id("login-secret")).isDisplayed());
    }

    @AfterEach
    void theConsoleHoldsNoUnexpectedError() {
        List<String> errors = chromium.console().stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE
                .intValue()).map(LogEntry::getMessage)
                .filter(m -> expectedConsole.stream().noneMatch(m::contains)).toList();
        assertThat(errors).as("errors in the browser's console").isEmpty();
    }

    // ---- helpers

    private static <T> T waitUntil(Function<WebDriver, T> condition) {
        // the views redraw what they show, so an element found may be replaced before it is read: look again
        return new WebDriverWait(driver, WAIT, Duration.ofMillis(50)).ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    private static WebElement byId(String id) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    private static void signIn(String secret) {
        WebElement field = byId("login-secret");
        field.clear();
        field.sendKeys(secret, Keys.ENTER);
    }

    private static void open(String view) {
        signIn(SECRET);
        byId("shell");
        driver.get(server.baseUrl() + "/dashboard/#/" + view);
        byId("main");
    }

    private static void fill(String id, String value) {
        WebElement input = byId(id);
        input.clear();
        input.sendKeys(value);
    }

    private static RawHttp.Response api(String method, String path, String body) throws Exception {
        return RawHttp.send(method, server.baseUrl() + "/v0/management" + path, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body),
                "X-Management-Key", SECRET);
    }

    private static JsonNode apiJson(String method, String path, String body) throws Exception {
        RawHttp.Response r = api(method, path, body);
        assertThat(r.status()).as(method + " " + path + ": " + r.body()).isLessThan(300);
        return JSON.readTree(r.body());
    }

    /** A chat request with the OpenAI SDK; answers the request's id (x-request-id). */
    private static String chat(String key, String model) {
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

    private static String fingerprint(String key) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(key.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
    }

    /** Whether the management API has its providers and health resources. */
    private static boolean providersApi() throws Exception {
        return api("GET", "/providers", null).status() != 404;
    }

    private static void acceptConfirm() {
        waitUntil(ExpectedConditions.alertIsPresent()).accept();
    }

    // ---- the tests

    @Test
    @Order(1)
    void aWrongSecretIsRefusedOnTheFormAndTheRightOneOpensTheDashboard() {
        expectedConsole.add("401");

        signIn("not-the-secret");
        WebElement error = byId("login-error");

        assertThat(error.getText()).isEqualTo("Wrong management secret.");
        assertThat(byId("login-secret").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(driver.findElement(By.id("shell")).isDisplayed()).isFalse();

        signIn(SECRET);

        assertThat(byId("shell").isDisplayed()).isTrue();
        waitUntil(d -> d.findElement(By.id("feed-status")).getText().equals("Live"));
        assertThat(driver.executeScript("return sessionStorage.length")).isEqualTo(1L);
        assertThat((String) driver.executeScript("return document.cookie")).isEmpty();
    }

    @Test
    @Order(2)
    void aRealRequestShowsInTheCardsAndTheTableWithinASecondOfItsAnswer() {
        open("overview");
        waitUntil(d -> d.findElement(By.id("feed-status")).getText().equals("Live"));

        String id = chat(CLIENT_KEY, "gpt");
        long answered = System.nanoTime();

        WebElement row = waitUntil(d -> d.findElement(By.cssSelector("#requests-body tr[data-id='" + id + "']")));
        long rowAfter = Duration.ofNanos(System.nanoTime() - answered).toMillis();
        waitUntil(d -> !d.findElement(By.id("card-tpm")).getText().equals("–")
                && !d.findElement(By.id("card-tpm")).getText().equals("0"));
        long cardAfter = Duration.ofNanos(System.nanoTime() - answered).toMillis();

        assertThat(row.getText()).contains("team-a", "gpt", "up / gpt-4o-mini", "200", "29");
        assertThat(rowAfter).as("ms from the answer to its row").isLessThan(1_000);
        // a stats event comes every second, so the card may wait for the next one
        assertThat(cardAfter).as("ms from the answer to the tokens-per-minute card").isLessThan(2_000);
        assertThat(Integer.parseInt(byId("card-tpm").getText().replace(",", ""))).isGreaterThanOrEqualTo(29);
    }

    @Test
    @Order(3)
    void filtersByProviderModelClientAndStatusNarrowTheTable() {
        open("overview");
        waitUntil(d -> d.findElement(By.id("feed-status")).getText().equals("Live"));
        chat(CLIENT_KEY, "gpt");
        String echo = chat(CLIENT_KEY, "echo");
        expectedConsole.add("404");
        assertThatThrownBy(() -> chat(CLIENT_KEY, "no-such-model")).isInstanceOf(OpenAIServiceException.class);
        waitUntil(d -> d.findElement(By.cssSelector("#requests-body tr[data-id='" + echo + "']")));

        new Select(byId("filter-provider")).selectByValue("echo");
        waitUntil(d -> rows().stream().allMatch(t -> t.contains("echo")) && !rows().isEmpty());
        new Select(byId("filter-provider")).selectByValue("");
        new Select(byId("filter-model")).selectByValue("gpt");
        waitUntil(d -> !rows().isEmpty() && rows().stream().allMatch(t -> t.contains("up / gpt-4o-mini")));
        new Select(byId("filter-model")).selectByValue("");
        new Select(byId("filter-status")).selectByValue("4xx");
        waitUntil(d -> !rows().isEmpty() && rows().stream().allMatch(t -> t.contains(" 404 ")));
        new Select(byId("filter-client")).selectByValue("team-a");
        new Select(byId("filter-status")).selectByValue("");

        waitUntil(d -> rows().size() >= 3 && rows().stream().allMatch(t -> t.contains("team-a")));
    }

    /** The table's rows, read in one script: the table is redrawn while a test reads it. */
    @SuppressWarnings("unchecked")
    private static List<String> rows() {
        return ((List<String>) driver.executeScript("return [...document.querySelectorAll('#requests-body tr')]"
                + ".map(tr => [...tr.cells].map(td => td.textContent).join(' '))")).stream()
                .map(t -> " " + t + " ").toList();
    }

    @Test
    @Order(4)
    void aClientCreatedOnThePageGetsAKeyShownOnceThatAuthenticatesARealChatRequest() {
        open("clients");

        fill("new-client-name", "made-on-page");
        new Select(byId("new-client-type")).selectByValue("sk-ant-");
        byId("new-client").findElement(By.cssSelector("button[type=submit]")).click();
        String key = byId("new-key").getText();

        assertThat(key).startsWith("sk-ant-");
        assertThat(byId("copy-key").getText()).isEqualTo("Copy");
        assertThat(chat(key, "gpt")).isNotBlank();
        waitUntil(d -> d.findElement(By.cssSelector("#clients tr[data-client='made-on-page']")));
        assertThat(driver.getPageSource()).doesNotContain(SECRET);
    }

    @Test
    @Order(5)
    void regeneratingAKeyOfTheChosenTypeRefusesTheOldOne() throws Exception {
        String old = apiJson("POST", "/clients", "{\"name\": \"regen\"}").path("key").asText();
        assertThat(chat(old, "gpt")).isNotBlank();
        open("clients");

        byId("clients").findElement(By.cssSelector("tr[data-client='regen'] button")).click();
        new Select(byId("regenerate-type")).selectByValue("gm_");
        byId("regenerate").click();
        acceptConfirm();
        String renewed = waitUntil(d -> {
            String shown = d.findElement(By.id("new-key")).getText();
            return shown.startsWith("gm_") ? shown : null;
        });

        assertThat(chat(renewed, "gpt")).isNotBlank();
        assertThatThrownBy(() -> chat(old, "gpt")).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    @Order(6)
    void clearAllThenAllowAllChangeTheModelsAClientMayUse() throws Exception {
        String key = apiJson("POST", "/clients", "{\"name\": \"picky\", \"allowed_models\": [\"gpt\"]}")
                .path("key").asText();
        open("clients");
        byId("clients").findElement(By.cssSelector("tr[data-client='picky'] button")).click();

        byId("clear-all").click();
        byId("client-form").findElement(By.cssSelector("button[type=submit]")).click();
        waitUntil(d -> d.findElement(By.id("client-form")).getText().contains("Saved"));

        assertThat(apiJson("GET", "/clients/picky", null).path("allowed_models").size()).isZero();
        assertThatThrownBy(() -> chat(key, "gpt")).isInstanceOf(OpenAIServiceException.class);

        byId("allow-all").click();
        byId("client-form").findElement(By.cssSelector("button[type=submit]")).click();
        waitUntil(d -> d.findElement(By.id("client-form")).getText().contains("Saved"));

        assertThat(apiJson("GET", "/clients/picky", null).path("allowed_models").toString()).isEqualTo("[\"*\"]");
        assertThat(chat(key, "echo")).isNotBlank();
    }

    @Test
    @Order(7)
    void aRefusedSettingIsShownBesideItsField() {
        expectedConsole.add("400");
        open("clients");
        byId("clients").findElement(By.cssSelector("tr[data-client='team-a'] button")).click();

        fill("client-base-url", "ftp://files.example");
        byId("client-form").findElement(By.cssSelector("button[type=submit]")).click();
        WebElement error = waitUntil(d -> {
            WebElement e = d.findElement(By.id("client-base-url-error"));
            return e.getText().isEmpty() ? null : e;
        });

        assertThat(error.getText()).contains("base_url").contains("not an http(s) URL");
        assertThat(byId("client-base-url").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("client-base-url");
    }

    @Test
    @Order(8)
    void aConfigEditThatLostARaceSaysSoAndOffersAReload() throws Exception {
        expectedConsole.add("412");
        open("config");
        waitUntil(d -> d.findElement(By.id("config-text")).getAttribute("value").contains("openai-compatibility"));

        RawHttp.Response read = api("GET", "/config", null);
        RawHttp.Response other = RawHttp.send("PUT", server.baseUrl() + "/v0/management/config",
                HttpRequest.BodyPublishers.ofString(read.body() + "# edited elsewhere\n"), "X-Management-Key",
                SECRET, "Content-Type", "application/yaml", "If-Match", read.header("ETag"));
        assertThat(other.status()).isEqualTo(200);
        byId("config-text").sendKeys(Keys.END, "\n# mine\n");
        byId("config-form").findElement(By.cssSelector("button[type=submit]")).click();

        WebElement error = waitUntil(d -> {
            WebElement e = d.findElement(By.id("config-error"));
            return e.getText().isEmpty() ? null : e;
        });
        assertThat(error.getText()).contains("Someone else changed the file");
        byId("config-reload").click();
        waitUntil(d -> d.findElement(By.id("config-text")).getAttribute("value").contains("# edited elsewhere"));
    }

    @Test
    @Order(9)
    void disablingAKeyMovesTheTrafficToTheOtherKeyOfThePool() throws Exception {
        Assumptions.assumeTrue(providersApi(), "the management API has no /providers yet (its branch is not merged)");
        String a = fingerprint(KEY_A);
        open("providers");
        WebElement disable = byId("disable-" + a);
        assertThat(driver.findElement(By.cssSelector("#providers")).getText()).doesNotContain(KEY_A, KEY_B)
                .contains("sk-...6789");

        disable.click();
        waitUntil(d -> d.findElement(By.cssSelector("tr[data-key='" + a + "']")).getText().contains("disabled"));
        upstream.resetRequests();
        for (int i = 0; i < 4; i++) {
            chat(CLIENT_KEY, "gpt");
        }

        upstream.verify(4, postRequestedFor(urlPathEqualTo(CHAT)).withHeader("Authorization",
                equalTo("Bearer " + KEY_B)));
        upstream.verify(0, postRequestedFor(urlPathEqualTo(CHAT)).withHeader("Authorization",
                equalTo("Bearer " + KEY_A)));

        byId("enable-" + a).click();
        waitUntil(d -> d.findElement(By.cssSelector("tr[data-key='" + a + "']")).getText().contains("active"));
    }

    @Test
    @Order(10)
    void everyViewFitsAt1280And390PixelsWithEveryControlLabelled() throws Exception {
        if (!providersApi()) {
            expectedConsole.add("/v0/management/health - Failed to load resource: the server responded with a status "
                    + "of 404");
        }
        apiJson("PATCH", "/clients/team-a", "{\"daily_usd\": 0.0001, \"monthly_usd\": 5}");
        open("overview");
        chat(CLIENT_KEY, "gpt");
        for (String view : List.of("overview", "charts", "providers", "clients", "models", "config")) {
            driver.get(server.baseUrl() + "/dashboard/#/" + view);
            byId("main");
            if (view.equals("overview")) {
                waitUntil(d -> !d.findElement(By.id("card-rps")).getText().equals("–"));
            }
            if (view.equals("clients")) {
                waitUntil(d -> d.findElement(By.cssSelector("#clients [role=meter]")));
            }
            if (view.equals("providers")) {
                waitUntil(d -> d.findElement(By.cssSelector("#providers [data-provider=up]")));
            }
            waitUntil(d -> ((JavascriptExecutor) d).executeScript(
                    "return document.querySelectorAll('#main section, #main form').length > 0"));
            for (int width : new int[] {1280, 390}) {
                chromium.width(width, 900);
                pause(300);
                Object overflow = driver.executeScript(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
                assertThat(((Number) overflow).intValue()).as(view + " scrolls sideways at " + width + " px")
                        .isLessThanOrEqualTo(0);
                chromium.screenshot(SCREENSHOTS.resolve(view + "-" + width + ".png"));
            }
            chromium.width(1280, 900);
            Object unlabelled = driver.executeScript("""
                    return [...document.querySelectorAll('input, select, textarea, button')]
                      .filter(e => e.offsetParent !== null)
                      .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                        && !(e.tagName === 'BUTTON' && e.textContent.trim()))
                      .map(e => e.outerHTML.slice(0, 80));""");
            assertThat((List<?>) unlabelled).as("controls without a label on " + view).isEmpty();
        }
        assertThat(SCREENSHOTS.resolve("overview-390.png")).exists();
    }

    @Test
    @Order(11)
    void theDarkColourSchemeIsReadable() {
        open("overview");
        waitUntil(d -> !d.findElement(By.id("card-rps")).getText().equals("–"));
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        try {
            String background = (String) driver.executeScript(
                    "return getComputedStyle(document.body).backgroundColor");
            String text = (String) driver.executeScript("return getComputedStyle(document.body).color");
            assertThat(background).isEqualTo("rgb(17, 20, 24)");
            assertThat(text).isEqualTo("rgb(230, 233, 238)");
            chromium.screenshot(SCREENSHOTS.resolve("overview-1280-dark.png"));
        } finally {
            driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        }
    }

    @Test
    @Order(12)
    void whenTheFeedDropsThePageSaysSoAndReconnectsByItself() throws Exception {
        expectedConsole.add("ERR_CONNECTION_REFUSED");
        expectedConsole.add("ERR_EMPTY_RESPONSE");
        expectedConsole.add("ERR_INCOMPLETE_CHUNKED_ENCODING");
        // a request that reaches the server while it stops is refused with 503 (GatewayServer.stop drains)
        expectedConsole.add("the server responded with a status of 503");
        open("overview");
        waitUntil(d -> d.findElement(By.id("feed-status")).getText().equals("Live"));

        server.close();
        waitUntil(d -> d.findElement(By.id("feed-status")).getText().startsWith("Disconnected"));
        assertThat(byId("feed-status").getAttribute("class")).contains("down");
        server = startServer();
        waitUntil(d -> d.findElement(By.id("feed-status")).getText().equals("Live"));
        String id = chat(CLIENT_KEY, "gpt");

        waitUntil(d -> d.findElement(By.cssSelector("#requests-body tr[data-id='" + id + "']")));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
