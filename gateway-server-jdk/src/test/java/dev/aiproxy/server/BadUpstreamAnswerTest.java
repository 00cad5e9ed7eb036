package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.aiproxy.server.FormatUpstreams.CLIENT_KEY;
import static dev.aiproxy.server.FormatUpstreams.answer;
import static dev.aiproxy.server.FormatUpstreams.json;
import static dev.aiproxy.server.FormatUpstreams.sse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.translate.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An upstream that answers 200 with a body the gateway cannot read (cut short, or with a field of the wrong type)
 * gives a client of another format a 502 in the client's own shape, or, once a stream has begun, an error event in
 * it, never a 500 or a broken connection (a client of the upstream's own format gets the bytes as they are, since
 * passthrough never parses an answer).
 */
class BadUpstreamAnswerTest {
    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private static Gateway gateway;
    private static GatewayServer server;

    /** Each upstream format, the client format it passes through to, and where it is called. */
    enum Upstream {
        OPENAI(FormatUpstreams.GPT, StreamClients.OPENAI_CHAT, FormatUpstreams.CHAT, FormatUpstreams.CHAT),
        ANTHROPIC(FormatUpstreams.CLAUDE, StreamClients.ANTHROPIC, FormatUpstreams.MESSAGES, FormatUpstreams.MESSAGES),
        GEMINI(FormatUpstreams.GEMINI, StreamClients.GEMINI, FormatUpstreams.GEMINI_GENERATE,
                FormatUpstreams.GEMINI_STREAM);

        final String model;
        final StreamClients sameFormat;
        final String path;
        final String streamPath;

        Upstream(String model, StreamClients sameFormat, String path, String streamPath) {
            this.model = model;
            this.sameFormat = sameFormat;
            this.path = path;
            this.streamPath = streamPath;
        }
    }

    /** A broken upstream answer. */
    record Defect(Upstream upstream, String what, String body) {
        @Override
        public String toString() {
            return upstream + " " + what;
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

    private static String half(String fixture) {
        byte[] all = Fixtures.bytes(fixture);
        return new String(Arrays.copyOf(all, all.length / 2), StandardCharsets.UTF_8);
    }

    /** {@code text} with the first match replaced; fails when nothing matches, so no defect is silently absent. */
    private static String replaced(String text, boolean regex, String target, String replacement) {
        String result = regex ? text.replaceFirst(target, replacement) : text.replace(target, replacement);
        if (result.equals(text)) {
            throw new IllegalStateException("no '" + target + "' in " + text);
        }
        return result;
    }

    static List<Defect> answers() {
        String openAi = Fixtures.text("openai/chat-completion.json");
        String openAiTool = Fixtures.text("openai/chat-completion-tool-call.json");
        String anthropic = Fixtures.text("anthropic/message.json");
        String anthropicTool = Fixtures.text("anthropic/message-tool-use.json");
        String gemini = Fixtures.text("gemini/generate-content-text.json");
        String geminiCall = Fixtures.text("gemini/generate-content-function-call.json");
        return List.of(
                new Defect(Upstream.OPENAI, "cut in half", half("openai/chat-completion.json")),
                new Defect(Upstream.OPENAI, "choices as a string", "{\"id\":\"x\",\"choices\":\"none\"}"),
                new Defect(Upstream.OPENAI, "content as an object", replaced(openAi, true,
                        "\"content\": \"[^\"]*\"", "\"content\": {\"text\": \"Hi\"}")),
                new Defect(Upstream.OPENAI, "token count as a string", replaced(openAi, false,
                        "\"prompt_tokens\": 19", "\"prompt_tokens\": \"19\"")),
                new Defect(Upstream.OPENAI, "tool arguments as an object", replaced(openAiTool, true,
                        "\"arguments\": \"[^}]*}\"", "\"arguments\": {\"location\": \"Boston\"}")),
                new Defect(Upstream.OPENAI, "an array", "[]"),
                new Defect(Upstream.ANTHROPIC, "cut in half", half("anthropic/message.json")),
                new Defect(Upstream.ANTHROPIC, "content as a string", replaced(anthropic, true,
                        "\"content\": \\[[^]]*]", "\"content\": \"Hi\"")),
                new Defect(Upstream.ANTHROPIC, "text as a number", replaced(anthropic, false,
                        "\"Hi! My name is Claude.\"", "42")),
                new Defect(Upstream.ANTHROPIC, "token count as a string", replaced(anthropic, false,
                        "\"input_tokens\": 2095", "\"input_tokens\": \"2095\"")),
                new Defect(Upstream.ANTHROPIC, "tool input as a string", replaced(anthropicTool, true,
                        "\"input\": \\{[^}]*}", "\"input\": \"San Francisco\"")),
                new Defect(Upstream.ANTHROPIC, "null", "null"),
                new Defect(Upstream.GEMINI, "cut in half", half("gemini/generate-content-text.json")),
                new Defect(Upstream.GEMINI, "candidates as an object",
                        "{\"candidates\": {\"content\": {\"parts\": [{\"text\": \"Hi\"}]}}}"),
                new Defect(Upstream.GEMINI, "parts as a string", replaced(gemini, true,
                        "\"parts\": \\[[^]]*]", "\"parts\": \"text\"")),
                new Defect(Upstream.GEMINI, "token count as a string", replaced(gemini, false,
                        "\"promptTokenCount\": 8", "\"promptTokenCount\": \"eight\"")),
                new Defect(Upstream.GEMINI, "function args as a string", replaced(geminiCall, true,
                        "\"args\": \\{[^}]*}", "\"args\": \"Paris\"")),
                new Defect(Upstream.GEMINI, "a string", "\"text\""));
    }

    static List<Defect> streams() {
        String openAiChunk = "data: {\"id\":\"chatcmpl-x\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                + "\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n";
        String anthropicStart = """
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_x","type":"message","role":"assistant",\
                "content":[],"model":"claude-sonnet-4-5-20250929","stop_reason":null,"stop_sequence":null,\
                "usage":{"input_tokens":9,"output_tokens":1}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                """;
        String geminiChunk = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hel\"}],\"role\":\"model\"},"
                + "\"index\":0}],\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"r1\"}\r\n\r\n";
        return List.of(
                new Defect(Upstream.OPENAI, "a chunk cut short at the end", openAiChunk
                        + "data: {\"id\":\"chatcmpl-x\",\"choices\":[{\"ind"),
                new Defect(Upstream.OPENAI, "choices as a string", openAiChunk
                        + "data: {\"id\":\"x\",\"choices\":\"no\"}\n\n"),
                new Defect(Upstream.OPENAI, "content as a number", replaced(openAiChunk, false, "\"Hel\"", "42")),
                new Defect(Upstream.OPENAI, "a chunk that is not JSON", openAiChunk + "data: <html>502</html>\n\n"),
                new Defect(Upstream.OPENAI, "nothing but [DONE]", "data: [DONE]\n\n"),
                new Defect(Upstream.OPENAI, "tool arguments as an object", openAiChunk
                        + "data: {\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
                        + "\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":{}}}]},"
                        + "\"finish_reason\":null}]}\n\n"),
                new Defect(Upstream.ANTHROPIC, "an event cut short at the end", anthropicStart
                        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"ind"),
                new Defect(Upstream.ANTHROPIC, "a delta's text as a number", anthropicStart
                        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"text_delta\",\"text\":42}}\n\n"),
                new Defect(Upstream.ANTHROPIC, "a message as a string", "event: message_start\n"
                        + "data: {\"type\":\"message_start\",\"message\":\"msg_x\"}\n\n"),
                new Defect(Upstream.ANTHROPIC, "a block index as a string", anthropicStart
                        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":\"0\","
                        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"lo\"}}\n\n"),
                new Defect(Upstream.ANTHROPIC, "a delta for a block never started", anthropicStart
                        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":3,"
                        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"lo\"}}\n\n"),
                new Defect(Upstream.ANTHROPIC, "a second message_start", anthropicStart + anthropicStart),
                new Defect(Upstream.ANTHROPIC, "usage as a string", anthropicStart
                        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
                        + "\"end_turn\"},\"usage\":\"lots\"}\n\n"),
                new Defect(Upstream.GEMINI, "a chunk cut short at the end", geminiChunk
                        + "data: {\"candidates\":[{\"con"),
                new Defect(Upstream.GEMINI, "candidates as an object", geminiChunk
                        + "data: {\"candidates\":{\"content\":1}}\r\n\r\n"),
                new Defect(Upstream.GEMINI, "parts as a string", replaced(geminiChunk, false,
                        "[{\"text\":\"Hel\"}]", "\"Hel\"")),
                new Defect(Upstream.GEMINI, "function args as a string", geminiChunk
                        + "data: {\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"f\","
                        + "\"args\":\"x\"}}],\"role\":\"model\"},\"index\":0}]}\r\n\r\n"),
                new Defect(Upstream.GEMINI, "no chunk at all", ""),
                new Defect(Upstream.GEMINI, "usage as a string", geminiChunk
                        + "data: {\"candidates\":[],\"usageMetadata\":\"none\"}\r\n\r\n"));
    }

    private static Stream<Arguments> translated(List<Defect> defects) {
        List<Arguments> cases = new ArrayList<>();
        for (StreamClients client : StreamClients.values()) {
            for (Defect defect : defects) {
                if (defect.upstream().sameFormat != client) {
                    cases.add(Arguments.of(client, defect));
                }
            }
        }
        return cases.stream();
    }

    static Stream<Arguments> answerCases() {
        return translated(answers());
    }

    static Stream<Arguments> streamCases() {
        return translated(streams());
    }

    @ParameterizedTest(name = "{0} client, {1}")
    @MethodSource("answerCases")
    void anUnreadableAnswerIs502InTheClientsShape(StreamClients client, Defect defect) throws Exception {
        answer(upstream, defect.upstream().path, json(200, defect.body()));

        RawHttp.Response r = RawHttp.post(server.baseUrl() + client.path(defect.upstream().model, false),
                client.body(defect.upstream().model, false), "Authorization", "Bearer " + CLIENT_KEY);

        assertThat(r.status()).as(r.body()).isEqualTo(502);
        JsonNode error = client.errorBody(r);
        assertThat(error.get("message").asText()).contains("upstream sent");
    }

    @ParameterizedTest(name = "{0} client, {1}")
    @MethodSource("streamCases")
    void anUnreadableStreamEndsWithAnErrorEventInTheClientsFormat(StreamClients client, Defect defect)
            throws Exception {
        answer(upstream, defect.upstream().streamPath, sse(defect.body()));

        RawHttp.Response r = RawHttp.post(server.baseUrl() + client.path(defect.upstream().model, true),
                client.body(defect.upstream().model, true), "Authorization", "Bearer " + CLIENT_KEY);

        assertThat(r.status()).isEqualTo(200);
        JsonNode error = client.lastErrorEvent(r.body());
        assertThat(error.get("message").asText()).containsAnyOf("upstream sent", "upstream started",
                "upstream stream ended before");
    }
}
