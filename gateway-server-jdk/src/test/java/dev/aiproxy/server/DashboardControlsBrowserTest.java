package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.moreThanOrExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.aiproxy.server.DashboardBrowser.CLIENT_KEY;
import static dev.aiproxy.server.DashboardBrowser.KEY_A;
import static dev.aiproxy.server.DashboardBrowser.KEY_B;
import static dev.aiproxy.server.DashboardBrowser.fingerprint;
import static dev.aiproxy.server.FormatUpstreams.CHAT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.openai.errors.UnauthorizedException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The dashboard's remaining controls in a real browser ({@link DashboardBrowser}): keys added, removed and taken out
 * of a cooldown, an alias, a fallback and payload rules edited, a client deleted, a shown key copied. Each test drives
 * the page and then checks the effect where it matters: the config file, the management API, and real requests
 * through the gateway to the WireMock upstream. Each leaves the gateway as it found it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardControlsBrowserTest {
    private static final String KEY_C = "sk-upstream-pool-key-cccc-0123456789";
    private static final String KEY_D = "sk-upstream-pool-key-dddd-0123456789";

    @RegisterExtension
    static final DashboardBrowser page = new DashboardBrowser();

    @Test
    @Order(1)
    void aKeyAddedOnThePageIsWrittenToTheConfigFileAndServesRequests() {
        String c = fingerprint(KEY_C);
        page.open("providers");

        page.fill("add-key-up", KEY_C);
        page.driver().findElement(By.cssSelector("form[aria-label='Add a key to up'] button[type=submit]")).click();
        page.waitUntil(d -> d.findElement(By.cssSelector("tr[data-key='" + c + "']")));
        try {

            assertThat(page.configText()).contains("- api-key: " + KEY_C);
            assertThat(page.byId("providers").getText()).doesNotContain(KEY_C).contains("sk-...6789");
            page.upstream().resetRequests();
            for (int i = 0; i < 3; i++) {
                page.chat(CLIENT_KEY, "gpt");
            }
            page.upstream().verify(moreThanOrExactly(1), postRequestedFor(urlPathEqualTo(CHAT))
                    .withHeader("Authorization", equalTo("Bearer " + KEY_C)));
        } finally {
            page.api("DELETE", "/providers/up/keys/" + c, null);
        }
    }

    @Test
    @Order(2)
    void aKeyRemovedOnThePageAfterTheConfirmationLeavesTheConfigFileAndGetsNoRequests() {
        String d = fingerprint(KEY_D);
        page.apiJson("POST", "/providers/up/keys", "{\"api_key\": \"" + KEY_D + "\"}");
        page.open("providers");
        WebElement row = page.waitUntil(x -> x.findElement(By.cssSelector("tr[data-key='" + d + "']")));

        page.click("remove-" + d);
        page.dismissConfirm();
        // the view is drawn again after the button's work: had it removed the key, that would be done by then
        page.waitUntil(ExpectedConditions.stalenessOf(row));
        assertThat(page.configText()).contains(KEY_D);
        page.click("remove-" + d);
        page.acceptConfirm();
        page.waitUntil(x -> x.findElements(By.cssSelector("tr[data-key='" + d + "']")).isEmpty());

        assertThat(page.configText()).doesNotContain(KEY_D).contains(KEY_A, KEY_B);
        assertThat(page.apiJson("GET", "/providers/up", null).path("keys").findValuesAsText("fingerprint"))
                .containsExactly(fingerprint(KEY_A), fingerprint(KEY_B));
        page.upstream().resetRequests();
        for (int i = 0; i < 4; i++) {
            page.chat(CLIENT_KEY, "gpt");
        }
        page.upstream().verify(0, postRequestedFor(urlPathEqualTo(CHAT))
                .withHeader("Authorization", equalTo("Bearer " + KEY_D)));
    }

    @Test
    @Order(3)
    void clearingACooldownOnThePagePutsTheKeyBackIntoRotation() {
        String a = fingerprint(KEY_A);
        StubMapping limited = page.upstream().stubFor(post(urlPathEqualTo(CHAT))
                .withHeader("Authorization", equalTo("Bearer " + KEY_A))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "600")
                        .withHeader("Content-Type", "application/json").withBody("{\"error\": {\"message\": "
                                + "\"Rate limit reached\", \"type\": \"requests\", "
                                + "\"code\": \"rate_limit_exceeded\"}}")));
        page.open("providers");
        page.byId("disable-" + a);
        // round robin: one of two requests tries key A first, which answers 429 and cools down; B answers both
        page.chat(CLIENT_KEY, "gpt");
        page.chat(CLIENT_KEY, "gpt");

        // the text, not the row: the view redraws the row every second to count the cooldown down
        String row = page.waitUntil(d -> {
            String text = d.findElement(By.cssSelector("tr[data-key='" + a + "']")).getText();
            return text.contains("cooling") ? text : null;
        });
        assertThat(row).containsPattern("gpt-4o-mini: rate_limited, \\d+ m \\d\\d s");
        assertThat(key(a).path("state").asText()).isEqualTo("cooling");
        page.upstream().removeStub(limited);
        page.click("clear-cooldown-" + a);

        page.waitUntil(d -> d.findElement(By.cssSelector("tr[data-key='" + a + "']")).getText().contains("active"));
        assertThat(page.driver().findElements(By.id("clear-cooldown-" + a))).isEmpty();
        assertThat(key(a).path("state").asText()).isEqualTo("active");
        assertThat(key(a).path("cooldowns").size()).isZero();
        page.upstream().resetRequests();
        page.chat(CLIENT_KEY, "gpt");
        page.chat(CLIENT_KEY, "gpt");
        page.upstream().verify(moreThanOrExactly(1), postRequestedFor(urlPathEqualTo(CHAT))
                .withHeader("Authorization", equalTo("Bearer " + KEY_A)));
    }

    /** A key of the provider entry {@code up} as the API shows it. */
    private static JsonNode key(String fingerprint) {
        for (JsonNode k : page.apiJson("GET", "/providers/up", null).path("keys")) {
            if (k.path("fingerprint").asText().equals(fingerprint)) {
                return k;
            }
        }
        throw new AssertionError("no key " + fingerprint + " in GET /providers/up");
    }

    @Test
    @Order(4)
    void anAliasSetOnThePageIsANameARealRequestCanUse() {
        page.open("models");

        page.fill("alias-provider", "up");
        page.fill("alias-upstream", "gpt-4o");
        page.fill("alias-name", "big");
        page.save("alias-form");
        try {

            page.waitUntil(d -> d.findElement(By.cssSelector("#models tr[data-model='big']")).getText()
                    .contains("gpt-4o"));
            assertThat(page.configText()).contains("alias: big");
            page.upstream().resetRequests();
            page.chat(CLIENT_KEY, "big");
            page.upstream().verify(1, postRequestedFor(urlPathEqualTo(CHAT))
                    .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o"))));
        } finally {
            alias(null);
        }
    }

    /** Sets (a JSON string) or removes (null) the alias of the entry up's gpt-4o through the API. */
    private static void alias(String json) {
        page.apiJson("PUT", "/models/aliases", "{\"provider\": \"up\", \"upstream_model\": \"gpt-4o\", \"alias\": "
                + json + "}");
    }

    @Test
    @Order(5)
    void aFallbackSetOnThePageAnswersWhenTheModelCannot() throws Exception {
        alias("\"big\"");
        page.upstream().stubFor(post(urlPathEqualTo(CHAT)).withRequestBody(matchingJsonPath("$.model",
                equalTo("gpt-4o"))).willReturn(aResponse().withStatus(503)));
        page.open("models");

        page.fill("fallback-model", "big");
        page.fill("fallback-chain", "echo");
        page.save("fallback-form");
        try {

            page.waitUntil(d -> d.findElement(By.cssSelector("#models tr[data-model='big']")).getText()
                    .endsWith("echo"));
            assertThat(page.apiJson("GET", "/models", null).path("fallbacks").path("big").toString())
                    .isEqualTo("[\"echo\"]");
            RawHttp.Response r = RawHttp.post(page.baseUrl() + "/v1/chat/completions",
                    "{\"model\": \"big\", \"messages\": [{\"role\": \"user\", \"content\": \"hello\"}]}",
                    "Authorization", "Bearer " + CLIENT_KEY);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.header("X-Gateway-Model")).isEqualTo("echo");
            page.upstream().verify(moreThanOrExactly(1), postRequestedFor(urlPathEqualTo(CHAT))
                    .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o"))));
        } finally {
            page.apiJson("PUT", "/models/fallbacks", "{\"model\": \"big\", \"fallbacks\": []}");
            alias(null);
            for (String key : List.of(KEY_A, KEY_B)) {
                page.apiJson("DELETE", "/providers/up/keys/" + fingerprint(key) + "/cooldown", null);
            }
        }
    }

    @Test
    @Order(6)
    void aPayloadRuleSetOnThePageChangesWhatTheUpstreamGets() {
        page.open("models");
        page.waitUntil(d -> d.findElement(By.id("payload-rules")).getAttribute("readonly") == null);

        page.fill("payload-rules", "{\"override\": [{\"models\": [{\"name\": \"gpt-4o-mini\"}], "
                + "\"params\": {\"temperature\": 0.25}}]}");
        page.save("payload-form");
        try {

            assertThat(page.apiJson("GET", "/models/payload", null).at("/payload/override/0/params/temperature")
                    .asDouble()).isEqualTo(0.25);
            assertThat(page.configText()).contains("temperature: 0.25");
            page.upstream().resetRequests();
            page.chat(CLIENT_KEY, "gpt");
            page.upstream().verify(1, postRequestedFor(urlPathEqualTo(CHAT))
                    .withRequestBody(matchingJsonPath("$.temperature", equalTo("0.25"))));
        } finally {
            page.apiJson("PUT", "/models/payload", "{\"payload\": null}");
        }
    }

    @Test
    @Order(7)
    void aClientIsDeletedOnlyAfterTheConfirmationAndThenItsKeyIsRefused() {
        String key = page.apiJson("POST", "/clients", "{\"name\": \"doomed\"}").path("key").asText();
        assertThat(page.chat(key, "gpt")).isNotBlank();
        page.open("clients");
        page.byId("clients").findElement(By.cssSelector("tr[data-client='doomed'] button")).click();

        page.click("delete-client");
        page.dismissConfirm();
        assertThat(page.api("GET", "/clients/doomed", null).status()).isEqualTo(200);
        page.click("delete-client");
        page.acceptConfirm();
        page.waitUntil(d -> d.findElements(By.cssSelector("#clients tr[data-client='doomed']")).isEmpty());

        assertThat(page.api("GET", "/clients/doomed", null).status()).isEqualTo(404);
        assertThat(page.driver().findElement(By.id("client-editor")).isDisplayed()).isFalse();
        assertThatThrownBy(() -> page.chat(key, "gpt")).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    @Order(8)
    void theCopyButtonPutsTheShownKeyOnTheClipboard() {
        // the page copies as any page may; the test reads the clipboard back, which needs the read permission
        page.driver().executeCdpCommand("Browser.grantPermissions", Map.of("origin", page.baseUrl(),
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        try {
            String key = createClientOnThePage("copied");

            page.click("copy-key");
            page.waitUntil(d -> d.findElement(By.id("copy-status")).getText().equals("Copied."));

            Object clipboard = page.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "navigator.clipboard.readText().then(done, (e) => done('cannot read: ' + e));");
            assertThat(clipboard).isEqualTo(key);
            assertThat(page.chat((String) clipboard, "gpt")).isNotBlank();
        } finally {
            page.driver().executeCdpCommand("Browser.resetPermissions", Map.of());
        }
    }

    @Test
    @Order(9)
    void whereThePageMayNotCopyTheKeyIsSelectedForTheUserToCopy() {
        page.driver().executeCdpCommand("Browser.setPermission", Map.of("origin", page.baseUrl(),
                "permission", Map.of("name", "clipboard-write"), "setting", "denied"));
        try {
            String key = createClientOnThePage("selected");

            page.click("copy-key");

            page.waitUntil(d -> d.findElement(By.id("copy-status")).getText().contains("the key is selected"));
            assertThat(page.driver().executeScript("return window.getSelection().toString()")).isEqualTo(key);
            assertThat(page.chat(key, "gpt")).isNotBlank();
        } finally {
            page.driver().executeCdpCommand("Browser.resetPermissions", Map.of());
        }
    }

    /** Creates a client with the page's form; answers the key the page shows once. */
    private static String createClientOnThePage(String name) {
        page.open("clients");
        page.fill("new-client-name", name);
        page.submit("new-client");
        return page.waitUntil(d -> {
            String shown = d.findElement(By.id("new-key")).getText();
            return shown.isEmpty() ? null : shown;
        });
    }
}
