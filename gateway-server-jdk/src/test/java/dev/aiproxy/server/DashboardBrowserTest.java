package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.aiproxy.server.DashboardBrowser.CLIENT_KEY;
import static dev.aiproxy.server.DashboardBrowser.KEY_A;
import static dev.aiproxy.server.DashboardBrowser.KEY_B;
import static dev.aiproxy.server.DashboardBrowser.SCREENSHOTS;
import static dev.aiproxy.server.DashboardBrowser.SECRET;
import static dev.aiproxy.server.FormatUpstreams.CHAT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.UnauthorizedException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in a real browser ({@link DashboardBrowser}): signing in, the live cards and requests, the filters,
 * clients made and changed on the page, a key disabled, an edit that lost a race, the budget against its limits, every
 * view at 1280 and 390 px in both colour schemes, and the page after the feed drops. Screenshots at 1280 and 390 px go
 * to target/dashboard-screenshots. The other controls' tests are {@link DashboardControlsBrowserTest}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    @RegisterExtension
    static final DashboardBrowser page = new DashboardBrowser();

    // ---- the tests

    @Test
    @Order(1)
    void aWrongSecretIsRefusedOnTheFormAndTheRightOneOpensTheDashboard() {
        page.expectConsole("401");

        page.signIn("not-the-secret");
        WebElement error = page.byId("login-error");

        assertThat(error.getText()).isEqualTo("Wrong management secret.");
        assertThat(page.byId("login-secret").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(page.driver().findElement(By.id("shell")).isDisplayed()).isFalse();

        page.signIn(SECRET);

        assertThat(page.byId("shell").isDisplayed()).isTrue();
        page.waitUntil(d -> d.findElement(By.id("feed-status")).getText().equals("Live"));
        assertThat(page.driver().executeScript("return sessionStorage.length")).isEqualTo(1L);
        assertThat((String) page.driver().executeScript("return document.cookie")).isEmpty();
    }

    @Test
    @Order(2)
    void aRealRequestShowsInTheCardsAndTheTableWithinASecondOfItsAnswer() {
        page.open("overview");
        page.waitUntil(d -> d.findElement(By.id("feed-status")).getText().equals("Live"));

        String id = page.chat(CLIENT_KEY, "gpt");
        long answered = System.nanoTime();

        WebElement row = page.waitUntil(d -> d.findElement(By.cssSelector("#requests-body tr[data-id='" + id + "']")));
        long rowAfter = Duration.ofNanos(System.nanoTime() - answered).toMillis();
        page.waitUntil(d -> !d.findElement(By.id("card-tpm")).getText().equals("–")
                && !d.findElement(By.id("card-tpm")).getText().equals("0"));
        long cardAfter = Duration.ofNanos(System.nanoTime() - answered).toMillis();

        assertThat(row.getText()).contains("team-a", "gpt", "up / gpt-4o-mini", "200", "29");
        assertThat(rowAfter).as("ms from the answer to its row").isLessThan(1_000);
        // a stats event comes every second, so the card may wait for the next one
        assertThat(cardAfter).as("ms from the answer to the tokens-per-minute card").isLessThan(2_000);
        assertThat(Integer.parseInt(page.byId("card-tpm").getText().replace(",", ""))).isGreaterThanOrEqualTo(29);
    }

    @Test
    @Order(3)
    void filtersByProviderModelClientAndStatusNarrowTheTable() {
        page.open("overview");
        page.waitUntil(d -> d.findElement(By.id("feed-status")).getText().equals("Live"));
        page.chat(CLIENT_KEY, "gpt");
        String echo = page.chat(CLIENT_KEY, "echo");
        page.expectConsole("404");
        assertThatThrownBy(() -> page.chat(CLIENT_KEY, "no-such-model")).isInstanceOf(OpenAIServiceException.class);
        page.waitUntil(d -> d.findElement(By.cssSelector("#requests-body tr[data-id='" + echo + "']")));

        new Select(page.byId("filter-provider")).selectByValue("echo");
        page.waitUntil(d -> rows().stream().allMatch(t -> t.contains("echo")) && !rows().isEmpty());
        new Select(page.byId("filter-provider")).selectByValue("");
        new Select(page.byId("filter-model")).selectByValue("gpt");
        page.waitUntil(d -> !rows().isEmpty() && rows().stream().allMatch(t -> t.contains("up / gpt-4o-mini")));
        new Select(page.byId("filter-model")).selectByValue("");
        new Select(page.byId("filter-status")).selectByValue("4xx");
        page.waitUntil(d -> !rows().isEmpty() && rows().stream().allMatch(t -> t.contains(" 404 ")));
        new Select(page.byId("filter-client")).selectByValue("team-a");
        new Select(page.byId("filter-status")).selectByValue("");

        page.waitUntil(d -> rows().size() >= 3 && rows().stream().allMatch(t -> t.contains("team-a")));
    }

    /** The table's rows, read in one script: the table is redrawn while a test reads it. */
    @SuppressWarnings("unchecked")
    private static List<String> rows() {
        return ((List<String>) page.driver().executeScript("return [...document.querySelectorAll('#requests-body tr')]"
                + ".map(tr => [...tr.cells].map(td => td.textContent).join(' '))")).stream()
                .map(t -> " " + t + " ").toList();
    }

    @Test
    @Order(4)
    void aClientCreatedOnThePageGetsAKeyShownOnceThatAuthenticatesARealChatRequest() {
        page.open("clients");

        page.fill("new-client-name", "made-on-page");
        new Select(page.byId("new-client-type")).selectByValue("sk-ant-");
        page.submit("new-client");
        String key = page.byId("new-key").getText();

        assertThat(key).startsWith("sk-ant-");
        assertThat(page.byId("copy-key").getText()).isEqualTo("Copy");
        assertThat(page.chat(key, "gpt")).isNotBlank();
        page.waitUntil(d -> d.findElement(By.cssSelector("#clients tr[data-client='made-on-page']")));
        assertThat(page.driver().getPageSource()).doesNotContain(SECRET);
    }

    @Test
    @Order(5)
    void regeneratingAKeyOfTheChosenTypeRefusesTheOldOne() throws Exception {
        String old = page.apiJson("POST", "/clients", "{\"name\": \"regen\"}").path("key").asText();
        assertThat(page.chat(old, "gpt")).isNotBlank();
        page.open("clients");

        page.byId("clients").findElement(By.cssSelector("tr[data-client='regen'] button")).click();
        new Select(page.byId("regenerate-type")).selectByValue("gm_");
        page.byId("regenerate").click();
        page.acceptConfirm();
        String renewed = page.waitUntil(d -> {
            String shown = d.findElement(By.id("new-key")).getText();
            return shown.startsWith("gm_") ? shown : null;
        });

        assertThat(page.chat(renewed, "gpt")).isNotBlank();
        assertThatThrownBy(() -> page.chat(old, "gpt")).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    @Order(6)
    void clearAllThenAllowAllChangeTheModelsAClientMayUse() throws Exception {
        String key = page.apiJson("POST", "/clients", "{\"name\": \"picky\", \"allowed_models\": [\"gpt\"]}")
                .path("key").asText();
        page.open("clients");
        page.byId("clients").findElement(By.cssSelector("tr[data-client='picky'] button")).click();

        page.byId("clear-all").click();
        page.save("client-form");

        assertThat(page.apiJson("GET", "/clients/picky", null).path("allowed_models").size()).isZero();
        assertThatThrownBy(() -> page.chat(key, "gpt")).isInstanceOf(OpenAIServiceException.class);

        page.byId("allow-all").click();
        page.save("client-form");

        assertThat(page.apiJson("GET", "/clients/picky", null).path("allowed_models").toString()).isEqualTo("[\"*\"]");
        assertThat(page.chat(key, "echo")).isNotBlank();
    }

    @Test
    @Order(7)
    void aRefusedSettingIsShownBesideItsField() {
        page.expectConsole("400");
        page.open("clients");
        page.byId("clients").findElement(By.cssSelector("tr[data-client='team-a'] button")).click();

        page.fill("client-base-url", "ftp://files.example");
        page.submit("client-form");
        WebElement error = page.waitUntil(d -> {
            WebElement e = d.findElement(By.id("client-base-url-error"));
            return e.getText().isEmpty() ? null : e;
        });

        assertThat(error.getText()).contains("base_url").contains("not an http(s) URL");
        assertThat(page.byId("client-base-url").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(page.driver().switchTo().activeElement().getAttribute("id")).isEqualTo("client-base-url");
    }

    @Test
    @Order(8)
    void aConfigEditThatLostARaceSaysSoAndOffersAReload() throws Exception {
        page.expectConsole("412");
        page.open("config");
        page.waitUntil(d -> d.findElement(By.id("config-text")).getAttribute("value").contains("openai-compatibility"));

        page.putConfig(page.api("GET", "/config", null).body() + "# edited elsewhere\n");
        page.byId("config-text").sendKeys(Keys.END, "\n# mine\n");
        page.submit("config-form");

        WebElement error = page.waitUntil(d -> {
            WebElement e = d.findElement(By.id("config-error"));
            return e.getText().isEmpty() ? null : e;
        });
        assertThat(error.getText()).contains("Someone else changed the file");
        assertThat(page.driver().switchTo().activeElement().getAttribute("id")).isEqualTo("config-reload");
        assertThat(page.configText()).contains("# edited elsewhere").doesNotContain("# mine");
        page.byId("config-reload").click();
        page.waitUntil(d -> d.findElement(By.id("config-text")).getAttribute("value").contains("# edited elsewhere"));

        page.byId("config-text").sendKeys(Keys.END, "\n# mine\n");
        page.save("config-form");

        assertThat(page.api("GET", "/config", null).body()).contains("# edited elsewhere", "# mine");
    }

    @Test
    @Order(9)
    void disablingAKeyMovesTheTrafficToTheOtherKeyOfThePool() throws Exception {
        String a = DashboardBrowser.fingerprint(KEY_A);
        page.open("providers");
        WebElement disable = page.byId("disable-" + a);
        assertThat(page.driver().findElement(By.cssSelector("#providers")).getText()).doesNotContain(KEY_A, KEY_B)
                .contains("sk-...6789");

        disable.click();
        page.waitUntil(d -> d.findElement(By.cssSelector("tr[data-key='" + a + "']")).getText().contains("disabled"));
        page.upstream().resetRequests();
        for (int i = 0; i < 4; i++) {
            page.chat(CLIENT_KEY, "gpt");
        }

        page.upstream().verify(4, postRequestedFor(urlPathEqualTo(CHAT)).withHeader("Authorization",
                equalTo("Bearer " + KEY_B)));
        page.upstream().verify(0, postRequestedFor(urlPathEqualTo(CHAT)).withHeader("Authorization",
                equalTo("Bearer " + KEY_A)));

        page.byId("enable-" + a).click();
        page.waitUntil(d -> d.findElement(By.cssSelector("tr[data-key='" + a + "']")).getText().contains("active"));
    }

    @Test
    @Order(10)
    void everyViewFitsAt1280And390PixelsWithEveryControlLabelled() throws Exception {
        page.apiJson("PATCH", "/clients/team-a", "{\"daily_usd\": 0.0001, \"monthly_usd\": 5}");
        page.open("overview");
        page.chat(CLIENT_KEY, "gpt");
        for (String view : List.of("overview", "charts", "providers", "clients", "models", "config")) {
            page.driver().get(page.baseUrl() + "/dashboard/#/" + view);
            page.byId("main");
            if (view.equals("overview")) {
                page.waitUntil(d -> !d.findElement(By.id("card-rps")).getText().equals("–"));
            }
            if (view.equals("clients")) {
                page.waitUntil(d -> d.findElement(By.cssSelector("#clients [role=meter]")));
            }
            if (view.equals("providers")) {
                page.waitUntil(d -> d.findElement(By.cssSelector("#providers [data-provider=up]")));
            }
            page.waitUntil(d -> ((JavascriptExecutor) d).executeScript(
                    "return document.querySelectorAll('#main section, #main form').length > 0"));
            for (int width : new int[] {1280, 390}) {
                page.chromium().width(width, 900);
                nextFrame();
                Object overflow = page.driver().executeScript(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
                assertThat(((Number) overflow).intValue()).as(view + " scrolls sideways at " + width + " px")
                        .isLessThanOrEqualTo(0);
                page.chromium().screenshot(SCREENSHOTS.resolve(view + "-" + width + ".png"));
            }
            page.chromium().width(1280, 900);
            Object unlabelled = page.driver().executeScript("""
                    return [...document.querySelectorAll('input, select, textarea, button, [role=meter]')]
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
        page.open("overview");
        page.waitUntil(d -> !d.findElement(By.id("card-rps")).getText().equals("–"));
        // the screenshot shows the whole overview: the requests drawn and the budget under the cost card
        page.waitUntil(d -> d.findElement(By.id("requests-count")).getText().endsWith("shown"));
        page.waitUntil(d -> d.findElement(By.cssSelector("#card-cost-budget [role=meter]")));
        page.driver().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        try {
            String background = (String) page.driver().executeScript(
                    "return getComputedStyle(document.body).backgroundColor");
            String text = (String) page.driver().executeScript("return getComputedStyle(document.body).color");
            assertThat(background).isEqualTo("rgb(17, 20, 24)");
            assertThat(text).isEqualTo("rgb(230, 233, 238)");
            page.chromium().screenshot(SCREENSHOTS.resolve("overview-1280-dark.png"));
        } finally {
            page.driver().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        }
    }

    @Test
    @Order(12)
    void whenTheFeedDropsThePageSaysSoAndReconnectsByItself() throws Exception {
        page.expectConsole("ERR_CONNECTION_REFUSED");
        page.expectConsole("ERR_EMPTY_RESPONSE");
        page.expectConsole("ERR_INCOMPLETE_CHUNKED_ENCODING");
        // a request that reaches the server while it stops is refused with 503 (GatewayServer.stop drains)
        page.expectConsole("the server responded with a status of 503");
        page.open("overview");
        page.waitUntil(d -> d.findElement(By.id("feed-status")).getText().equals("Live"));

        page.stopServer();
        page.waitUntil(d -> d.findElement(By.id("feed-status")).getText().startsWith("Disconnected"));
        assertThat(page.byId("feed-status").getAttribute("class")).contains("down");
        page.startServer();
        page.waitUntil(d -> d.findElement(By.id("feed-status")).getText().equals("Live"));
        String id = page.chat(CLIENT_KEY, "gpt");

        page.waitUntil(d -> d.findElement(By.cssSelector("#requests-body tr[data-id='" + id + "']")));
    }

    @Test
    @Order(13)
    void theCostCardShowsTodaysSpendAgainstTheGatewaysBudgetAndFollowsAnEditOfIt() {
        String key = page.apiJson("POST", "/clients", "{\"name\": \"spender\"}").path("key").asText();
        page.open("overview");
        page.waitUntil(d -> d.findElement(By.id("feed-status")).getText().equals("Live"));
        BigDecimal before = gatewaySpend().path("spent_today_usd").decimalValue();

        page.chat(key, "gpt");
        JsonNode spent = page.waitUntil(d -> {
            JsonNode now = gatewaySpend();
            return now.path("spent_today_usd").decimalValue().compareTo(before) > 0 ? now : null;
        });

        page.waitUntil(d -> meterValue("#card-cost-budget", "Gateway's daily budget used")
                .compareTo(spent.path("spent_today_usd").decimalValue()) == 0);
        assertThat(meterValue("#card-cost-budget", "Gateway's monthly budget used").doubleValue()).isCloseTo(
                spent.path("spent_this_month_usd").doubleValue(), within(1e-9));
        assertThat(page.byId("card-cost-budget").getText()).contains("of $5 today", "of $100 this month");

        String config = page.api("GET", "/config", null).body();
        assertThat(config).contains("daily-usd: 5\n");
        page.putConfig(config.replace("daily-usd: 5\n", "daily-usd: 0.5\n"));
        try {
            page.waitUntil(d -> d.findElement(By.id("card-cost-budget")).getText().contains("of $0.5 today"));
        } finally {
            page.putConfig(config);
        }
        page.waitUntil(d -> d.findElement(By.id("card-cost-budget")).getText().contains("of $5 today"));
    }

    @Test
    @Order(14)
    void eachClientsSpendShowsAgainstItsOwnBudget() {
        String key = page.apiJson("POST", "/clients", "{\"name\": \"budgeted\", \"daily_usd\": 0.001, "
                + "\"monthly_usd\": 2}").path("key").asText();
        page.chat(key, "gpt");
        JsonNode spent = page.waitUntil(d -> {
            JsonNode now = clientSpend("budgeted");
            return now.path("spent_today_usd").decimalValue().signum() > 0 ? now : null;
        });

        page.open("clients");

        page.waitUntil(d -> meterValue("#clients", "budgeted: daily budget used")
                .compareTo(spent.path("spent_today_usd").decimalValue()) == 0);
        assertThat(meterValue("#clients", "budgeted: monthly budget used"))
                .isEqualByComparingTo(spent.path("spent_this_month_usd").decimalValue());
        assertThat(page.driver().findElement(By.cssSelector("#clients tr[data-client='budgeted']")).getText())
                .contains("of $0.001", "of $2");
    }

    @Test
    @Order(15)
    void theWeeksChartsAreDrawnFromTheUsageTotalsMeanLatencyIncluded() {
        page.chat(CLIENT_KEY, "gpt");
        page.waitUntil(d -> page.apiJson("GET", "/usage?from=1d&by=model", null).path("rows").size() > 0);
        JsonNode row = page.apiJson("GET", "/usage?from=1d&by=model", null).path("rows").get(0);
        assertThat(row.path("mean_latency_ms").asDouble()).isPositive();

        page.open("charts");
        new org.openqa.selenium.support.ui.Select(page.byId("chart-range")).selectByValue("week");

        // uPlot draws each chart with a legend of its series; a chart without data says so instead
        for (String chart : List.of("Requests", "Mean latency (ms)")) {
            page.waitUntil(d -> d.findElement(By.cssSelector("[aria-label^='" + chart + ",'] .u-legend"))
                    .getText().contains(row.path("model").asText()));
        }
        assertThat(page.driver().findElement(By.id("main")).getText()).contains("Per hour")
                .doesNotContain("No requests in this range");
    }

    private static JsonNode gatewaySpend() {
        return page.apiJson("GET", "/budgets", null).path("gateway");
    }

    private static JsonNode clientSpend(String name) {
        for (JsonNode c : page.apiJson("GET", "/budgets", null).path("clients")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no client '" + name + "' in GET /budgets");
    }

    /** The value of the meter named {@code label} inside {@code scope}. */
    private static BigDecimal meterValue(String scope, String label) {
        return new BigDecimal(page.driver().findElement(By.cssSelector(scope + " [role=meter][aria-label=\""
                + label + "\"]")).getAttribute("aria-valuenow"));
    }

    /** Waits until the page has drawn a frame after a change (a resize), as the browser paints it. */
    private static void nextFrame() {
        page.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "requestAnimationFrame(() => requestAnimationFrame(() => done(true)));");
    }
}
