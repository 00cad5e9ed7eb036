package dev.aiproxy.translate.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.Image;
import dev.aiproxy.api.model.Message;
import dev.aiproxy.api.model.Reasoning;
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
import dev.aiproxy.translate.RoutingFields;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeminiRequestCodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FormatCodec codec = Codecs.of(ApiFormat.GEMINI);

    static final String FULL_REQUEST = """
            {"systemInstruction":{"parts":[{"text":"Be brief."},{"text":"Answer in French."}]},
             "contents":[
              {"role":"user","parts":[{"text":"What is in this image?"},
                {"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgo="}},
                {"fileData":{"mimeType":"image/jpeg","fileUri":"https://example.com/cat.jpg"}}]},
              {"role":"model","parts":[{"text":"Let me check.","thought":true,"thoughtSignature":"c2lnLXRob3VnaHQ="},
                {"functionCall":{"name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"c2lnLWNhbGw="}]},
              {"role":"user","parts":[
                {"functionResponse":{"name":"get_weather","response":{"result":"18C and sunny"}}}]},
              {"role":"model","parts":[{"text":"It is 18C.","thoughtSignature":"c2lnLXRleHQ="}]},
              {"role":"user","parts":[{"text":"Thanks"}]}],
             "tools":[{"functionDeclarations":[{"name":"get_weather","description":"Weather by city",
               "parameters":{"type":"OBJECT","properties":{"city":{"type":"STRING","enum":["Paris","OBJECT"]}},
               "required":["city"]}}]}],
             "toolConfig":{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["get_weather"]}},
             "generationConfig":{"temperature":0.2,"topP":0.9,"topK":40,"candidateCount":1,"maxOutputTokens":300,
               "stopSequences":["END"],"responseMimeType":"application/json","responseJsonSchema":{"type":"object"},
               "thinkingConfig":{"thinkingBudget":1024,"includeThoughts":true}},
             "safetySettings":[{"category":"HARM_CATEGORY_HARASSMENT","threshold":"BLOCK_ONLY_HIGH"}],
             "cachedContent":"cachedContents/abc123"}
            """;

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode encode(ChatRequest request, String model) throws IOException {
        return JSON.readTree(codec.encodeRequest(request, model));
    }

    @Test
    void decodesEveryMappedFieldOfARequest() {
        ChatRequest request = codec.decodeRequest(utf8(FULL_REQUEST));

        assertThat(request.model()).isEmpty();
        assertThat(request.stream()).isFalse();
        assertThat(request.messages()).extracting(Message::role).containsExactly(Role.SYSTEM, Role.USER,
                Role.ASSISTANT, Role.TOOL, Role.ASSISTANT, Role.USER);
        assertThat(request.messages().get(0).content()).containsExactly(new Text("Be brief."),
                new Text("Answer in French."));
        assertThat(request.messages().get(1).content()).containsExactly(new Text("What is in this image?"),
                Image.fromBase64("image/png", "iVBORw0KGgo="),
                new Image("https://example.com/cat.jpg", "image/jpeg", null, null));
        assertThat(request.messages().get(2).content()).containsExactly(
                new Thinking("Let me check.", "c2lnLXRob3VnaHQ=", null, ApiFormat.GEMINI),
                new ToolCall("gcall_0", "get_weather", "{\"city\":\"Paris\"}", "c2lnLWNhbGw="));
        assertThat(request.messages().get(3).content()).containsExactly(
                new ToolResult("gcall_0", "get_weather", List.of(new Text("18C and sunny")), false));
        assertThat(request.messages().get(4).content()).containsExactly(
                new Thinking("", "c2lnLXRleHQ=", null, ApiFormat.GEMINI), new Text("It is 18C."));
        assertThat(request.tools()).containsExactly(new ToolSpec("get_weather", "Weather by city",
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"enum\":[\"Paris\",\"OBJECT\"]}},"
                        + "\"required\":[\"city\"]}", null));
        assertThat(request.toolChoice()).isEqualTo(new ToolChoice.Named("get_weather"));
        assertThat(request.responseFormat()).isEqualTo(new ResponseFormat.JsonSchema(null, "{\"type\":\"object\"}",
                null));
        assertThat(request.reasoning()).isEqualTo(new Reasoning(null, 1024, true));
        assertThat(request.temperature()).isEqualTo(0.2);
        assertThat(request.topP()).isEqualTo(0.9);
        assertThat(request.maxOutputTokens()).isEqualTo(300);
        assertThat(request.stopSequences()).containsExactly("END");
        assertThat(request.extensions().rawJson()).containsOnlyKeys("gemini.generationConfig.topK",
                "gemini.generationConfig.candidateCount", "gemini.safetySettings", "gemini.cachedContent");
    }

    @Test
    void encodesADecodedRequestBackWithNothingLostButTheSchemaDialect() throws IOException {
        ChatRequest request = codec.decodeRequest(utf8(FULL_REQUEST));

        JsonNode encoded = encode(request, "gemini-2.5-flash");

        JsonNode original = JSON.readTree(FULL_REQUEST);
        assertThat(encoded.has("model")).isFalse();
        for (String field : List.of("systemInstruction", "contents", "toolConfig", "generationConfig",
                "safetySettings", "cachedContent")) {
            assertThat(encoded.get(field)).as(field).isEqualTo(original.get(field));
        }
        JsonNode declaration = encoded.at("/tools/0/functionDeclarations/0");
        assertThat(declaration.has("parameters")).isFalse();
        assertThat(declaration.at("/parametersJsonSchema/properties/city/type").asText()).isEqualTo("string");
    }

    @Test
    void peeksNoModelButRequiresContents() {
        RoutingFields fields = codec.peek(utf8(FULL_REQUEST));

        assertThat(fields.model()).isEmpty();
        assertThat(fields.modelStart()).isEqualTo(-1);
        assertThatThrownBy(() -> codec.peek(utf8("{\"generationConfig\":{}}")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("'contents'");
    }

    @Test
    void pairsResponsesWithoutIdsWithCallsOfTheSameNameInOrder() {
        ChatRequest request = codec.decodeRequest(utf8("""
                {"contents":[{"role":"model","parts":[
                  {"functionCall":{"name":"lookup","args":{"q":"a"}}},
                  {"functionCall":{"name":"time","args":{}}},
                  {"functionCall":{"name":"lookup","args":{"q":"b"}}}]},
                 {"role":"user","parts":[
                  {"functionResponse":{"name":"time","response":{"now":"noon"}}},
                  {"functionResponse":{"name":"lookup","response":{"error":"no such page"}}},
                  {"functionResponse":{"id":"explicit","name":"lookup","response":{"result":"B"}}},
                  {"text":"and now?"}]}]}
                """));

        assertThat(request.messages().get(0).content()).extracting(p -> ((ToolCall) p).id())
                .containsExactly("gcall_0", "gcall_1", "gcall_2");
        assertThat(request.messages().get(1).role()).isEqualTo(Role.TOOL);
        assertThat(request.messages().get(1).content()).containsExactly(
                new ToolResult("gcall_1", "time", List.of(new Text("{\"now\":\"noon\"}")), false),
                new ToolResult("gcall_0", "lookup", List.of(new Text("no such page")), true),
                new ToolResult("explicit", "lookup", List.of(new Text("B")), false));
        assertThat(request.messages().get(2)).isEqualTo(Message.user("and now?"));
    }

    @Test
    void namesAToolResultFromTheEarlierCallAndMergesConsecutiveResultsIntoOneTurn() throws IOException {
        ChatRequest request = ChatRequest.builder().model("m")
                .system("Be brief.")
                .user("Weather in Paris and London?")
                .addMessage(new Message(Role.ASSISTANT, List.of(
                        new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"),
                        new ToolCall("call_2", "get_weather", "{\"city\":\"London\"}"))))
                .addMessage(new Message(Role.TOOL, List.of(new ToolResult("call_1", null,
                        List.of(new Text("{\"temp\":18}")), false))))
                .addMessage(new Message(Role.TOOL, List.of(new ToolResult("call_2", null,
                        List.of(new Text("city not found")), true))))
                .system("Use Celsius.")
                .build();

        JsonNode encoded = encode(request, "gemini-2.5-flash");

        assertThat(encoded.at("/systemInstruction/parts/1/text").asText()).isEqualTo("Use Celsius.");
        JsonNode contents = encoded.get("contents");
        assertThat(contents).hasSize(3);
        assertThat(contents.get(2).get("role").asText()).isEqualTo("user");
        assertThat(contents.get(2).get("parts")).isEqualTo(JSON.readTree("""
                [{"functionResponse":{"id":"call_1","name":"get_weather","response":{"temp":18}}},
                 {"functionResponse":{"id":"call_2","name":"get_weather","response":{"error":"city not found"}}}]
                """));
    }

    @Test
    void putsGooglesPlaceholderSignatureOnTheFirstCallOfAStepNoProviderSigned() throws IOException {
        ChatRequest request = ChatRequest.builder().model("m").user("go")
                .addMessage(new Message(Role.ASSISTANT, List.of(new ToolCall("toolu_1", "a", "{}"),
                        new ToolCall("toolu_2", "b", "{}"))))
                .build();

        JsonNode parts = encode(request, "gemini-3-pro-preview").at("/contents/1/parts");

        assertThat(parts.get(0).get("thoughtSignature").asText()).isEqualTo("skip_thought_signature_validator");
        assertThat(parts.get(1).has("thoughtSignature")).isFalse();
    }

    @Test
    void sendsOnlyThinkingGeminiSignedAndDropsEveryOtherKind() throws IOException {
        ChatRequest request = ChatRequest.builder().model("m").user("hi")
                .addMessage(new Message(Role.ASSISTANT, List.of(
                        new Thinking("claude thought", "EqQBCkgI", null, ApiFormat.ANTHROPIC_MESSAGES),
                        Thinking.of("unsigned thought"),
                        new Thinking("gemini thought", "CiQB", null, ApiFormat.GEMINI),
                        new Text("Hello"))))
                .build();

        JsonNode parts = encode(request, "gemini-2.5-pro").at("/contents/1/parts");

        assertThat(parts).isEqualTo(JSON.readTree("""
                [{"text":"gemini thought","thought":true,"thoughtSignature":"CiQB"},{"text":"Hello"}]"""));
    }

    @Test
    void mapsAnEffortToALevelForGemini3AndToABudgetForGemini2() throws IOException {
        ChatRequest request = ChatRequest.builder().model("m").user("hi").reasoning(new Reasoning("low", null, null))
                .build();

        JsonNode three = encode(request, "gemini-3-pro-preview").at("/generationConfig/thinkingConfig");
        JsonNode two = encode(request, "models/gemini-2.5-flash").at("/generationConfig/thinkingConfig");

        assertThat(three).isEqualTo(JSON.readTree("{\"thinkingLevel\":\"LOW\",\"includeThoughts\":true}"));
        assertThat(two).isEqualTo(JSON.readTree("{\"thinkingBudget\":1024,\"includeThoughts\":true}"));
    }

    @Test
    void neverAsksGemini3ForALevelItLacksNorForThoughtsWhenThinkingIsOff() throws IOException {
        ChatRequest none = ChatRequest.builder().model("m").user("hi").reasoning(new Reasoning("none", null, null))
                .build();
        ChatRequest off = ChatRequest.builder().model("m").user("hi").reasoning(new Reasoning(null, 0, null))
                .build();

        assertThat(encode(none, "gemini-3-flash-preview").at("/generationConfig/thinkingConfig"))
                .isEqualTo(JSON.readTree("{\"thinkingLevel\":\"MINIMAL\",\"includeThoughts\":true}"));
        assertThat(encode(off, "gemini-2.5-flash").at("/generationConfig/thinkingConfig"))
                .isEqualTo(JSON.readTree("{\"thinkingBudget\":0}"));
    }

    @Test
    void writesToolChoicesAndResponseFormatsInGeminisTerms() throws IOException {
        ChatRequest required = ChatRequest.builder().model("m").user("hi").toolChoice(ToolChoice.REQUIRED)
                .responseFormat(new ResponseFormat.JsonObject()).build();
        ChatRequest none = ChatRequest.builder().model("m").user("hi").toolChoice(ToolChoice.NONE)
                .responseFormat(new ResponseFormat.JsonSchema("answer", "{\"type\":\"object\"}", true)).build();

        JsonNode a = encode(required, "gemini-2.5-flash");
        JsonNode b = encode(none, "gemini-2.5-flash");

        assertThat(a.at("/toolConfig/functionCallingConfig/mode").asText()).isEqualTo("ANY");
        assertThat(a.get("generationConfig")).isEqualTo(JSON.readTree("{\"responseMimeType\":\"application/json\"}"));
        assertThat(b.at("/toolConfig/functionCallingConfig/mode").asText()).isEqualTo("NONE");
        assertThat(b.at("/generationConfig/responseJsonSchema/type").asText()).isEqualTo("object");
    }

    @Test
    void keepsAToolConfigAToolChoiceCannotSayForAGeminiUpstream() throws IOException {
        String body = "{\"contents\":[],\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"ANY\","
                + "\"allowedFunctionNames\":[\"a\",\"b\"]}}}";

        ChatRequest request = codec.decodeRequest(utf8(body));

        assertThat(request.toolChoice()).isEqualTo(ToolChoice.REQUIRED);
        assertThat(encode(request, "gemini-2.5-flash").get("toolConfig"))
                .isEqualTo(JSON.readTree(body).get("toolConfig"));
    }

    @Test
    void turnsAnOpenApiResponseSchemaIntoJsonSchemaAndKeepsOtherMimeTypesAsTheyAre() throws IOException {
        ChatRequest schema = codec.decodeRequest(utf8("{\"contents\":[],\"generationConfig\":{\"responseMimeType\":"
                + "\"application/json\",\"responseSchema\":{\"type\":\"ARRAY\",\"items\":{\"type\":\"STRING\"}}}}"));
        String enumBody = "{\"contents\":[],\"generationConfig\":{\"responseMimeType\":\"text/x.enum\","
                + "\"responseSchema\":{\"type\":\"STRING\",\"enum\":[\"A\",\"B\"]}}}";
        ChatRequest enumRequest = codec.decodeRequest(utf8(enumBody));

        assertThat(schema.responseFormat()).isEqualTo(new ResponseFormat.JsonSchema(null,
                "{\"type\":\"array\",\"items\":{\"type\":\"string\"}}", null));
        assertThat(enumRequest.responseFormat()).isNull();
        assertThat(encode(enumRequest, "gemini-2.5-flash").get("generationConfig"))
                .isEqualTo(JSON.readTree(enumBody).get("generationConfig"));
    }

    @Test
    void sendsImageUrlsAsFileDataAndRefusesUrlsGeminiCannotFetch() throws IOException {
        ChatRequest url = ChatRequest.builder().model("m").addMessage(new Message(Role.USER,
                List.of(Image.fromUrl("https://example.com/a/cat.PNG?size=2")))).build();
        ChatRequest ftp = ChatRequest.builder().model("m").addMessage(new Message(Role.USER,
                List.of(Image.fromUrl("ftp://example.com/cat.png")))).build();

        JsonNode part = encode(url, "gemini-2.5-flash").at("/contents/0/parts/0");

        assertThat(part).isEqualTo(JSON.readTree(
                "{\"fileData\":{\"mimeType\":\"image/png\",\"fileUri\":\"https://example.com/a/cat.PNG?size=2\"}}"));
        assertThatThrownBy(() -> codec.encodeRequest(ftp, "gemini-2.5-flash"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("Gemini cannot fetch the image URL 'ftp://example.com/cat.png'");
    }

    @Test
    void refusesAToolResultWhoseFunctionItCannotName() {
        ChatRequest request = ChatRequest.builder().model("m").addMessage(new Message(Role.TOOL,
                List.of(new ToolResult("call_9", null, List.of(new Text("x")), false)))).build();

        assertThatThrownBy(() -> codec.encodeRequest(request, "gemini-2.5-flash"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("tool result for call 'call_9' matches no earlier tool call");
    }

    @Test
    void refusesGeminisBuiltInToolsNamingThem() {
        assertThatThrownBy(() -> codec.decodeRequest(utf8("{\"contents\":[],\"tools\":[{\"googleSearch\":{}}]}")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("tools[0].googleSearch")
                .hasMessageContaining("cannot be translated");
    }

    @Test
    void rejectsTypeConfusedRequestsWithA400NamingThePath() {
        for (String[] c : new String[][] {
                {"{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":5}]}]}", "contents[0].parts[0].text"},
                {"{\"contents\":[{\"role\":\"wizard\",\"parts\":[]}]}", "unsupported role 'wizard'"},
                {"{\"contents\":[{\"parts\":[{\"executableCode\":{}}]}]}", "contents[0].parts[0]"},
                {"{\"contents\":[],\"generationConfig\":{\"maxOutputTokens\":1.5}}",
                        "generationConfig.maxOutputTokens"},
                {"{\"contents\":[],\"generationConfig\":{\"stopSequences\":[1]}}", "generationConfig.stopSequences[0]"},
                {"{\"contents\":[],\"toolConfig\":{\"functionCallingConfig\":{\"allowedFunctionNames\":[{}]}}}",
                        "allowedFunctionNames[0]"},
                {"{\"contents\":{}}", "contents"}, {"[]", "expected an object"}}) {
            assertThatThrownBy(() -> codec.decodeRequest(utf8(c[0]))).as(c[0])
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining(c[1]);
        }
    }

    @Test
    void neverThrowsAnythingButA400ForAnyTruncationOfARequest() {
        byte[] full = utf8(FULL_REQUEST.strip());
        for (int length = 0; length < full.length; length++) {
            byte[] truncated = Arrays.copyOf(full, length);
            assertThatThrownBy(() -> codec.decodeRequest(truncated)).as("length %d", length)
                    .isInstanceOf(InvalidRequestException.class);
        }
    }
}
