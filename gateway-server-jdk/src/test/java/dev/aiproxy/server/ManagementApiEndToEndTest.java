package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.aiproxy.server.FormatUpstreams.CHAT;
import static dev.aiproxy.server.FormatUpstreams.GPT;
import static dev.aiproxy.server.FormatUpstreams.answer;
import static dev.aiproxy.server.FormatUpstreams.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.translate.testing.Await;
import dev.aiproxy.translate.testing.Fixtures;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The management API's guard and its usage resources, over HTTP against the running server. */
class ManagementApiEndToEndTest {
    private static final String SECRET = "gw-management-secret-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path dir;

    private RunningGateway running;

    @AfterEach
    void stop() {
        if (running != null) {
            running.close();
        }
    }

    private void start(GatewayConfig config) {
        running = RunningGateway.withStore(config, dir);
    }

    private void startWithSecret() {
        start(FormatUpstreams.config(upstream.baseUrl()).toBuilder().managementSecret(SECRET).build());
    }

    private String url(String path) {
        return running.baseUrl() + "/v0/management" + path;
    }

    private static JsonNode error(RawHttp.Response r) throws Exception {
        assertThat(r.headers().get("content-type")).containsExactly("application/json");
        return JSON.readTree(r.body()).path("error");
    }

    @Test
    void withoutASecretThereIsNoManagementApi() throws Exception {
        start(FormatUpstreams.config(upstream.baseUrl()));

        RawHttp.Response r = RawHttp.get(url("/usage"), "Authorization", "Bearer " + SECRET);

        assertThat(r.status()).isEqualTo(404);
        assertThat(error(r).path("message").asText()).contains("remote-management.secret-key");
    }

    @Test
    void aMissingOrWrongSecretIs401AndTheRightOneOpensTheApi() throws Exception {
        startWithSecret();

        RawHttp.Response missing = RawHttp.get(url("/usage"));
        RawHttp.Response wrong = RawHttp.get(url("/usage"), "Authorization", "Bearer not-the-secret");
        RawHttp.Response bearer = RawHttp.get(url("/usage"), "Authorization", "Bearer " + SECRET);
        RawHttp.Response ownHeader = RawHttp.get(url("/usage"), "X-Management-Key", SECRET);

        assertThat(missing.status()).isEqualTo(401);
        assertThat(error(missing).path("message").asText()).contains("X-Management-Key");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(bearer.status()).isEqualTo(200);
        assertThat(ownHeader.status()).isEqualTo(200);
        assertThat(JSON.readTree(bearer.body()).path("rows").isArray()).isTrue();
    }

    @Test
    void repeatedWrongSecretsFromOneAddressGet429() throws Exception {
        startWithSecret();
        for (int i = 0; i < 5; i++) {
            assertThat(RawHttp.get(url("/usage"), "X-Management-Key", "guess-" + i).status()).isEqualTo(401);
        }

        RawHttp.Response locked = RawHttp.get(url("/usage"), "X-Management-Key", SECRET);

        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.headers().get("retry-after")).containsExactly("60");
    }

    @Test
    void anotherMachineIsRefusedWithoutAllowRemote() throws Exception {
        start(FormatUpstreams.config(upstream.baseUrl()).toBuilder().host("0.0.0.0").managementSecret(SECRET)
                .build());
        String lan = networkAddress();

        RawHttp.Response r = RawHttp.get("http://" + lan + ":" + running.server().port() + "/v0/management/usage",
                "Authorization", "Bearer " + SECRET);

        assertThat(r.status()).isEqualTo(403);
        assertThat(error(r).path("message").asText()).contains("allow-remote");
    }

    @Test
    void unknownPathsAndMethodsAndBadParametersAreNamed() throws Exception {
        startWithSecret();

        RawHttp.Response unknown = RawHttp.get(url("/nothing-here"), "X-Management-Key", SECRET);
        RawHttp.Response method = RawHttp.send("DELETE", url("/usage"),
                java.net.http.HttpRequest.BodyPublishers.noBody(), "X-Management-Key", SECRET);
        RawHttp.Response badBy = RawHttp.get(url("/usage?by=colour"), "X-Management-Key", SECRET);
        RawHttp.Response badLimit = RawHttp.get(url("/requests?limit=0"), "X-Management-Key", SECRET);
        RawHttp.Response badCursor = RawHttp.get(url("/requests?cursor=zz"), "X-Management-Key", SECRET);

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.headers().get("allow")).containsExactly("GET");
        assertThat(badBy.status()).isEqualTo(400);
        assertThat(error(badBy).path("param").asText()).isEqualTo("by");
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(error(badLimit).path("param").asText()).isEqualTo("limit");
        assertThat(badCursor.status()).isEqualTo(400);
        assertThat(error(badCursor).path("param").asText()).isEqualTo("cursor");
    }

    @Test
    void aRequestMadeWithTheSdkIsInTheLogAndTheTotals() throws Exception {
        answer(upstream, CHAT, json(200, Fixtures.bytes("openai/chat-completion.json")));
        startWithSecret();
        OpenAIClient openAi = OpenAIOkHttpClient.builder().baseUrl(running.baseUrl() + "/v1")
                .apiKey(FormatUpstreams.CLIENT_KEY).maxRetries(0).build();
        var completion = openAi.chat().completions().withRawResponse()
                .create(ChatCompletionCreateParams.builder().model(GPT).addUserMessage("Hi").build());
        completion.parse();
        Await.until(Duration.ofSeconds(20), () -> running.store().status().written() == 1, "the record written");

        JsonNode page = JSON.readTree(RawHttp.get(url("/requests?limit=10&model=" + GPT), "X-Management-Key",
                SECRET).body());
        JsonNode totals = JSON.readTree(RawHttp.get(url("/usage?by=client,model&from=1d"), "X-Management-Key",
                SECRET).body());

        JsonNode request = page.path("requests").get(0);
        assertThat(page.path("requests")).hasSize(1);
        assertThat(request.path("id").asText()).isEqualTo(completion.requestId().orElseThrow());
        assertThat(request.path("model").asText()).isEqualTo(GPT);
        assertThat(request.path("status").asInt()).isEqualTo(200);
        assertThat(request.path("tokens").path("input").asLong()).isEqualTo(19);
        assertThat(request.path("served").path("provider").asText()).isNotBlank();
        assertThat(request.path("cost_usd").decimalValue()).isPositive();
        assertThat(page.path("next").isNull()).isTrue();
        assertThat(totals.path("by")).extracting(JsonNode::asText).containsExactly("client", "model");
        assertThat(totals.path("rows")).hasSize(1);
        assertThat(totals.path("rows").get(0).path("requests").asLong()).isEqualTo(1);
    }

    /** An IPv4 address of this machine that is not loopback. */
    private static String networkAddress() throws Exception {
        for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : nic.inetAddresses().toList()) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    return address.getHostAddress();
                }
            }
        }
        throw new AssertionError("this machine has no network address besides loopback to test from");
    }
}
