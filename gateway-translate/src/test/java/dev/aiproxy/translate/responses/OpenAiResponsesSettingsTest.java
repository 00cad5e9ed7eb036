package dev.aiproxy.translate.responses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.Image;
import dev.aiproxy.api.model.Message;
import dev.aiproxy.api.model.ResponseFormat;
import dev.aiproxy.api.model.Role;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.ToolChoice;
import dev.aiproxy.api.model.ToolResult;
import dev.aiproxy.translate.Codecs;
import dev.aiproxy.translate.FormatCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tool choices, text formats and tool outputs, each both ways. */
class OpenAiResponsesSettingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FormatCodec codec = Codecs.of(ApiFormat.OPENAI_RESPONSES);

    private ChatRequest decode(String fields) {
        return codec.decodeRequest(("{\"model\":\"m\",\"input\":\"hi\"," + fields + "}")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void mapsEveryToolChoiceBothWays() throws IOException {
        Map<String, ToolChoice> choices = Map.of(
                "\"auto\"", ToolChoice.AUTO,
                "\"none\"", ToolChoice.NONE,
                "\"required\"", ToolChoice.REQUIRED,
                "{\"type\":\"function\",\"name\":\"f\"}", new ToolChoice.Named("f"));

        for (Map.Entry<String, ToolChoice> e : choices.entrySet()) {
            ChatRequest request = decode("\"tool_choice\":" + e.getKey());

            assertThat(request.toolChoice()).isEqualTo(e.getValue());
            assertThat(JSON.readTree(codec.encodeRequest(request, "m")).get("tool_choice"))
                    .isEqualTo(JSON.readTree(e.getKey()));
        }
    }

    @Test
    void mapsEveryTextFormatBothWays() throws IOException {
        Map<String, ResponseFormat> formats = Map.of(
                "{\"type\":\"text\"}", new ResponseFormat.PlainText(),
                "{\"type\":\"json_object\"}", new ResponseFormat.JsonObject(),
                "{\"type\":\"json_schema\",\"name\":\"n\",\"schema\":{\"type\":\"object\"},\"strict\":false}",
                new ResponseFormat.JsonSchema("n", "{\"type\":\"object\"}", false));

        for (Map.Entry<String, ResponseFormat> e : formats.entrySet()) {
            ChatRequest request = decode("\"text\":{\"format\":" + e.getKey() + "}");

            assertThat(request.responseFormat()).isEqualTo(e.getValue());
            assertThat(JSON.readTree(codec.encodeRequest(request, "m")).at("/text/format"))
                    .isEqualTo(JSON.readTree(e.getKey()));
        }
    }

    @Test
    void writesAToolOutputWithAnImageAsContentParts() throws IOException {
        ChatRequest request = ChatRequest.builder().model("m")
                .addMessage(new Message(Role.TOOL, List.of(new ToolResult("call_1", null,
                        List.of(new Text("chart:"), Image.fromBase64("image/png", "iVBO")), true))))
                .build();

        JsonNode item = JSON.readTree(codec.encodeRequest(request, "m")).at("/input/0");

        assertThat(item.toString()).isEqualTo("{\"type\":\"function_call_output\",\"call_id\":\"call_1\","
                + "\"output\":[{\"type\":\"input_text\",\"text\":\"Error: \"},{\"type\":\"input_text\",\"text\":"
                + "\"chart:\"},{\"type\":\"input_image\",\"image_url\":\"data:image/png;base64,iVBO\","
                + "\"detail\":\"auto\"}]}");
        assertThat(codec.decodeRequest(("{\"model\":\"m\",\"input\":[" + item + "]}").getBytes(StandardCharsets.UTF_8))
                .messages().getFirst().content()).containsExactly(new ToolResult("call_1", null,
                List.of(new Text("Error: "), new Text("chart:"), new Image(null, "image/png", "iVBO", "auto")),
                false));
    }

    @Test
    void keepsConsecutiveUserMessagesApartAndJoinsOneAssistantTurn() {
        ChatRequest request = codec.decodeRequest(("{\"model\":\"m\",\"input\":["
                + "{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"user\",\"content\":\"b\"},"
                + "{\"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"t\"}]},"
                + "{\"role\":\"assistant\",\"content\":\"c\"},"
                + "{\"type\":\"function_call\",\"call_id\":\"x\",\"name\":\"f\",\"arguments\":\"{}\"},"
                + "{\"role\":\"user\",\"content\":\"d\"}]}").getBytes(StandardCharsets.UTF_8));

        assertThat(request.messages()).extracting(Message::role)
                .containsExactly(Role.USER, Role.USER, Role.ASSISTANT, Role.USER);
        assertThat(request.messages().get(2).content()).hasSize(3);
    }
}
