package dev.aiproxy.translate.internal.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.aiproxy.api.model.ChatRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The streaming reader of the common request shape gives exactly the request the tree decoder gives (the same
 * record, extensions in the same order), for both endpoints, and gives up on everything else, which the tree then
 * reads with its own errors.
 */
class AnthropicRequestReaderTest {
    /** Bodies of the common shape: the reader must take each and agree with the tree. */
    static Stream<String> common() throws IOException {
        return Stream.of(
                Files.readString(Path.of("../bench/bodies/anthropic-to-gemini.json")),
                Files.readString(Path.of("../bench/bodies/anthropic-to-real-stream.json")),
                Files.readString(Path.of("../bench/bodies/anthropic-direct.json")),
                // the API reference's example
                """
                {"model": "claude-sonnet-4-5", "max_tokens": 1024,
                  "messages": [{"role": "user", "content": "Hello, world"}]}""",
                // multi-turn, text blocks, every scalar
                """
                {"model":"claude-opus-4-1","max_tokens":2048,"system":[{"type":"text","text":"You are terse."},\
                {"text":"Answer in French.","type":"text"}],"messages":[{"role":"user","content":"Hello there."},\
                {"role":"assistant","content":"Hi, I'm Claude. How can I help you?"},{"role":"user","content":\
                [{"type":"text","text":"Can you explain LLMs "},{"type":"text","text":"in plain English?"}]}],\
                "temperature":1,"top_p":0.9,"top_k":40,"stop_sequences":["\\n\\nHuman:","END"],"stream":true,\
                "metadata":{"user_id":"13803d75-b4b5-4c3e-b2a2-6f21399b039b"}}""",
                // the prefilled-answer pattern: the last turn is the assistant's
                """
                {"model":"claude-haiku-4-5","max_tokens":1,"messages":[{"role":"user","content":"What is latin for \
                Ant? (A) Apoidea, (B) Rhopalocera, (C) Formicidae"},{"role":"assistant","content":"The answer is ("}]}""",
                """
                {"messages":[{"content":"Say \\"h\\u00e9llo\\" \\ud83d\\ude00\\t<\\/script>\\u2028","role":"user"}],\
                "model":"m","max_tokens":2147483647,"temperature":1e-7,"top_p":-0.0,"top_k":-3,\
                "metadata":{"user_id":"\\u00e9\\"\\\\\\u0001\\u2028"},"stop_sequences":[]}""",
                """
                {"model":"m","max_tokens":64,"messages":[{"role":"user","content":""}],"system":null,\
                "temperature":null,"top_p":null,"stop_sequences":null,"stream":null}""",
                """
                {"model":"m","max_tokens":64,"messages":[{"role":"user","content":"x"}],"system":"",\
                "temperature":9007199254740993,"stream":false}""",
                """

                  {
                    "model" : "claude-sonnet-4-5" ,  "max_tokens" : 10 ,
                    "messages" : [ { "role" : "user" , "content" : [ { "type" : "text" , "text" : "spaced" } ] } ]
                  }
                """);
    }

    /** Near misses: each must fall back to the tree, whatever the tree then makes of it. */
    static Stream<String> nearMisses() {
        String m = "\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";
        String t = "\"type\":\"text\",\"text\":\"x\"";
        return Stream.of(
                // fields the tree keeps as extensions or maps with more than a scalar
                "{\"model\":\"m\"," + m + ",\"service_tier\":\"auto\"}",
                "{\"model\":\"m\"," + m + ",\"container\":null}",
                "{\"model\":\"m\"," + m + ",\"tools\":[{\"name\":\"f\",\"input_schema\":{\"type\":\"object\"}}]}",
                "{\"model\":\"m\"," + m + ",\"tools\":[]}",
                "{\"model\":\"m\"," + m + ",\"tool_choice\":{\"type\":\"auto\"}}",
                "{\"model\":\"m\"," + m + ",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}}",
                "{\"model\":\"m\"," + m + ",\"output_config\":{\"effort\":\"low\"}}",
                "{\"model\":\"m\"," + m + ",\"output_format\":{\"type\":\"json_schema\",\"schema\":{}}}",
                "{\"model\":\"m\"," + m + ",\"top_k\":null}",
                "{\"model\":\"m\"," + m + ",\"top_k\":1.5}",
                "{\"model\":\"m\"," + m + ",\"top_k\":\"5\"}",
                "{\"model\":\"m\"," + m + ",\"top_k\":4294967296}",
                "{\"model\":\"m\"," + m + ",\"metadata\":null}",
                "{\"model\":\"m\"," + m + ",\"metadata\":{}}",
                "{\"model\":\"m\"," + m + ",\"metadata\":{\"user_id\":null}}",
                "{\"model\":\"m\"," + m + ",\"metadata\":{\"user_id\":\"u\",\"x\":1}}",
                "{\"model\":\"m\"," + m + ",\"metadata\":{\"session\":\"u\"}}",
                "{\"model\":\"m\"," + m + ",\"metadata\":\"u\"}",
                // a field twice, at each level
                "{\"model\":\"m\",\"model\":\"n\"," + m + "}",
                "{\"model\":\"m\"," + m + ",\"max_tokens\":5}",
                "{\"model\":\"m\"," + m + ",\"top_k\":1,\"top_k\":2}",
                "{\"model\":\"m\"," + m + ",\"system\":\"a\",\"system\":\"b\"}",
                "{\"model\":\"m\"," + m + ",\"metadata\":{\"user_id\":\"a\",\"user_id\":\"b\"}}",
                "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"role\":\"user\","
                        + "\"content\":\"Hi\"}]}",
                "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":[{" + t
                        + ",\"text\":\"y\"}]}]}",
                // values of another kind
                "{\"model\":5," + m + "}",
                "{\"model\":\"m\",\"max_tokens\":64.0,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                "{\"model\":\"m\",\"max_tokens\":\"64\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                "{\"model\":\"m\",\"max_tokens\":2147483648,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                "{\"model\":\"m\"," + m + ",\"temperature\":\"1\"}",
                "{\"model\":\"m\"," + m + ",\"temperature\":1" + "0".repeat(30) + "}",
                "{\"model\":\"m\"," + m + ",\"stream\":\"true\"}",
                "{\"model\":\"m\"," + m + ",\"stop_sequences\":\"END\"}",
                "{\"model\":\"m\"," + m + ",\"stop_sequences\":[1]}",
                "{\"model\":\"m\"," + m + ",\"system\":5}",
                "{\"model\":\"m\"," + m + ",\"system\":{\"type\":\"text\",\"text\":\"x\"}}",
                "{\"model\":\"m\"," + m + ",\"system\":[\"x\"]}",
                "{\"model\":\"m\"," + m + ",\"system\":[]}",
                "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":5}]}",
                "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                        + "\"text\":null}]}]}",
                // blocks and roles the common shape does not have
                "{\"model\":\"m\"," + m + ",\"system\":[{" + t + ",\"cache_control\":{\"type\":\"ephemeral\"}}]}",
                "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":[{" + t
                        + ",\"cache_control\":{\"type\":\"ephemeral\"}}]}]}",
                "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":[{" + t
                        + ",\"citations\":[]}]}]}",
                "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\","
                        + "\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"AAAA\"}}]}]}",
                "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":"
                        + "\"tool_use\",\"id\":\"toolu_1\",\"name\":\"f\",\"input\":{}}]},{\"role\":\"user\",\"content\":"
                        + "[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"42\"}]}]}",
                "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":"
                        + "\"thinking\",\"thinking\":\"hm\",\"signature\":\"\"}]}]}",
                "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"system\",\"content\":\"Hi\"}]}",
                "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\","
                        + "\"name\":\"ann\"}]}",
                // missing or empty
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                "{\"model\":\"m\",\"max_tokens\":null,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[]}",
                "{\"model\":\"m\",\"max_tokens\":5}",
                "{" + m + "}",
                "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\"}]}",
                "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":null}]}",
                "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":[]}]}",
                "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":[{}]}]}",
                "{}",
                "",
                "null",
                "[]",
                // malformed JSON, or more than one value
                "{\"model\":\"m\"," + m,
                "{\"model\":\"m\"," + m + ",}",
                "{\"model\":\"m\"," + m + "} x",
                "{\"model\":\"m\"," + m + "}{}",
                "{\"model\":\"m\"," + m + ",\"temperature\":.5}",
                "{\"model\":\"m\"," + m + ",\"top_k\":0x10}",
                "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"\\x\"}]}");
    }

    @ParameterizedTest
    @MethodSource("common")
    void readsTheCommonShapeExactlyAsTheTreeDoes(String body) {
        for (AnthropicEndpoint endpoint : AnthropicEndpoint.values()) {
            ChatRequest streamed = AnthropicRequestReader.read(bytes(body), endpoint);
            ChatRequest tree = AnthropicRequestDecoder.decodeTree(bytes(body), endpoint);

            assertThat(streamed).as(endpoint.name()).isNotNull().isEqualTo(tree);
            // equal maps may differ in order, which an encoder would show: the text shows it
            assertThat(streamed.toString()).as(endpoint.name()).isEqualTo(tree.toString());
            assertThat(AnthropicRequestDecoder.decode(bytes(body), endpoint)).isEqualTo(tree);
        }
    }

    @ParameterizedTest
    @MethodSource("nearMisses")
    void leavesEverythingElseToTheTree(String body) {
        assertThat(AnthropicRequestReader.read(bytes(body), AnthropicEndpoint.MESSAGES)).isNull();
        assertSameOutcome(body, AnthropicEndpoint.MESSAGES);
        assertSameOutcome(body, AnthropicEndpoint.COUNT_TOKENS);
    }

    @ParameterizedTest
    @EnumSource(AnthropicEndpoint.class)
    void needsMaxTokensOnlyWhereTheEndpointDoes(AnthropicEndpoint endpoint) {
        byte[] body = bytes("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":true}");

        ChatRequest streamed = AnthropicRequestReader.read(body, endpoint);

        if (endpoint == AnthropicEndpoint.MESSAGES) {
            assertThat(streamed).isNull();
        } else {
            assertThat(streamed).isNotNull().isEqualTo(AnthropicRequestDecoder.decodeTree(body, endpoint));
            assertThat(streamed.stream()).isFalse();
        }
        assertSameOutcome(new String(body, StandardCharsets.UTF_8), endpoint);
    }

    @Test
    void takesTheBenchBodyAndKeepsTopKAndTheUserIdAsTheTreeDoes() throws IOException {
        ChatRequest bench = AnthropicRequestReader.read(
                Files.readAllBytes(Path.of("../bench/bodies/anthropic-to-gemini.json")), AnthropicEndpoint.MESSAGES);
        ChatRequest kept = AnthropicRequestReader.read(bytes("""
                {"model":"m","max_tokens":5,"metadata":{"user_id":"u\\"1"},"messages":[{"role":"user",\
                "content":"Hi"}],"top_k":7}"""), AnthropicEndpoint.MESSAGES);

        assertThat(bench).isNotNull();
        assertThat(bench.messages()).hasSize(2);
        assertThat(bench.maxOutputTokens()).isEqualTo(64);
        assertThat(kept).isNotNull();
        assertThat(kept.extensions().rawJson()).containsExactly(
                Map.entry("anthropic.metadata", "{\"user_id\":\"u\\\"1\"}"), Map.entry("anthropic.top_k", "7"));
    }

    /** {@link AnthropicRequestDecoder#decode} gives what the tree gives: the same request or the same error. */
    private static void assertSameOutcome(String body, AnthropicEndpoint endpoint) {
        Throwable treeError = catchThrowable(() -> AnthropicRequestDecoder.decodeTree(bytes(body), endpoint));
        Throwable error = catchThrowable(() -> AnthropicRequestDecoder.decode(bytes(body), endpoint));
        if (treeError == null) {
            assertThat(error).isNull();
            assertThat(AnthropicRequestDecoder.decode(bytes(body), endpoint))
                    .isEqualTo(AnthropicRequestDecoder.decodeTree(bytes(body), endpoint));
        } else {
            assertThat(error).isNotNull().hasSameClassAs(treeError).hasMessage(treeError.getMessage());
        }
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
