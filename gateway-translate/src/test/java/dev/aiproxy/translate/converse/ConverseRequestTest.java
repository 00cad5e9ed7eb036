package dev.aiproxy.translate.converse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.Image;
import dev.aiproxy.api.model.Message;
import dev.aiproxy.api.model.ResponseFormat;
import dev.aiproxy.api.model.Role;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import dev.aiproxy.api.model.ToolChoice;
import dev.aiproxy.api.model.ToolResult;
import dev.aiproxy.api.model.ToolSpec;
import dev.aiproxy.translate.Codecs;
import dev.aiproxy.translate.FormatCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Canonical requests as Converse requests, in the shapes of
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html ("Request Syntax").
 */
class ConverseRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FormatCodec codec = Codecs.of(ApiFormat.BEDROCK_CONVERSE);

    private JsonNode encode(ChatRequest request) throws Exception {
        return JSON.readTree(codec.encodeRequest(request, "amazon.nova-pro-v1:0"));
    }

    @Test
    void writesSystemToolsAndAToolRoundTripAsConverseDocumentsThem() throws Exception {
        ChatRequest request = ChatRequest.builder().model("nova")
                .system("You are a radio DJ.")
                .user("What is the most popular song on WZPZ?")
                .addMessage(new Message(Role.ASSISTANT, List.of(new Text("Let me look."),
                        new ToolCall("tooluse_1", "top_song", "{\"sign\":\"WZPZ\"}"))))
                .addMessage(new Message(Role.TOOL, List.of(new ToolResult("tooluse_1", "top_song",
                        List.of(new Text("Elemental Hotel")), false))))
                .user("Who sings it?")
                .addTool(new ToolSpec("top_song", "Get the most popular song played on a radio station.",
                        "{\"type\":\"object\",\"properties\":{\"sign\":{\"type\":\"string\"}},\"required\":[\"sign\"]}",
                        null))
                .toolChoice(new ToolChoice.Named("top_song"))
                .maxOutputTokens(512).temperature(0.5).topP(0.9).stopSequences(List.of("END"))
                .build();

        JsonNode body = encode(request);

        assertThat(body).isEqualTo(JSON.readTree("""
                {"messages":[
                  {"role":"user","content":[{"text":"What is the most popular song on WZPZ?"}]},
                  {"role":"assistant","content":[{"text":"Let me look."},
                    {"toolUse":{"toolUseId":"tooluse_1","name":"top_song","input":{"sign":"WZPZ"}}}]},
                  {"role":"user","content":[
                    {"toolResult":{"toolUseId":"tooluse_1","content":[{"text":"Elemental Hotel"}]}},
                    {"text":"Who sings it?"}]}],
                 "system":[{"text":"You are a radio DJ."}],
                 "inferenceConfig":{"maxTokens":512,"temperature":0.5,"topP":0.9,"stopSequences":["END"]},
                 "toolConfig":{"tools":[{"toolSpec":{"name":"top_song",
                    "description":"Get the most popular song played on a radio station.",
                    "inputSchema":{"json":{"type":"object","properties":{"sign":{"type":"string"}},
                      "required":["sign"]}}}}],
                   "toolChoice":{"tool":{"name":"top_song"}}}}
                """));
    }

    @Test
    void aFailedToolResultCarriesTheErrorStatus() throws Exception {
        ChatRequest request = ChatRequest.builder().model("nova").user("Go")
                .addMessage(new Message(Role.ASSISTANT, List.of(new ToolCall("t1", "f", "{}"))))
                .addMessage(new Message(Role.TOOL, List.of(new ToolResult("t1", "f", List.of(new Text("boom")), true))))
                .addTool(new ToolSpec("f", null, null, null)).build();

        JsonNode result = encode(request).path("messages").get(2).path("content").get(0).path("toolResult");

        assertThat(result.path("status").asText()).isEqualTo("error");
        assertThat(result.path("content").get(0).path("text").asText()).isEqualTo("boom");
    }

    @Test
    void noToolChoiceIsSentForNoneSinceConverseHasNone() throws Exception {
        ChatRequest request = ChatRequest.builder().model("nova").user("Hi")
                .addTool(new ToolSpec("f", null, null, null)).toolChoice(ToolChoice.NONE).build();

        JsonNode toolConfig = encode(request).path("toolConfig");

        assertThat(toolConfig.has("tools")).isTrue();
        assertThat(toolConfig.has("toolChoice")).isFalse();
    }

    @Test
    void anInlineImageTravelsAsBytesWithItsFormat() throws Exception {
        ChatRequest request = ChatRequest.builder().model("nova").addMessage(new Message(Role.USER,
                List.of(Image.fromBase64("image/jpeg", "iVBORw0KGgo="), new Text("What is this?")))).build();

        JsonNode image = encode(request).path("messages").get(0).path("content").get(0).path("image");

        assertThat(image.path("format").asText()).isEqualTo("jpeg");
        assertThat(image.path("source").path("bytes").asText()).isEqualTo("iVBORw0KGgo=");
    }

    @Test
    void anImageByUrlIsRefusedSinceConverseTakesBytes() {
        ChatRequest request = ChatRequest.builder().model("nova").addMessage(new Message(Role.USER,
                List.of(Image.fromUrl("https://example.com/cat.png")))).build();

        assertThatThrownBy(() -> codec.encodeRequest(request, "amazon.nova-pro-v1:0"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("not by URL");
    }

    @Test
    void aJsonOutputModeIsRefusedRatherThanDroppedSilently() {
        ChatRequest request = ChatRequest.builder().model("nova").user("Hi")
                .responseFormat(new ResponseFormat.JsonObject()).build();

        assertThatThrownBy(() -> codec.encodeRequest(request, "amazon.nova-pro-v1:0"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("no JSON output mode");
    }

    @Test
    void reasoningConverseSignedGoesBackAsItCameAndAnyOtherAsText() throws Exception {
        ChatRequest request = ChatRequest.builder().model("nova").user("Hi")
                .addMessage(new Message(Role.ASSISTANT, List.of(
                        new Thinking("mine", "sig-converse", null, ApiFormat.BEDROCK_CONVERSE),
                        new Thinking("theirs", "sig-anthropic", null, ApiFormat.ANTHROPIC_MESSAGES),
                        new Text("Hello"))))
                .user("Again").build();

        JsonNode content = encode(request).path("messages").get(1).path("content");

        assertThat(content.get(0)).isEqualTo(JSON.readTree(
                "{\"reasoningContent\":{\"reasoningText\":{\"text\":\"mine\",\"signature\":\"sig-converse\"}}}"));
        assertThat(content.get(1)).isEqualTo(JSON.readTree("{\"text\":\"theirs\"}"));
        assertThat(content.toString()).doesNotContain("sig-anthropic");
    }
}
