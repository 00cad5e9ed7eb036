package dev.aiproxy.server;

import static dev.aiproxy.server.FormatUpstreams.CLIENT_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.aiproxy.routing.Gateway;
import dev.aiproxy.server.testing.BreakingUpstream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An upstream whose connection drops mid-stream is never shown to a client as a stream that ended normally: a
 * translated or passthrough stream ends with an error event in the client's format, so each SDK raises instead of
 * returning a truncated answer as if it were whole.
 */
class UpstreamBreakOffTest {
    private static BreakingUpstream upstream;
    private static Gateway gateway;
    private static GatewayServer server;

    @BeforeAll
    static void start() throws IOException {
        upstream = BreakingUpstream.dropping();
        gateway = Gateway.create(FormatUpstreams.config(upstream.baseUrl()));
        server = GatewayServer.start(gateway);
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        gateway.close();
        upstream.close();
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

    @ParameterizedTest(name = "{0} client, {1} upstream")
    @MethodSource("cases")
    void theSdkRaisesAfterTheTextThatArrived(StreamClients client, UpstreamStreams up) {
        upstream.sends(up.beginning);
        StringBuilder text = new StringBuilder();

        Throwable thrown = catchThrowable(() -> client.stream(server.baseUrl(), CLIENT_KEY, up.model, text::append));

        assertThat(text.toString()).isEqualTo("Hello");
        // passthrough and translated alike: the stream ends with an error event in the client's format
        assertThat(thrown).as("what the SDK raised").isInstanceOf(client.streamErrorClass())
                .hasMessageContaining("upstream stream broke off");
    }

    @ParameterizedTest(name = "{0} client, {1} upstream")
    @MethodSource("cases")
    void theClientSeesTheBreak(StreamClients client, UpstreamStreams up) throws Exception {
        upstream.sends(up.beginning);
        String url = server.baseUrl() + client.path(up.model, true);
        String body = client.body(up.model, true);

        RawHttp.Response r = RawHttp.post(url, body, "Authorization", "Bearer " + CLIENT_KEY);
        assertThat(r.status()).isEqualTo(200);
        assertThat(client.lastErrorEvent(r.body()).get("message").asText()).contains("upstream stream broke off");
    }
}
