package dev.aiproxy.routing.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.routing.config.PayloadRules.Condition;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadRulesConfigTest {
    private final ConfigLoader loader = ConfigLoader.withEnvironment(Map.of("MAX_TOKENS", "4096", "TIER", "pro"));

    private LoadedConfig parse(String yaml) {
        return loader.parse(yaml.getBytes(StandardCharsets.UTF_8), "config.yaml", null);
    }

    /** Every problem the file has, as printed; fails when it loads. */
    private List<String> problems(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigProblem::toString).toList();
        }
        throw new AssertionError("the config loaded, but problems were expected");
    }

    private static PayloadPath path(String text) {
        return PayloadPath.parse(text);
    }

    @Test
    void hasNoRulesByDefault() {
        GatewayConfig config = parse("port: 9000").config();

        assertThat(config.payload()).isEqualTo(PayloadRules.NONE);
        assertThat(config.payload().isEmpty()).isTrue();
    }

    @Test
    void showsOneRuleOfEachKindInTheExampleConfig() {
        PayloadRules rules = ConfigLoader.withEnvironment(Map.of())
                .load(java.nio.file.Path.of("..", "config.example.yaml")).config().payload();

        assertThat(List.of(rules.defaults(), rules.defaultRaw(), rules.overrides(), rules.overrideRaw()))
                .allSatisfy(kind -> assertThat(kind).hasSize(1));
        assertThat(rules.filters()).hasSize(1);
    }

    @Test
    void readsEveryRuleKindOfTheCliProxyApiSchema() {
        LoadedConfig loaded = parse("""
                payload:
                  default:
                    - models:
                        - name: "gemini-2.5-pro"
                          protocol: gemini
                          from-protocol: responses
                          headers:
                            X-Client-Tier: "tenant-*"
                          match:
                            - "metadata.client": "codex"
                          not-match:
                            - "metadata.mode": "dev"
                          exist:
                            - "tools.0.type"
                          not-exist:
                            - "metadata.disable_payload"
                      params:
                        "generationConfig.thinkingConfig.thinkingBudget": 32768
                  default-raw:
                    - models: [{name: "gemini-*", protocol: gemini}]
                      params:
                        "generationConfig.responseJsonSchema": '{"type":"object"}'
                  override:
                    - models: [{name: "gpt-*", protocol: openai}]
                      params:
                        "reasoning_effort": "high"
                  override-raw:
                    - models: [{name: "gpt-*"}]
                      params:
                        "response_format": '{"type":"json_object"}'
                  filter:
                    - models: [{name: "claude-*", protocol: claude}]
                      params:
                        - "metadata.user_id"
                """);

        PayloadRules rules = loaded.config().payload();
        assertThat(loaded.warnings()).isEmpty();
        PayloadRules.ModelMatch first = rules.defaults().getFirst().models().getFirst();
        assertThat(first.name()).isEqualTo("gemini-2.5-pro");
        assertThat(first.protocol()).isEqualTo(ApiFormat.GEMINI);
        assertThat(first.fromProtocol()).isEqualTo(ApiFormat.OPENAI_RESPONSES);
        assertThat(first.headers()).containsExactly(Map.entry("X-Client-Tier", "tenant-*"));
        assertThat(first.match()).containsExactly(new Condition(path("metadata.client"), "\"codex\""));
        assertThat(first.notMatch()).containsExactly(new Condition(path("metadata.mode"), "\"dev\""));
        assertThat(first.exist()).containsExactly(path("tools.0.type"));
        assertThat(first.notExist()).containsExactly(path("metadata.disable_payload"));
        assertThat(rules.defaults().getFirst().params())
                .containsExactly(Map.entry(path("generationConfig.thinkingConfig.thinkingBudget"), "32768"));
        assertThat(rules.defaultRaw().getFirst().params())
                .containsExactly(Map.entry(path("generationConfig.responseJsonSchema"), "{\"type\":\"object\"}"));
        assertThat(rules.overrides().getFirst().models().getFirst().protocol()).isEqualTo(ApiFormat.OPENAI_CHAT);
        assertThat(rules.overrides().getFirst().params()).containsExactly(Map.entry(path("reasoning_effort"),
                "\"high\""));
        assertThat(rules.overrideRaw().getFirst().params()).containsExactly(Map.entry(path("response_format"),
                "{\"type\":\"json_object\"}"));
        assertThat(rules.filters().getFirst().models().getFirst().protocol()).isEqualTo(ApiFormat.ANTHROPIC_MESSAGES);
        assertThat(rules.filters().getFirst().paths()).containsExactly(path("metadata.user_id"));
    }

    @Test
    void keepsYamlTypesInTheJsonValues() {
        PayloadRules rules = parse("""
                payload:
                  override:
                    - models: [{name: "*"}]
                      params:
                        int: 32768
                        quoted: "32768"
                        decimal: 0.10
                        flag: true
                        nothing: null
                        list: [a, 1]
                        object: {type: json_object, strict: false}
                        from-env: ${MAX_TOKENS}
                        text-from-env: "tier-${TIER}"
                """).config().payload();

        assertThat(rules.overrides().getFirst().params().values()).containsExactly("32768", "\"32768\"", "0.10",
                "true", "null", "[\"a\",1]", "{\"type\":\"json_object\",\"strict\":false}", "4096", "\"tier-pro\"");
    }

    @Test
    void readsMatchConditionsWrittenAsOneMapping() {
        PayloadRules rules = parse("""
                payload:
                  override:
                    - models:
                        - name: "*"
                          match: {stream: true, n: 1}
                      params: {a: 1}
                """).config().payload();

        assertThat(rules.overrides().getFirst().models().getFirst().match()).containsExactly(
                new Condition(path("stream"), "true"), new Condition(path("n"), "1"));
    }

    @Test
    void namesAnUnknownProtocolWithItsLineAndKey() {
        assertThat(problems("""
                payload:
                  override:
                    - models:
                        - name: "gpt-*"
                          protocol: codex
                        - name: "*"
                          from-protocol: antigravity
                      params: {a: 1}
                """)).containsExactly(
                "config.yaml:5: payload.override[0].models[0].protocol: unknown protocol \"codex\" (expected openai, "
                        + "responses, claude, gemini or converse)",
                "config.yaml:7: payload.override[0].models[1].from-protocol: unknown protocol \"antigravity\" "
                        + "(expected openai, responses, claude or gemini)");
    }

    @Test
    void converseNamesBedrocksUpstreamFormatButNoClientsFormat() {
        PayloadRules rules = parse("""
                payload:
                  default-raw:
                    - models: [{name: "amazon.nova-*", protocol: converse}]
                      params:
                        additionalModelRequestFields: '{"inferenceConfig":{"topK":20}}'
                """).config().payload();

        assertThat(rules.defaultRaw().getFirst().models().getFirst().protocol())
                .isEqualTo(dev.aiproxy.api.ApiFormat.BEDROCK_CONVERSE);
        assertThat(problems("""
                payload:
                  override:
                    - models: [{name: "*", from-protocol: converse}]
                      params: {a: 1}
                """)).containsExactly("config.yaml:3: payload.override[0].models[0].from-protocol: unknown protocol "
                        + "\"converse\" (expected openai, responses, claude or gemini)");
    }

    @Test
    void namesRawTextThatIsNotJson() {
        List<String> problems = problems("""
                payload:
                  default-raw:
                    - models: [{name: "*"}]
                      params:
                        ok: '{"a":1}'
                        response_format: '{"type": json_object}'
                  override-raw:
                    - models: [{name: "*"}]
                      params:
                        trailing: '{"a":1} x'
                """);

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith("config.yaml:6: payload.default-raw[0].params.response_format: "
                + "not valid JSON: ");
        assertThat(problems.get(1)).startsWith("config.yaml:10: payload.override-raw[0].params.trailing: "
                + "not valid JSON: ");
    }

    @Test
    void namesEveryPathInGjsonSyntaxItDoesNotSupport() {
        List<String> problems = problems("""
                payload:
                  override:
                    - models:
                        - name: "*"
                          exist: ['tools.#(type=="web_search").type']
                          match:
                            - "messages.*.role": system
                      params:
                        "messages.-1": {role: user}
                  filter:
                    - models: [{name: "*"}]
                      params:
                        - "tools.#.name"
                """);

        assertThat(problems).hasSize(4).allSatisfy(p -> assertThat(p).contains("unsupported path syntax"));
        assertThat(problems).anySatisfy(p -> assertThat(p)
                .startsWith("config.yaml:5: payload.override[0].models[0].exist[0]: unsupported path syntax in "
                        + "\"tools.#(type==\"web_search\").type\": '#'"));
        assertThat(problems).anySatisfy(p -> assertThat(p)
                .startsWith("config.yaml:7: payload.override[0].models[0].match[0].messages.*.role: "));
        assertThat(problems).anySatisfy(p -> assertThat(p)
                .startsWith("config.yaml:9: payload.override[0].params.messages.-1: "));
        assertThat(problems).anySatisfy(p -> assertThat(p)
                .startsWith("config.yaml:13: payload.filter[0].params[0]: "));
    }

    @Test
    void namesRulesOfTheWrongShape() {
        assertThat(problems("""
                payload:
                  default:
                    - params: {a: 1}
                    - models: [{protocol: openai}]
                      params: {a: 1}
                    - models: [{name: "*"}]
                      params: [a, b]
                  override:
                    - models: [{name: "*"}]
                  filter:
                    - models: [{name: "*"}]
                      params: {a: 1}
                  override-raw: {models: []}
                """)).containsExactlyInAnyOrder(
                "config.yaml:3: payload.default[0].models: required: at least one entry; use name: \"*\" for every "
                        + "model",
                "config.yaml:4: payload.default[1].models[0].name: required: a model name or glob, such as \"gpt-*\" "
                        + "(\"*\" for every model)",
                "config.yaml:7: payload.default[2].params: expected a mapping of path: value lines",
                "config.yaml:9: payload.override[0].params: required: the paths to set, as path: value lines",
                "config.yaml:12: payload.filter[0].params: expected a list (lines starting with '- '), got a mapping",
                "config.yaml:13: payload.override-raw: expected a list (lines starting with '- '), got a mapping");
    }

    @Test
    void reportsAModelWrittenAsAPlainStringOnce() {
        assertThat(problems("""
                payload:
                  override:
                    - models: ["gpt-*"]
                      params: {a: 1}
                    - "not a rule"
                """)).containsExactly(
                "config.yaml:3: payload.override[0].models[0]: expected a mapping (key: value lines), got the value "
                        + "\"gpt-*\"",
                "config.yaml:5: payload.override[1]: expected a mapping (key: value lines), got the value "
                        + "\"not a rule\"");
    }

    @Test
    void warnsAboutUnknownKeysInARule() {
        LoadedConfig loaded = parse("""
                payload:
                  override:
                    - models: [{name: "*", protocl: openai}]
                      params: {a: 1}
                """);

        assertThat(loaded.warnings()).extracting(ConfigProblem::toString)
                .containsExactly("config.yaml:3: payload.override[0].models[0].protocl: unknown key, ignored");
    }

    @Test
    void refusesAHeaderThatWouldCopyTheClientsKeyUpstream() {
        assertThat(problems("""
                openai-compatibility:
                  - name: up
                    base-url: http://127.0.0.1:1/v1
                    headers:
                      X-Session: "$X-Claude-Code-Session-Id"
                      X-Leak: "$Authorization"
                    api-key-entries:
                      - api-key: k
                        headers:
                          X-Other: "$x-goog-api-key"
                claude-api-key:
                  - api-key: k
                    headers:
                      X-Bad: "$"
                """)).containsExactly(
                "config.yaml:5: openai-compatibility[0].headers.X-Leak: \"$Authorization\" would copy the client's own "
                        + "key upstream; the client headers Authorization, x-api-key, x-goog-api-key, api-key, "
                        + "Proxy-Authorization and X-Gateway-Debug cannot be copied",
                "config.yaml:10: openai-compatibility[0].api-key-entries[0].headers.X-Other: \"$x-goog-api-key\" "
                        + "would copy the client's own key upstream; the client headers Authorization, x-api-key, "
                        + "x-goog-api-key, api-key, Proxy-Authorization and X-Gateway-Debug cannot be copied",
                "config.yaml:14: claude-api-key[0].headers.X-Bad: '$' must be followed by the name of the client "
                        + "header to copy, such as \"$X-Session-Id\"; got \"$\"");
    }

    @Test
    void keepsAHeaderReferenceAsWrittenInTheProviderEntry() {
        GatewayConfig config = parse("""
                openai-compatibility:
                  - name: up
                    base-url: http://127.0.0.1:1/v1
                    headers:
                      X-Session: "$X-Claude-Code-Session-Id"
                      User-Agent: "my-gateway/1.0"
                """).config();

        assertThat(config.providers().getFirst().headers()).containsExactly(
                Map.entry("X-Session", "$X-Claude-Code-Session-Id"), Map.entry("User-Agent", "my-gateway/1.0"));
    }
}
