package dev.aiproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.config.HttpAccess;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A web page must not spend the user's provider keys through the keyless loopback gateway: a browser sends a
 * cross-site {@code text/plain} POST without asking first, and DNS rebinding lets the page read the answer. The server
 * refuses a {@code Host} that is not one of its names, any {@code Origin} it was not told to allow, and a JSON endpoint
 * body that is not {@code application/json}, each in the client's format. Allowed origins get CORS.
 */
class BrowserRequestsTest {
    private static final String CHAT = "/v1/chat/completions";
    private static final String CHAT_BODY =
            "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String MESSAGES_BODY = "{\"model\":\"echo\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"hi\"}]}";
    private static final String GEMINI_BODY = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}";
    private static final String GEMINI = "/v1beta/models/echo:generateContent";

    private Gateway gateway;
    private GatewayServer server;

    @AfterEach
    void stop() {
        server.close();
        gateway.close();
    }

    private void start(HttpAccess access, String... clientKeys) {
        GatewayConfig.Builder config = GatewayConfig.builder().port(0).access(access);
        for (String key : clientKeys) {
            config.addClientKey(key);
        }
        gateway = Gateway.create(config.build());
        server = GatewayServer.start(gateway);
    }

    private void start() {
        start(HttpAccess.DEFAULTS);
    }

    /** A POST as a browser or curl would send it: every header given, and the body's length. */
    private RawHttp.Response post(String path, String body, String host, String... headers) throws Exception {
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: " + host);
        for (String header : headers) {
            head.append("\r\n").append(header);
        }
        return SocketHttp.exchange(server.port(), head.toString(), body);
    }

    private String here() {
        return "127.0.0.1:" + server.port();
    }

    @Test
    void aCrossSitePlainTextPostThroughARebindingNameIsRefused() throws Exception {
        start();

        RawHttp.Response r = post(CHAT, CHAT_BODY, "evil.example:" + server.port(), "Content-Type: text/plain",
                "Origin: http://evil.example");

        assertThat(r.status()).isEqualTo(403);
        assertThat(ErrorBodies.openAi(r).get("code").asText()).isEqualTo("host_not_allowed");
        assertThat(r.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void aForeignHostIsRefusedInEachClientsFormat() throws Exception {
        start();
        String evil = "evil.example:" + server.port();

        RawHttp.Response openAi = post(CHAT, CHAT_BODY, evil, "Content-Type: application/json");
        RawHttp.Response anthropic = post("/v1/messages", MESSAGES_BODY, evil, "Content-Type: application/json",
                "anthropic-version: 2023-06-01");
        RawHttp.Response gemini = post(GEMINI, GEMINI_BODY, evil, "Content-Type: application/json");

        assertThat(openAi.status()).isEqualTo(403);
        assertThat(ErrorBodies.openAi(openAi).get("message").asText())
                .isEqualTo("the Host header names 'evil.example', which is not a name of this gateway: a web page "
                        + "may be trying to reach it through DNS rebinding. Reach the gateway by its address or "
                        + "'localhost', or add the name to 'allowed-hosts'");
        assertThat(anthropic.status()).isEqualTo(403);
        assertThat(ErrorBodies.anthropic(anthropic).get("type").asText()).isEqualTo("permission_error");
        assertThat(gemini.status()).isEqualTo(403);
        assertThat(ErrorBodies.gemini(gemini).get("status").asText()).isEqualTo("PERMISSION_DENIED");
    }

    @Test
    void theGatewaysOwnNamesAndAddressesAreServed() throws Exception {
        start();

        for (String host : List.of("127.0.0.1:" + server.port(), "localhost:" + server.port(), "LocalHost",
                "localhost.:" + server.port(), "[::1]:" + server.port(), "10.1.2.3:8317")) {
            RawHttp.Response r = post(CHAT, CHAT_BODY, host, "Content-Type: application/json");

            assertThat(r.status()).as(host).isEqualTo(200);
        }
    }

    @Test
    void allowedHostsAddsNames() throws Exception {
        start(new HttpAccess(List.of("Gateway.Internal"), List.of()));

        RawHttp.Response listed = post(CHAT, CHAT_BODY, "gateway.internal:" + server.port(),
                "Content-Type: application/json");
        RawHttp.Response other = post(CHAT, CHAT_BODY, "other.internal", "Content-Type: application/json");

        assertThat(listed.status()).isEqualTo(200);
        assertThat(other.status()).isEqualTo(403);
    }

    @Test
    void anAllowedHostOfStarAcceptsAnyName() throws Exception {
        start(new HttpAccess(List.of("*"), List.of()));

        assertThat(post(CHAT, CHAT_BODY, "anything.example", "Content-Type: application/json").status())
                .isEqualTo(200);
    }

    @Test
    void aForeignOriginIsRefusedEvenOnTheGatewaysOwnName() throws Exception {
        start();

        RawHttp.Response r = post(CHAT, CHAT_BODY, here(), "Content-Type: application/json",
                "Origin: http://evil.example");

        assertThat(r.status()).isEqualTo(403);
        JsonNode error = ErrorBodies.openAi(r);
        assertThat(error.get("code").asText()).isEqualTo("origin_not_allowed");
        assertThat(error.get("message").asText()).isEqualTo("requests from web pages are refused (Origin "
                + "'http://evil.example'): a page must not spend this gateway's provider keys. List the origin in "
                + "'allowed-origins' to let it call the gateway");
        assertThat(r.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void aPlainTextOrUntypedBodyIs415InTheClientsFormat() throws Exception {
        start();

        RawHttp.Response text = post(CHAT, CHAT_BODY, here(), "Content-Type: text/plain");
        RawHttp.Response form = post(CHAT, CHAT_BODY, here(), "Content-Type: application/x-www-form-urlencoded");
        RawHttp.Response untyped = post(CHAT, CHAT_BODY, here());
        RawHttp.Response anthropic = post("/v1/messages", MESSAGES_BODY, here(), "Content-Type: text/plain");
        RawHttp.Response gemini = post(GEMINI, GEMINI_BODY, here(), "Content-Type: text/plain;charset=UTF-8");

        assertThat(text.status()).isEqualTo(415);
        assertThat(ErrorBodies.openAi(text).get("message").asText()).isEqualTo("the body must be JSON, sent with "
                + "'Content-Type: application/json'; got 'text/plain'");
        assertThat(ErrorBodies.openAi(text).get("code").asText()).isEqualTo("unsupported_media_type");
        assertThat(form.status()).isEqualTo(415);
        assertThat(untyped.status()).isEqualTo(415);
        assertThat(ErrorBodies.openAi(untyped).get("message").asText()).isEqualTo("the body must be JSON, sent with "
                + "'Content-Type: application/json'; got no Content-Type");
        assertThat(anthropic.status()).isEqualTo(415);
        assertThat(ErrorBodies.anthropic(anthropic).get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(gemini.status()).isEqualTo(415);
        ErrorBodies.gemini(gemini);
    }

    @Test
    void jsonWithParametersOrInAnotherCaseIsAccepted() throws Exception {
        start();

        for (String type : List.of("application/json; charset=utf-8", "Application/JSON", "application/json;")) {
            assertThat(post(CHAT, CHAT_BODY, here(), "Content-Type: " + type).status()).as(type).isEqualTo(200);
        }
        assertThat(post(CHAT, CHAT_BODY, here(), "Content-Type: application/jsonp").status()).isEqualTo(415);
    }

    @Test
    void anAllowedOriginGetsAPreflightAnswerAndCorsHeaders() throws Exception {
        start(new HttpAccess(List.of(), List.of("https://app.example.com")), "gw-browser-key");

        RawHttp.Response preflight = SocketHttp.exchange(server.port(), "OPTIONS " + CHAT + " HTTP/1.1\r\nHost: "
                + here() + "\r\nOrigin: https://app.example.com\r\nAccess-Control-Request-Method: POST\r\n"
                + "Access-Control-Request-Headers: authorization,content-type,x-stainless-os", "");
        RawHttp.Response call = post(CHAT, CHAT_BODY, here(), "Content-Type: application/json",
                "Origin: https://app.example.com", "Authorization: Bearer gw-browser-key");
        RawHttp.Response keyless = post(CHAT, CHAT_BODY, here(), "Content-Type: application/json",
                "Origin: https://app.example.com");

        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
        assertThat(preflight.header("Access-Control-Allow-Methods")).isEqualTo("POST");
        assertThat(preflight.header("Access-Control-Allow-Headers"))
                .isEqualTo("authorization,content-type,x-stainless-os");
        assertThat(preflight.header("Access-Control-Max-Age")).isEqualTo("600");
        assertThat(preflight.header("Vary")).startsWith("Origin, ");
        assertThat(call.status()).isEqualTo(200);
        assertThat(call.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
        assertThat(call.headers().get("Vary")).contains("Origin");
        assertThat(keyless.status()).as("the page still needs a client key").isEqualTo(401);
        assertThat(keyless.header("Access-Control-Allow-Origin")).as("so it can read the error")
                .isEqualTo("https://app.example.com");
    }

    @Test
    void aPreflightForDeletingAStoredResponseAllowsDelete() throws Exception {
        start(new HttpAccess(List.of(), List.of("https://app.example.com")), "gw-browser-key");

        RawHttp.Response preflight = SocketHttp.exchange(server.port(), "OPTIONS /v1/responses/resp_1 HTTP/1.1\r\n"
                + "Host: " + here() + "\r\nOrigin: https://app.example.com\r\nAccess-Control-Request-Method: DELETE",
                "");

        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Methods")).isEqualTo("DELETE");
    }

    @Test
    void aPreflightFromAForeignOriginIsRefused() throws Exception {
        start(new HttpAccess(List.of(), List.of("https://app.example.com")));

        RawHttp.Response r = SocketHttp.exchange(server.port(), "OPTIONS " + CHAT + " HTTP/1.1\r\nHost: " + here()
                + "\r\nOrigin: https://evil.example\r\nAccess-Control-Request-Method: POST", "");

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.header("Access-Control-Allow-Origin")).isNull();
        ErrorBodies.openAi(r);
    }

    @Test
    void anOptionsRequestThatIsNoPreflightIsStill405() throws Exception {
        start();

        RawHttp.Response r = SocketHttp.exchange(server.port(), "OPTIONS " + CHAT + " HTTP/1.1\r\nHost: " + here(),
                "");

        assertThat(r.status()).isEqualTo(405);
        assertThat(r.header("Allow")).isEqualTo("POST");
    }
}
