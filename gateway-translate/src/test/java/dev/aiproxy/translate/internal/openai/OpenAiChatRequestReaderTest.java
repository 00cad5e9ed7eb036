package dev.aiproxy.translate.internal.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.aiproxy.api.model.ChatRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The streaming reader of the common request shape gives exactly the request the tree decoder gives (the same
 * record, extensions in the same order), and gives up on everything else, which the tree then reads with its own
 * errors.
 */
class OpenAiChatRequestReaderTest {
    /** Bodies of the common shape: the reader must take each and agree with the tree. */
    static Stream<String> common() throws IOException {
        return Stream.of(
                Files.readString(Path.of("../bench/bodies/openai-to-claude.json")),
                Files.readString(Path.of("../bench/bodies/openai-to-claude-stream.json")),
                Files.readString(Path.of("../bench/bodies/openai-to-gemini.json")),
                // the API reference's "Default" example
                """
                {"model": "gpt-4.1", "messages": [{"role": "developer", "content": "You are a helpful assistant."},
                  {"role": "user", "content": "Hello!"}]}""",
                // its "Streaming" example, with usage asked for
                """
                {"model": "gpt-4.1", "messages": [{"role": "developer", "content": "You are a helpful assistant."},
                  {"role": "user", "content": "Hello!"}], "stream": true, "stream_options": {"include_usage": true}}""",
                """
                {"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"What is in "},\
                {"text":"this text?","type":"text"}]}],"stream_options":{"include_usage":false},"stream":false}""",
                """
                {"model":"gpt-4o","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"},\
                {"role":"assistant","content":"Hello! How can I help?"},{"role":"user","content":"Tell a joke"}],\
                "max_tokens":100,"max_completion_tokens":200,"temperature":0,"top_p":1,"stop":["\\n\\n","END"],\
                "n":1,"seed":-42,"user":"user-1234","parallel_tool_calls":false,"reasoning_effort":"low"}""",
                """
                {"messages":[{"content":"Say \\"h\\u00e9llo\\" \\ud83d\\ude00\\t<\\/script>\\u2028","role":"user"}],\
                "model":"o3","stop":"STOP","temperature":0.7,"top_p":1e-7,"max_tokens":2147483647,\
                "user":"\\u00e9\\"\\\\\\u0001\\u2028"}""",
                """
                {"model":"m","messages":[{"role":"assistant","content":[{"type":"text","text":""}]}],\
                "temperature":null,"top_p":null,"max_tokens":null,"max_completion_tokens":null,"stop":null,\
                "stream":null,"parallel_tool_calls":null,"reasoning_effort":null}""",
                """
                {"model":"m","messages":[{"role":"user","content":"x"}],"temperature":1E0,"top_p":0.95,\
                "max_completion_tokens":0,"stop":[],"seed":2147483647,"n":-1}""",
                """
                {"model":"m","messages":[{"role":"user","content":"x"}],"temperature":9007199254740993,\
                "top_p":-0.0,"max_tokens":-0}""",
                """

                  {
                    "model" : "gpt-4o-mini" ,
                    "messages" : [ { "role" : "user" , "content" : "spaced out" } ]
                  }
                """);
    }

    /** Near misses: each must fall back to the tree, whatever the tree then makes of it. */
    static Stream<String> nearMisses() {
        String m = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";
        return Stream.of(
                // fields the tree keeps as extensions or maps with more than a scalar
                "{\"model\":\"m\"," + m + ",\"frequency_penalty\":0.5}",
                "{\"model\":\"m\"," + m + ",\"logit_bias\":{\"50256\":-100}}",
                "{\"model\":\"m\"," + m + ",\"metadata\":{\"a\":\"b\"},\"store\":true}",
                "{\"model\":\"m\"," + m + ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}",
                "{\"model\":\"m\"," + m + ",\"tools\":[]}",
                "{\"model\":\"m\"," + m + ",\"tool_choice\":\"auto\"}",
                "{\"model\":\"m\"," + m + ",\"response_format\":{\"type\":\"json_object\"}}",
                "{\"model\":\"m\"," + m + ",\"n\":null}",
                "{\"model\":\"m\"," + m + ",\"user\":null}",
                "{\"model\":\"m\"," + m + ",\"seed\":1099511627776}",
                "{\"model\":\"m\"," + m + ",\"n\":1.0}",
                "{\"model\":\"m\"," + m + ",\"stream_options\":null}",
                "{\"model\":\"m\"," + m + ",\"stream_options\":{}}",
                "{\"model\":\"m\"," + m + ",\"stream_options\":{\"include_usage\":true,\"x\":1}}",
                "{\"model\":\"m\"," + m + ",\"stream_options\":{\"include_usage\":\"yes\"}}",
                // a field twice, at each level
                "{\"model\":\"m\",\"model\":\"n\"," + m + "}",
                "{\"model\":\"m\"," + m + ",\"temperature\":0.1,\"temperature\":0.2}",
                "{\"model\":\"m\"," + m + ",\"stream\":true,\"stream\":false}",
                "{\"model\":\"m\"," + m + "," + m + "}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"role\":\"system\",\"content\":\"Hi\"}]}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a\",\"content\":\"b\"}]}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\","
                        + "\"text\":\"b\"}]}]}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"type\":\"text\","
                        + "\"text\":\"b\"}]}]}",
                // values of another kind
                "{\"model\":5," + m + "}",
                "{\"model\":null," + m + "}",
                "{\"model\":\"m\"," + m + ",\"temperature\":\"0.2\"}",
                "{\"model\":\"m\"," + m + ",\"temperature\":true}",
                "{\"model\":\"m\"," + m + ",\"temperature\":1" + "0".repeat(30) + "}",
                "{\"model\":\"m\"," + m + ",\"max_tokens\":1.5}",
                "{\"model\":\"m\"," + m + ",\"max_tokens\":\"64\"}",
                "{\"model\":\"m\"," + m + ",\"max_tokens\":2147483648}",
                "{\"model\":\"m\"," + m + ",\"max_completion_tokens\":64.0}",
                "{\"model\":\"m\"," + m + ",\"stream\":\"true\"}",
                "{\"model\":\"m\"," + m + ",\"stream\":1}",
                "{\"model\":\"m\"," + m + ",\"stop\":5}",
                "{\"model\":\"m\"," + m + ",\"stop\":[\"a\",1]}",
                "{\"model\":\"m\"," + m + ",\"stop\":[null]}",
                "{\"model\":\"m\"," + m + ",\"parallel_tool_calls\":\"no\"}",
                "{\"model\":\"m\"," + m + ",\"reasoning_effort\":1}",
                "{\"model\":\"m\",\"messages\":{\"role\":\"user\",\"content\":\"Hi\"}}",
                "{\"model\":\"m\",\"messages\":[\"Hi\"]}",
                "{\"model\":\"m\",\"messages\":[{\"role\":3,\"content\":\"Hi\"}]}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":5}]}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":{\"type\":\"text\",\"text\":\"x\"}}]}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[\"Hi\"]}]}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":5}]}]}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"x\"}]}]}",
                // other roles, other parts, other message fields
                "{\"model\":\"m\",\"messages\":[{\"role\":\"critic\",\"content\":\"Hi\"}]}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"42\"}]}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"name\":\"ann\",\"content\":\"Hi\"}]}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":"
                        + "\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}]}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"content\":\"x\",\"reasoning_content\":\"y\"}]}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"refusal\","
                        + "\"refusal\":\"no\"}]}]}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":"
                        + "{\"url\":\"https://example.com/cat.png\"}}]}]}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"x\","
                        + "\"cache_control\":{\"type\":\"ephemeral\"}}]}]}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\","
                        + "\"input_audio\":{\"data\":\"AAAA\",\"format\":\"wav\"}}]}]}",
                // missing or empty
                "{\"model\":\"m\",\"messages\":[]}",
                "{\"model\":\"m\"}",
                "{" + m + "}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}]}",
                "{\"model\":\"m\",\"messages\":[{\"content\":\"Hi\"}]}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":null}]}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[]}]}",
                "{\"model\":\"m\",\"messages\":[{}]}",
                "{}",
                "",
                "   ",
                "null",
                "[]",
                "\"text\"",
                // malformed JSON, or more than one value
                "{\"model\":\"m\"," + m,
                "{\"model\":\"m\"," + m + ",}",
                "{\"model\":\"m\"," + m + "} x",
                "{\"model\":\"m\"," + m + "}{}",
                "{\"model\":\"m\"," + m + "} {\"model\":\"n\"}",
                "{'model':'m'," + m + "}",
                "{\"model\":\"m\"," + m + ",\"temperature\":NaN}",
                "{\"model\":\"m\"," + m + ",\"temperature\":01}",
                "{\"model\":\"m\"," + m + " /* c */}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},]}",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"\\x\"}]}");
    }

    @ParameterizedTest
    @MethodSource("common")
    void readsTheCommonShapeExactlyAsTheTreeDoes(String body) {
        ChatRequest streamed = OpenAiChatRequestReader.read(bytes(body));
        ChatRequest tree = OpenAiChatRequestDecoder.decodeTree(bytes(body));

        assertThat(streamed).isNotNull().isEqualTo(tree);
        // equal maps may differ in order, which an encoder would show: the text shows it
        assertThat(streamed.toString()).isEqualTo(tree.toString());
        assertThat(OpenAiChatRequestDecoder.decode(bytes(body))).isEqualTo(tree);
    }

    @ParameterizedTest
    @MethodSource("nearMisses")
    void leavesEverythingElseToTheTree(String body) {
        assertThat(OpenAiChatRequestReader.read(bytes(body))).isNull();
        assertSameOutcome(body);
    }

    @Test
    void takesTheBenchBodyAndKeepsItsSettings() throws IOException {
        ChatRequest request = OpenAiChatRequestReader.read(
                Files.readAllBytes(Path.of("../bench/bodies/openai-to-claude.json")));

        assertThat(request).isNotNull();
        assertThat(request.model()).isEqualTo("bench-claude");
        assertThat(request.messages()).hasSize(2);
        assertThat(request.maxOutputTokens()).isEqualTo(64);
        assertThat(request.temperature()).isEqualTo(0.2);
    }

    @Test
    void keepsTheDeveloperRoleAndTheUnmappedScalarsAsTheTreeDoes() {
        ChatRequest request = OpenAiChatRequestReader.read(bytes("""
                {"model":"m","messages":[{"role":"developer","content":"Be brief."}],"user":"u\\"1","seed":7,\
                "stream_options":{"include_usage":true},"n":2}"""));

        assertThat(request).isNotNull();
        assertThat(request.messages().getFirst().extensions().get("openai.role")).contains("\"developer\"");
        assertThat(request.extensions().rawJson()).containsExactly(
                java.util.Map.entry("openai.user", "\"u\\\"1\""), java.util.Map.entry("openai.seed", "7"),
                java.util.Map.entry("openai.stream_options", "{\"include_usage\":true}"),
                java.util.Map.entry("openai.n", "2"));
    }

    /** {@link OpenAiChatRequestDecoder#decode} gives what the tree gives: the same request or the same error. */
    private static void assertSameOutcome(String body) {
        Throwable treeError = catchThrowable(() -> OpenAiChatRequestDecoder.decodeTree(bytes(body)));
        Throwable error = catchThrowable(() -> OpenAiChatRequestDecoder.decode(bytes(body)));
        if (treeError == null) {
            assertThat(error).isNull();
            assertThat(OpenAiChatRequestDecoder.decode(bytes(body)))
                    .isEqualTo(OpenAiChatRequestDecoder.decodeTree(bytes(body)));
        } else {
            assertThat(error).isNotNull().hasSameClassAs(treeError).hasMessage(treeError.getMessage());
        }
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
