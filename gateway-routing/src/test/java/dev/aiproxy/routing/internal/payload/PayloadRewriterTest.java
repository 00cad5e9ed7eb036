package dev.aiproxy.routing.internal.payload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.routing.RequestContext.HeaderLookup;
import dev.aiproxy.routing.config.ConfigLoader;
import dev.aiproxy.routing.config.PayloadRules;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadRewriterTest {
    /** An OpenAI client asking for "fast", served by an OpenAI-compatible upstream's "gpt-4o-mini-2024-07-18". */
    private static final PayloadRewriter.Scope OPENAI = scope(ApiFormat.OPENAI_CHAT, "gpt-4o-mini-2024-07-18",
            ApiFormat.OPENAI_CHAT, "fast", HeaderLookup.NONE);

    private static PayloadRewriter.Scope scope(ApiFormat upstream, String upstreamModel, ApiFormat client,
            String clientModel, HeaderLookup headers) {
        return new PayloadRewriter.Scope(upstream, upstreamModel, client, clientModel, headers);
    }

    /** The rules of a {@code payload:} section, read as the config file would be. */
    private static PayloadRewriter rules(String section) {
        String yaml = "payload:\n" + section.indent(2);
        PayloadRules rules = ConfigLoader.withEnvironment(Map.of()).parse(yaml.getBytes(StandardCharsets.UTF_8),
                "test.yaml", null).config().payload();
        return PayloadRewriter.of(rules);
    }

    private static String rewrite(PayloadRewriter rewriter, String body, PayloadRewriter.Scope scope) {
        return new String(rewriter.rewrite(body.getBytes(StandardCharsets.UTF_8), scope), StandardCharsets.UTF_8);
    }

    private static String rewrite(PayloadRewriter rewriter, String body) {
        return rewrite(rewriter, body, OPENAI);
    }

    @Test
    void returnsTheVerySameArrayWhenNoRuleIsForTheModel() {
        PayloadRewriter rewriter = rules("""
                override:
                  - models: [{name: "claude-*"}]
                    params: {max_tokens: 1}
                """);
        byte[] body = "{ \"model\" : \"gpt-4o-mini-2024-07-18\", \"n\": 1.50 }".getBytes(StandardCharsets.UTF_8);

        byte[] sent = rewriter.rewrite(body, OPENAI);

        assertThat(sent).isSameAs(body);
    }

    @Test
    void returnsTheVerySameArrayWhenTheMatchingRulesChangeNothing() {
        PayloadRewriter rewriter = rules("""
                override:
                  - models: [{name: "*"}]
                    params: {temperature: 0.5}
                filter:
                  - models: [{name: "*"}]
                    params: [logprobs]
                """);
        byte[] body = "{\"model\": \"m\", \"temperature\": 0.50}".getBytes(StandardCharsets.UTF_8);

        byte[] sent = rewriter.rewrite(body, OPENAI);

        assertThat(sent).isSameAs(body);
    }

    @Test
    void leavesABodyThatIsNotAJsonObjectAsItIs() {
        PayloadRewriter rewriter = rules("""
                override:
                  - models: [{name: "*"}]
                    params: {max_tokens: 1}
                """);
        byte[] body = "not json".getBytes(StandardCharsets.UTF_8);

        assertThat(rewriter.rewrite(body, OPENAI)).isSameAs(body);
    }

    @Test
    void setsADefaultOnlyWhereTheBodyHasNoValueNotEvenNull() {
        PayloadRewriter rewriter = rules("""
                default:
                  - models: [{name: "*"}]
                    params:
                      max_tokens: 1024
                      temperature: 0.2
                      metadata.client: gateway
                """);

        String sent = rewrite(rewriter, "{\"model\":\"m\",\"max_tokens\":10,\"temperature\":null}");

        assertThat(sent).isEqualTo(
                "{\"model\":\"m\",\"max_tokens\":10,\"temperature\":null,\"metadata\":{\"client\":\"gateway\"}}");
    }

    @Test
    void letsTheFirstMatchingDefaultForAPathWin() {
        PayloadRewriter rewriter = rules("""
                default:
                  - models: [{name: "gpt-*"}]
                    params: {max_tokens: 100}
                  - models: [{name: "*"}]
                    params: {max_tokens: 200}
                default-raw:
                  - models: [{name: "*"}]
                    params: {max_tokens: "300"}
                """);

        assertThat(rewrite(rewriter, "{}")).isEqualTo("{\"max_tokens\":100}");
    }

    @Test
    void judgesEveryDefaultAgainstTheBodyAsItCame() {
        PayloadRewriter rewriter = rules("""
                default:
                  - models: [{name: "*"}]
                    params:
                      response_format: {type: json_object}
                      response_format.strict: true
                """);

        assertThat(rewrite(rewriter, "{}")).isEqualTo("{\"response_format\":{\"type\":\"json_object\",\"strict\":true}}");
    }

    @Test
    void setsRawJsonTextAsADefault() {
        PayloadRewriter rewriter = rules("""
                default-raw:
                  - models: [{name: "*"}]
                    params:
                      generationConfig.responseJsonSchema: '{"type":"object","properties":{"answer":{"type":"string"}}}'
                """);

        assertThat(rewrite(rewriter, "{\"contents\":[]}")).isEqualTo("{\"contents\":[],\"generationConfig\":"
                + "{\"responseJsonSchema\":{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\"}}}}}");
    }

    @Test
    void overridesWhateverTheBodyHasAndLetsTheLastMatchingOverrideWin() {
        PayloadRewriter rewriter = rules("""
                override:
                  - models: [{name: "*"}]
                    params: {reasoning_effort: low, max_tokens: 64}
                  - models: [{name: "gpt-*"}]
                    params: {reasoning_effort: high}
                """);

        String sent = rewrite(rewriter, "{\"reasoning_effort\":\"medium\",\"max_tokens\":8}");

        assertThat(sent).isEqualTo("{\"reasoning_effort\":\"high\",\"max_tokens\":64}");
    }

    @Test
    void overridesWithRawJsonText() {
        PayloadRewriter rewriter = rules("""
                override-raw:
                  - models: [{name: "*"}]
                    params:
                      response_format: '{"type":"json_schema","json_schema":{"name":"answer"}}'
                """);

        assertThat(rewrite(rewriter, "{\"response_format\":{\"type\":\"text\"}}"))
                .isEqualTo("{\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"answer\"}}}");
    }

    @Test
    void filtersPathsOutOfObjectsAndArrays() {
        PayloadRewriter rewriter = rules("""
                filter:
                  - models: [{name: "*"}]
                    params:
                      - generationConfig.thinkingConfig.thinkingBudget
                      - safetySettings.0
                      - not.there
                """);

        String sent = rewrite(rewriter, "{\"generationConfig\":{\"thinkingConfig\":{\"thinkingBudget\":8,"
                + "\"includeThoughts\":true}},\"safetySettings\":[\"a\",\"b\"]}");

        assertThat(sent).isEqualTo("{\"generationConfig\":{\"thinkingConfig\":{\"includeThoughts\":true}},"
                + "\"safetySettings\":[\"b\"]}");
    }

    @Test
    void appliesDefaultsThenOverridesThenFilters() {
        PayloadRewriter rewriter = rules("""
                filter:
                  - models: [{name: "*"}]
                    params: [user]
                override:
                  - models: [{name: "*"}]
                    params: {temperature: 1, user: gateway}
                default:
                  - models: [{name: "*"}]
                    params: {temperature: 0}
                """);

        assertThat(rewrite(rewriter, "{\"user\":\"alice\"}")).isEqualTo("{\"temperature\":1}");
    }

    @Test
    void matchesTheGlobAgainstTheUpstreamIdOrTheClientsNameWithoutRegardToCase() {
        PayloadRewriter upstreamId = rules("""
                override:
                  - models: [{name: "GPT-4O-*"}]
                    params: {seed: 1}
                """);
        PayloadRewriter clientName = rules("""
                override:
                  - models: [{name: "fast"}]
                    params: {seed: 2}
                """);
        PayloadRewriter neither = rules("""
                override:
                  - models: [{name: "slow"}]
                    params: {seed: 3}
                """);

        assertThat(rewrite(upstreamId, "{}")).isEqualTo("{\"seed\":1}");
        assertThat(rewrite(clientName, "{}")).isEqualTo("{\"seed\":2}");
        assertThat(rewrite(neither, "{}")).isEqualTo("{}");
    }

    @Test
    void appliesARuleWhenAnyOfItsModelsEntriesMatches() {
        PayloadRewriter rewriter = rules("""
                override:
                  - models:
                      - name: "claude-*"
                      - name: "gpt-*"
                    params: {seed: 1}
                """);

        assertThat(rewrite(rewriter, "{}")).isEqualTo("{\"seed\":1}");
    }

    @Test
    void restrictsARuleToTheFormatTheUpstreamSpeaks() {
        PayloadRewriter rewriter = rules("""
                override:
                  - models: [{name: "*", protocol: claude}]
                    params: {max_tokens: 128000}
                """);
        PayloadRewriter.Scope anthropic = scope(ApiFormat.ANTHROPIC_MESSAGES, "claude-sonnet-4-5",
                ApiFormat.OPENAI_CHAT, "sonnet", HeaderLookup.NONE);

        assertThat(rewrite(rewriter, "{}", anthropic)).isEqualTo("{\"max_tokens\":128000}");
        assertThat(rewrite(rewriter, "{}", OPENAI)).isEqualTo("{}");
    }

    @Test
    void restrictsARuleToTheFormatTheClientSpokeWhichAnInProcessCallHasNot() {
        PayloadRewriter rewriter = rules("""
                override:
                  - models: [{name: "*", from-protocol: responses}]
                    params: {store: false}
                """);
        PayloadRewriter.Scope fromResponses = scope(ApiFormat.OPENAI_CHAT, "gpt-4o", ApiFormat.OPENAI_RESPONSES,
                "gpt-4o", HeaderLookup.NONE);
        PayloadRewriter.Scope inProcess = scope(ApiFormat.OPENAI_CHAT, "gpt-4o", null, "gpt-4o", HeaderLookup.NONE);

        assertThat(rewrite(rewriter, "{}", fromResponses)).isEqualTo("{\"store\":false}");
        assertThat(rewrite(rewriter, "{}", OPENAI)).isEqualTo("{}");
        assertThat(rewrite(rewriter, "{}", inProcess)).isEqualTo("{}");
    }

    @Test
    void needsEveryConfiguredClientHeaderWithAValueMatchingItsGlob() {
        PayloadRewriter rewriter = rules("""
                override:
                  - models:
                      - name: "*"
                        headers: {X-Client-Tier: "tenant-*-region-*", X-Team: "a"}
                    params: {service_tier: priority}
                """);
        HeaderLookup both = name -> switch (name) {
            case "X-Client-Tier" -> "Tenant-7-Region-EU";
            case "X-Team" -> "a";
            default -> null;
        };
        HeaderLookup wrongTier = name -> name.equals("X-Team") ? "a" : name.equals("X-Client-Tier") ? "free" : null;
        HeaderLookup noTeam = name -> name.equals("X-Client-Tier") ? "tenant-1-region-us" : null;

        assertThat(rewrite(rewriter, "{}", scope(ApiFormat.OPENAI_CHAT, "m", ApiFormat.OPENAI_CHAT, "m", both)))
                .isEqualTo("{\"service_tier\":\"priority\"}");
        assertThat(rewrite(rewriter, "{}", scope(ApiFormat.OPENAI_CHAT, "m", ApiFormat.OPENAI_CHAT, "m", wrongTier)))
                .isEqualTo("{}");
        assertThat(rewrite(rewriter, "{}", scope(ApiFormat.OPENAI_CHAT, "m", ApiFormat.OPENAI_CHAT, "m", noTeam)))
                .isEqualTo("{}");
    }

    @Test
    void needsEveryMatchPathToHoldItsValueComparedAsJson() {
        PayloadRewriter rewriter = rules("""
                override:
                  - models:
                      - name: "*"
                        match:
                          - metadata.client: codex
                          - n: 1
                    params: {applied: true}
                """);

        assertThat(rewrite(rewriter, "{\"metadata\":{\"client\":\"codex\"},\"n\":1.0}"))
                .endsWith(",\"applied\":true}");
        assertThat(rewrite(rewriter, "{\"metadata\":{\"client\":\"codex\"},\"n\":2}")).doesNotContain("applied");
        assertThat(rewrite(rewriter, "{\"metadata\":{\"client\":\"codex\"}}")).doesNotContain("applied");
    }

    @Test
    void needsNoNotMatchPathToHoldItsValue() {
        PayloadRewriter rewriter = rules("""
                override:
                  - models:
                      - name: "*"
                        not-match:
                          - metadata.mode: dev
                    params: {applied: true}
                """);

        assertThat(rewrite(rewriter, "{\"metadata\":{\"mode\":\"dev\"}}")).doesNotContain("applied");
        assertThat(rewrite(rewriter, "{\"metadata\":{\"mode\":\"prod\"}}")).contains("\"applied\":true");
        assertThat(rewrite(rewriter, "{}")).contains("\"applied\":true");
    }

    @Test
    void needsEveryExistPathPresentAndNotNull() {
        PayloadRewriter rewriter = rules("""
                override:
                  - models:
                      - name: "*"
                        exist: [tools.0.type]
                    params: {tool_choice: auto}
                """);

        assertThat(rewrite(rewriter, "{\"tools\":[{\"type\":\"function\"}]}")).contains("\"tool_choice\":\"auto\"");
        assertThat(rewrite(rewriter, "{\"tools\":[{\"type\":null}]}")).doesNotContain("tool_choice");
        assertThat(rewrite(rewriter, "{\"tools\":[]}")).doesNotContain("tool_choice");
    }

    @Test
    void needsEveryNotExistPathMissingOrNull() {
        PayloadRewriter rewriter = rules("""
                override:
                  - models:
                      - name: "*"
                        not-exist: [metadata.disable_payload]
                    params: {applied: true}
                """);

        assertThat(rewrite(rewriter, "{}")).contains("\"applied\":true");
        assertThat(rewrite(rewriter, "{\"metadata\":{\"disable_payload\":null}}")).contains("\"applied\":true");
        assertThat(rewrite(rewriter, "{\"metadata\":{\"disable_payload\":true}}")).doesNotContain("applied");
    }

    @Test
    void judgesBodyConditionsBeforeAnyRuleChangesTheBody() {
        PayloadRewriter rewriter = rules("""
                override:
                  - models: [{name: "*"}]
                    params: {metadata.mode: fast}
                  - models:
                      - name: "*"
                        match: [{metadata.mode: fast}]
                    params: {max_tokens: 1}
                """);

        assertThat(rewrite(rewriter, "{}")).isEqualTo("{\"metadata\":{\"mode\":\"fast\"}}");
    }

    @Test
    void neverLetsOneRequestsEditsLeakIntoTheNextRequestsValues() {
        PayloadRewriter rewriter = rules("""
                override:
                  - models: [{name: "*"}]
                    params: {response_format: {type: json_object}}
                  - models: [{name: "*", headers: {X-Strict: "yes"}}]
                    params: {response_format.strict: true}
                """);
        HeaderLookup strict = name -> name.equals("X-Strict") ? "yes" : null;

        String first = rewrite(rewriter, "{}", scope(ApiFormat.OPENAI_CHAT, "m", ApiFormat.OPENAI_CHAT, "m", strict));
        String second = rewrite(rewriter, "{}");

        assertThat(first).isEqualTo("{\"response_format\":{\"type\":\"json_object\",\"strict\":true}}");
        assertThat(second).isEqualTo("{\"response_format\":{\"type\":\"json_object\"}}");
    }
}
