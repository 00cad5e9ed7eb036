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

    /** An upstream that streams "Hel", "lo", then an error, each in its own format. */
    enum FailingUpstream {
        OPENAI(FormatUpstreams.GPT, FormatUpstreams.CHAT, "The server had an error while processing your request.",
                chunk("{\"role\":\"assistant\",\"content\":\"Hel\"}") + chunk("{\"content\":\"lo\"}")
                + "data: {\"error\":{\"message\":\"The server had an error while processing your request.\","
                + "\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n"),
        ANTHROPIC(FormatUpstreams.CLAUDE, FormatUpstreams.MESSAGES, "Overloaded", """
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_01Err","type":"message","role":"assistant",\
                "content":[],"model":"claude-sonnet-4-5-20250929","stop_reason":null,"stop_sequence":null,\
                "usage":{"input_tokens":9,"output_tokens":1}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"lo"}}

                event: error
                data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}

                """),
        GEMINI(FormatUpstreams.GEMINI, FormatUpstreams.GEMINI_STREAM, "The model is overloaded.",
                geminiChunk("Hel") + geminiChunk("lo")
                + "data: {\"error\":{\"code\":503,\"message\":\"The model is overloaded.\",\"status\":\"UNAVAILABLE\"}}"
                + "\r\n\r\n");

        final String model;
        final String path;
        final String message;
        final String body;

        FailingUpstream(String model, String path, String message, String body) {
            this.model = model;
            this.path = path;
            this.message = message;
            this.body = body;
        }

        private static String chunk(String delta) {
            return "data: {\"id\":\"chatcmpl-err\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                    + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":" + delta
                    + ",\"finish_reason\":null}]}\n\n";
        }

        private static String geminiChunk(String text) {
            return "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + text + "\"}],\"role\":\"model\"},"
                    + "\"index\":0}],\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"err1\"}\r\n\r\n";
        }
    }

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
            for (FailingUpstream up : FailingUpstream.values()) {
                cases.add(Arguments.of(client, up));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} client, {1} upstream")
    @MethodSource("cases")
    void theSdkRaisesTheErrorAfterTheTextBeforeIt(StreamClients client, FailingUpstream up) {
        answer(upstream, up.path, sse(up.body));
        StringBuilder text = new StringBuilder();

        Throwable thrown = catchThrowable(() -> client.stream(server.baseUrl(), CLIENT_KEY, up.model, text::append));

        assertThat(text.toString()).isEqualTo("Hello");
        assertThat(thrown).as("what the SDK raised").isInstanceOf(client.streamErrorClass())
                .hasMessageContaining(up.message);
    }

    @ParameterizedTest(name = "{0} client, {1} upstream")
    @MethodSource("cases")
    void theStreamEndsWithAnErrorEventInTheClientsFormat(StreamClients client, FailingUpstream up) throws Exception {
        answer(upstream, up.path, sse(up.body));

        RawHttp.Response r = RawHttp.post(server.baseUrl() + client.path(up.model), client.body(up.model),
                "Authorization", "Bearer " + CLIENT_KEY);

        assertThat(r.status()).isEqualTo(200);
        List<SseEvents.Event> events = SseEvents.parse(r.body());
        SseEvents.Event last = events.getLast();
        JsonNode error = switch (client) {
            case OPENAI_CHAT -> {
                assertThat(last.name()).isNull();
                yield openAiError(last.data());
            }
            case OPENAI_RESPONSES -> {
                assertThat(last.name()).isEqualTo("error");
                JsonNode data = ErrorBodies.parse(last.data(), r.body());
                assertThat(data.get("type").asText()).isEqualTo("error");
                yield data;
            }
            case ANTHROPIC -> {
                assertThat(last.name()).isEqualTo("error");
                yield ErrorBodies.anthropic(last.data(), r.body());
            }
            case GEMINI -> {
                assertThat(last.name()).isNull();
                yield ErrorBodies.gemini(last.data(), r.body());
            }
        };
        assertThat(error.get("message").asText()).contains(up.message);
    }

    private static JsonNode openAiError(String data) {
        JsonNode body = ErrorBodies.parse(data, data);
        List<String> names = new ArrayList<>();
        body.fieldNames().forEachRemaining(names::add);
        assertThat(names).as(data).containsExactly("error");
        List<String> fields = new ArrayList<>();
        body.get("error").fieldNames().forEachRemaining(fields::add);
        assertThat(fields).as(data).containsExactly("message", "type", "param", "code");
        return body.get("error");
    }
}
