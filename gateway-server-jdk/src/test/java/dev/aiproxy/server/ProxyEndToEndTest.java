package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.aiproxy.server.FormatUpstreams.CHAT;
import static dev.aiproxy.server.FormatUpstreams.CLIENT_KEY;
import static dev.aiproxy.server.FormatUpstreams.GPT;
import static dev.aiproxy.server.FormatUpstreams.GPT_KEY;
import static dev.aiproxy.server.FormatUpstreams.answer;
import static dev.aiproxy.server.FormatUpstreams.json;
import static dev.aiproxy.server.FormatUpstreams.sse;
import static dev.aiproxy.server.TlsUpstreams.GLOBAL_CA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.openai.client.OpenAIClient;
import com.openai.errors.InternalServerException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.server.testing.LoopbackProxy;
import dev.aiproxy.translate.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A key's {@code proxy-url} through a real HTTP proxy started by the test: an https upstream through a CONNECT tunnel
 * (TLS end to end, the proxy sees only bytes), a plain-http upstream through the proxy in absolute form, and a proxy
 * that refuses the tunnel.
 */
class ProxyEndToEndTest {
    /** One WireMock with both an https and a plain http port. */
    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(TlsUpstreams.https().httpDisabled(false).dynamicPort()).build();

    private LoopbackProxy proxy;
    private Gateway gateway;
    private GatewayServer server;
    private OpenAIClient openAi;

    private void start(String upstreamUrl) {
        gateway = Gateway.create(TlsUpstreams.config(GLOBAL_CA, "", "proxy-url: ${PROXY}",
                Map.of("UPSTREAM", upstreamUrl, "PROXY", proxy.uri().toString())));
        server = GatewayServer.start(gateway);
        openAi = StreamClients.openAi(server.baseUrl(), CLIENT_KEY);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            openAi.close();
            server.close();
            gateway.close();
        }
        proxy.close();
    }

    private static ChatCompletionCreateParams hello() {
        return ChatCompletionCreateParams.builder().model(GPT).addUserMessage("Hello").build();
    }

    private static List<String> protocols() {
        return upstream.getAllServeEvents().stream().map(ServeEvent::getRequest).map(r -> r.getProtocol()).toList();
    }

    @Test
    void anHttpsUpstreamIsReachedThroughOneConnectTunnel() throws Exception {
        proxy = LoopbackProxy.http();
        start("https://127.0.0.1:" + upstream.getHttpsPort());

        answer(upstream, CHAT, json(200, Fixtures.bytes("openai/chat-completion.json")));
        assertThat(openAi.chat().completions().create(hello()).choices().getFirst().message().content())
                .contains("Hello! How can I assist you today?");
        answer(upstream, CHAT, sse(Fixtures.bytes("openai/chat-completion-stream.sse")));
        StringBuilder text = new StringBuilder();
        StreamClients.OPENAI_CHAT.stream(server.baseUrl(), CLIENT_KEY, GPT, text::append);
        assertThat(text.toString()).isEqualTo("Hello! How can I help?");

        assertThat(proxy.tunnels()).containsExactly("127.0.0.1:" + upstream.getHttpsPort());
        assertThat(proxy.connections()).isEqualTo(1);
        assertThat(protocols()).containsExactly("HTTP/2.0", "HTTP/2.0");
        upstream.verify(2, postRequestedFor(urlEqualTo(CHAT))
                .withHeader("Authorization", equalTo("Bearer " + GPT_KEY)));
    }

    @Test
    void aPlainHttpUpstreamIsReachedThroughTheProxyInAbsoluteForm() throws Exception {
        proxy = LoopbackProxy.http();
        answer(upstream, CHAT, json(200, Fixtures.bytes("openai/chat-completion.json")));
        start("http://127.0.0.1:" + upstream.getPort());

        assertThat(openAi.chat().completions().create(hello()).choices()).hasSize(1);

        assertThat(proxy.forwarded()).containsExactly(
                "POST http://127.0.0.1:" + upstream.getPort() + "/v1/chat/completions HTTP/1.1");
        assertThat(proxy.tunnels()).isEmpty();
        assertThat(protocols()).containsExactly("HTTP/1.1");
        upstream.verify(postRequestedFor(urlEqualTo(CHAT)).withHeader("Authorization", equalTo("Bearer " + GPT_KEY)));
    }

    @Test
    void aProxyThatRefusesTheTunnelIs502() throws Exception {
        proxy = LoopbackProxy.refusingTunnels();
        answer(upstream, CHAT, json(200, Fixtures.bytes("openai/chat-completion.json")));
        start("https://127.0.0.1:" + upstream.getHttpsPort());

        assertThatThrownBy(() -> openAi.chat().completions().create(hello()))
                .isInstanceOfSatisfying(InternalServerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(502);
                    assertThat(e.getMessage()).contains("openai#0", "403");
                });
        assertThat(upstream.getAllServeEvents()).isEmpty();
    }
}
