package dev.aiproxy.translate.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.translate.Codecs;
import dev.aiproxy.translate.FormatCodec;
import dev.aiproxy.translate.SseEvent;
import dev.aiproxy.translate.StreamDecoder;
import dev.aiproxy.translate.testing.Fixtures;
import dev.aiproxy.translate.testing.SseStreams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Bad input never escapes as anything but a 400 (client side) or a 502 (upstream side). */
class AnthropicBadInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ODD_VALUES = List.of("42", "-1", "1.5", "\"x\"", "true", "null", "[]", "{}",
            "[{}]");
    private final FormatCodec codec = Codecs.of(ApiFormat.ANTHROPIC_MESSAGES);

    @Test
    void answersOnlyA400ForAnyTruncationOfARequest() {
        byte[] full = AnthropicRequestTest.utf8(AnthropicRequestTest.FULL_REQUEST);
        for (int length = 0; length < full.length; length++) {
            byte[] truncated = Arrays.copyOf(full, length);

            clientSide(() -> codec.peek(truncated));
            clientSide(() -> codec.decodeRequest(truncated));
            clientSide(() -> codec.decodeCountTokensRequest(truncated));
        }
    }

    @Test
    void answersOnlyA400ForAnyValueOfTheWrongTypeAnywhereInARequest() throws IOException {
        for (byte[] body : mutations(JSON.readTree(AnthropicRequestTest.FULL_REQUEST))) {
            clientSide(() -> {
                ChatRequest request = codec.decodeRequest(body);
                assertWellFormed(codec.encodeRequest(request, "m"));
                assertWellFormed(codec.encodeCountTokensRequest(request, "m"));
            });
        }
    }

    @Test
    void namesThePathOfATypeConfusedField() {
        assertBadRequest("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":42}]}",
                "messages[0].content: expected a string or an array, got a number");
        assertBadRequest("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}",
                "messages[0].role: unsupported role 'system'");
        assertBadRequest("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[],\"system\":[{\"type\":\"image\"}]}",
                "system[0].type: unsupported system block type 'image'");
        assertBadRequest("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":"
                + "\"image\",\"source\":{\"type\":\"file\",\"file_id\":\"f\"}}]}]}",
                "messages[0].content[0].source.type: image source type 'file' cannot be translated");
        assertBadRequest("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":"
                + "\"document\"}]}]}", "messages[0].content[0].type: content block type 'document' cannot be");
        assertBadRequest("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[],\"tool_choice\":{\"type\":\"maybe\"}}",
                "tool_choice.type: unsupported value 'maybe'");
        assertBadRequest("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[],\"thinking\":{\"type\":\"enabled\"}}",
                "thinking.budget_tokens: required integer is missing");
        assertBadRequest("{\"model\":\"m\",\"max_tokens\":\"5\",\"messages\":[]}", "max_tokens: expected an integer");
    }

    @Test
    void answersOnlyA502ForAnyTruncationOfAResponse() {
        for (String fixture : List.of("anthropic/message-tool-use.json", "anthropic/message-thinking.json")) {
            byte[] full = Fixtures.bytes(fixture);
            for (int length = 0; length < full.length; length++) {
                byte[] truncated = Arrays.copyOf(full, length);

                upstreamSide(() -> codec.decodeResponse(truncated));
            }
        }
    }

    @Test
    void answersOnlyA502ForAnyValueOfTheWrongTypeAnywhereInAResponse() throws IOException {
        for (String fixture : List.of("anthropic/message-tool-use.json", "anthropic/message-thinking.json")) {
            for (byte[] body : mutations(JSON.readTree(Fixtures.bytes(fixture)))) {
                upstreamSide(() -> {
                    ChatResponse response = codec.decodeResponse(body);
                    assertWellFormed(codec.encodeResponse(response));
                });
            }
        }
        for (String body : List.of("[]", "null", "{\"content\":{}}", "{\"content\":[{\"type\":\"text\"}]}",
                "{\"content\":[],\"usage\":{\"input_tokens\":-1}}", "{\"content\":[{\"type\":\"tool_use\","
                        + "\"id\":\"t\",\"name\":\"f\",\"input\":[]}]}")) {
            assertThatThrownBy(() -> codec.decodeResponse(body.getBytes(StandardCharsets.UTF_8))).as(body)
                    .isInstanceOf(UpstreamException.class);
        }
    }

    @Test
    void answersOnlyA502ForAnyTruncatedOrTypeConfusedStreamEvent() throws IOException {
        for (String fixture : List.of("anthropic/stream-tool-use.sse", "anthropic/stream-thinking.sse")) {
            List<SseEvent> events = SseStreams.read(Fixtures.bytes(fixture));
            for (int broken = 0; broken < events.size(); broken++) {
                String data = events.get(broken).data();
                List<String> variants = new ArrayList<>();
                for (int length = 0; length < data.length(); length++) {
                    variants.add(data.substring(0, length));
                }
                for (byte[] mutated : mutations(JSON.readTree(data))) {
                    variants.add(new String(mutated, StandardCharsets.UTF_8));
                }
                for (String variant : variants) {
                    List<SseEvent> stream = new ArrayList<>(events);
                    stream.set(broken, new SseEvent(events.get(broken).event(), variant));
                    upstreamSide(() -> decodeAll(stream));
                }
            }
        }
    }

    @Test
    void answersA502ForAnUnreadableTokenCount() {
        for (String body : List.of("{}", "{\"input_tokens\":\"5\"}", "{\"input_tokens\":-3}", "[]", "oops")) {
            assertThatThrownBy(() -> codec.decodeTokenCount(body.getBytes(StandardCharsets.UTF_8))).as(body)
                    .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.status()).isEqualTo(502));
        }
    }

    private void decodeAll(List<SseEvent> events) {
        StreamDecoder decoder = codec.newStreamDecoder();
        for (SseEvent e : events) {
            decoder.decode(e);
        }
        decoder.finish();
    }

    private void assertBadRequest(String body, String message) {
        assertThatThrownBy(() -> codec.decodeRequest(body.getBytes(StandardCharsets.UTF_8))).as(body)
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith(message);
    }

    private static void assertWellFormed(byte[] json) {
        try {
            assertThat(JSON.readTree(json).isObject()).isTrue();
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(json, StandardCharsets.UTF_8), e);
        }
    }

    private static void clientSide(Runnable call) {
        try {
            call.run();
        } catch (InvalidRequestException expected) {
            assertThat(expected.status()).isEqualTo(400);
        }
    }

    private static void upstreamSide(Runnable call) {
        try {
            call.run();
        } catch (UpstreamException expected) {
            assertThat(expected.status()).isEqualTo(502);
        }
    }

    /** The document with one value, anywhere in it, replaced by each of {@link #ODD_VALUES}. */
    private static List<byte[]> mutations(JsonNode root) throws IOException {
        List<byte[]> out = new ArrayList<>();
        List<Consumer<JsonNode>> setters = new ArrayList<>();
        List<JsonNode> originals = new ArrayList<>();
        collect(root, setters, originals);
        for (int i = 0; i < setters.size(); i++) {
            for (String odd : ODD_VALUES) {
                setters.get(i).accept(JSON.readTree(odd));
                out.add(JSON.writeValueAsBytes(root));
            }
            setters.get(i).accept(originals.get(i));
        }
        return out;
    }

    private static void collect(JsonNode node, List<Consumer<JsonNode>> setters, List<JsonNode> originals) {
        if (node instanceof ObjectNode object) {
            for (String name : List.copyOf(iterable(object))) {
                JsonNode child = object.get(name);
                setters.add(v -> object.set(name, v));
                originals.add(child);
                collect(child, setters, originals);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                int index = i;
                setters.add(v -> array.set(index, v));
                originals.add(array.get(i));
                collect(array.get(i), setters, originals);
            }
        }
    }

    private static List<String> iterable(ObjectNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
