package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.aiproxy.server.FormatUpstreams.CLIENT_KEY;
import static dev.aiproxy.server.FormatUpstreams.answer;
import static dev.aiproxy.server.FormatUpstreams.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.aiproxy.routing.Gateway;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An upstream that fails mid-stream, in its own format, reaches every client as an error event in the client's
 * format after the text already sent: each SDK raises it, and the stream ends cleanly.
 */
class StreamErrorEndToEndTest {
    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private static Gateway gateway;
    private static GatewayServer server;

    @BeforeAll
    static void start() {
        gateway = Gateway.create(FormatUpstreams.config(upstream.baseUrl()));
        server = GatewayServer.start(gateway);
    }

    @AfterAll
    static void stop() {
        server.close();
        gateway.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (StreamClients client : StreamClients.values()) {
            for (UpstreamStreams up : UpstreamStreams.values()) {
                cases.add(Arguments.of(client, up));
            }
        }
        return cases.stream();
    }

    /**
     * An upstream stream that ends cleanly but before its format's last event was cut short: a translated client must
     * not get an invented stop reason, and a passthrough client must not get the upstream's bytes ending as if they
     * were whole; both get an error event in their format after the text that came.
     */
    @ParameterizedTest(name = "{0} client, {1} upstream")
    @MethodSource("cases")
    void aStreamCutShortIsAnErrorNotAFinishedAnswer(StreamClients client, UpstreamStreams up) {
        answer(upstream, up.path, sse(up.beginning));
        StringBuilder text = new StringBuilder();

        Throwable thrown = catchThrowable(() -> client.stream(server.baseUrl(), CLIENT_KEY, up.model, text::append));

        assertThat(text.toString()).isEqualTo("Hello");
        assertThat(thrown).as("what the SDK raised").isInstanceOf(client.streamErrorClass())
                .hasMessageContaining("cut short");
    }

    @ParameterizedTest(name = "{0} client, {1} upstream")
    @MethodSource("cases")
    void theSdkRaisesTheErrorAfterTheTextBeforeIt(StreamClients client, UpstreamStreams up) {
        answer(upstream, up.path, sse(up.beginning + up.error));
        StringBuilder text = new StringBuilder();

        Throwable thrown = catchThrowable(() -> client.stream(server.baseUrl(), CLIENT_KEY, up.model, text::append));

        assertThat(text.toString()).isEqualTo("Hello");
        assertThat(thrown).as("what the SDK raised").isInstanceOf(client.streamErrorClass())
                .hasMessageContaining(up.message);
    }

    @ParameterizedTest(name = "{0} client, {1} upstream")
    @MethodSource("cases")
    void theStreamEndsWithAnErrorEventInTheClientsFormat(StreamClients client, UpstreamStreams up) throws Exception {
        answer(upstream, up.path, sse(up.beginning + up.error));

        RawHttp.Response r = RawHttp.post(server.baseUrl() + client.path(up.model, true), client.body(up.model, true),
                "Authorization", "Bearer " + CLIENT_KEY);

        assertThat(r.status()).isEqualTo(200);
        JsonNode error = client.lastErrorEvent(r.body());
        assertThat(error.get("message").asText()).contains(up.message);
    }
}
