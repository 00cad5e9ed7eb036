package dev.aiproxy.routing.config.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiproxy.routing.config.ConfigException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Edits of config YAML keep what a person wrote; secrets are hidden and put back by key path. */
class YamlEditsTest {
    private static final String FILE = """
            # head comment
            port: 8317   # the port
            clients:
              - name: a   # first
                key-hash: 0a0000000000000000000000000000000000000000000000000000000000000b
              # between items
              - name: b
                key: plain-client-key
            providers:
              - name: up
                type: openai-compatible
                api-keys: [sk-one, "${ENV_KEY:-sk-default}"]
                headers:
                  Authorization: Bearer sk-header
                  X-Team: blue
            fallbacks: {gpt: [echo]}
            # tail comment
            """;

    @Test
    void anUnchangedDocumentKeepsEveryCommentKeyAndValue() {
        String text = YamlDocument.parse(FILE, "c.yaml").text();

        assertThat(text).contains("# head comment", "port: 8317 # the port", "- name: a # first", "# between items",
                "${ENV_KEY:-sk-default}", "fallbacks: {gpt: [echo]}", "# tail comment");
        assertThat(YamlDocument.parse(text, "c.yaml").text()).isEqualTo(text);
    }

    @Test
    void aClientUpdateTouchesOnlyItsEntry() {
        YamlDocument document = YamlDocument.parse(FILE, "c.yaml");
        ClientEntries clients = new ClientEntries(document);

        clients.update("b", new ClientUpdate(Optional.of(List.of("gpt*")), null, null, null, Optional.of(30),
                Optional.empty(), Optional.of(new BigDecimal("2.50")), null));
        clients.setKeyHash("b", "c".repeat(64));
        String text = document.text();

        assertThat(text).contains("# between items", "# tail comment", "- name: a # first")
                .contains("allowed-models:\n      - gpt*").contains("requests-per-minute: 30")
                .contains("daily-usd: 2.50").contains("key-hash: " + "c".repeat(64))
                .doesNotContain("plain-client-key").doesNotContain("tokens-per-minute");
    }

    @Test
    void secretsAreRedactedAndPutBackByKeyPathButReferencesStayVisible() {
        String redacted = SecretValues.redact(FILE, "c.yaml");

        assertThat(redacted).doesNotContain("sk-one", "sk-header", "plain-client-key", "0a00000000")
                .contains("${ENV_KEY:-sk-default}", "X-Team: blue", "# between items");
        assertThat(SecretValues.restore(redacted, FILE, "c.yaml")).isEqualTo(FILE);
    }

    @Test
    void aPlaceholderWithNoSecretBehindItIsRefusedNamingItsKey() {
        assertThatThrownBy(() -> SecretValues.restore("secret:\n  api-key: \"<redacted>\"\n", FILE, "c.yaml"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.key()).isEqualTo("secret.api-key");
                            assertThat(p.line()).isEqualTo(2);
                        }));
    }

    @Test
    void fallbacksKeepTheFlowStyleTheFileUses() {
        YamlDocument document = YamlDocument.parse(FILE, "c.yaml");

        new ModelEdits(document).setFallbacks("big", List.of("gpt", "echo"));
        new ModelEdits(document).setFallbacks("gpt", List.of());

        assertThat(document.text()).contains("fallbacks: {big: [gpt, echo]}").contains("# tail comment");
    }
}
