package dev.aiproxy.routing.config.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiproxy.api.Secret;
import dev.aiproxy.routing.config.ConfigLoader;
import dev.aiproxy.routing.config.GatewayConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Key edits land where the parser numbers the keys, keep the file's comments, and refuse a file that moved. */
class KeyEntriesTest {
    private static final String FILE = """
            openai-compatibility:
              - name: pool
                base-url: https://pool.example/v1
                api-key-entries:
                  - api-key: sk-entry-aaaaaaaaaaaa-0001   # the first
                api-keys: [sk-plain-bbbbbbbbbbbb-0002, "${POOL_KEY}"]
            claude-api-key:
              - api-key: sk-ant-team-aaaaaaaaaaaa-01
                prefix: team
                base-url: https://claude-proxy.internal
              - api-key: sk-ant-other-aaaaaaaaaaa-02
            """;

    private static GatewayConfig load(String text) {
        return ConfigLoader.withEnvironment(Map.of("POOL_KEY", "sk-from-env-cccccccccc-0003"))
                .parse(text.getBytes(StandardCharsets.UTF_8), "c.yaml", null).config();
    }

    private static String fingerprint(String key) {
        return Secret.of(key).fingerprint();
    }

    private static String edit(java.util.function.Consumer<KeyEntries> change) {
        YamlDocument document = YamlDocument.parse(FILE, "c.yaml");
        change.accept(new KeyEntries(document));
        return document.text();
    }

    @Test
    void aKeyAddedToAPrefixedClaudeProviderJoinsItWithItsBaseUrl() {
        String text = edit(keys -> keys.add("claude-team", "sk-ant-new-aaaaaaaaaaaa-03", 2, List.of("claude-x")));

        GatewayConfig config = load(text);
        var team = config.providers().stream().filter(p -> p.name().equals("claude-team")).findFirst().orElseThrow();
        assertThat(team.credentials()).hasSize(2);
        assertThat(team.credentials().get(1).apiKey().fingerprint()).isEqualTo(fingerprint("sk-ant-new-aaaaaaaaaaaa-03"));
        assertThat(team.credentials().get(1).baseUrl()).hasToString("https://claude-proxy.internal");
        assertThat(team.credentials().get(1).policy().weight()).isEqualTo(2);
        assertThat(team.credentials().get(1).models()).extracting(m -> m.name()).containsExactly("claude-x");
        assertThat(text).contains("# the first");
    }

    @Test
    void aKeyAddedToAnAzureEntryLandsInItsKeyEntries() {
        YamlDocument document = YamlDocument.parse(FILE + """
                azure-openai:
                  - name: azure
                    base-url: https://my-resource.openai.azure.com
                    api-version: 2024-10-21
                    api-key-entries:
                      - api-key: azure-key-aaaaaaaaaaaa-01
                    models:
                      - name: my-gpt4o-deployment
                        alias: gpt-4o
                """, "c.yaml");

        new KeyEntries(document).add("azure", "azure-key-bbbbbbbbbbbb-02", 1, List.of());

        var azure = load(document.text()).providers().stream().filter(p -> p.name().equals("azure")).findFirst()
                .orElseThrow();
        assertThat(azure.credentials()).extracting(c -> c.apiKey().fingerprint())
                .containsExactly(fingerprint("azure-key-aaaaaaaaaaaa-01"), fingerprint("azure-key-bbbbbbbbbbbb-02"));
        assertThat(azure.options()).containsEntry("api-version", "2024-10-21");
    }

    @Test
    void disablingTheSecondKeyOfANamedEntryMeansItsFirstPlainKey() {
        assertThatThrownBy(() -> edit(keys -> keys.setDisabled("pool", 1, fingerprint("sk-plain-bbbbbbbbbbbb-0002"),
                true)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("plain 'api-keys' item");
    }

    @Test
    void aKeyIsFoundByItsPlaceAndDisabledThere() {
        String text = edit(keys -> keys.setDisabled("pool", 0, fingerprint("sk-entry-aaaaaaaaaaaa-0001"), true));

        assertThat(load(text).providers().getFirst().credentials()).extracting(c -> c.policy().disabled())
                .containsExactly(true, false, false);
    }

    @Test
    void aKeyWrittenAsAReferenceIsRemovedByItsPlaceAlone() {
        String text = edit(keys -> keys.remove("pool", 2, fingerprint("sk-from-env-cccccccccc-0003")));

        assertThat(load(text).providers().getFirst().credentials()).extracting(c -> c.apiKey().fingerprint())
                .containsExactly(fingerprint("sk-entry-aaaaaaaaaaaa-0001"), fingerprint("sk-plain-bbbbbbbbbbbb-0002"));
    }

    @Test
    void aFileWhoseKeyAtThatPlaceIsAnotherIsNotEdited() {
        assertThatThrownBy(() -> edit(keys -> keys.setWeight("pool", 0, fingerprint("sk-some-other-key-000000"), 3)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("changed since it was loaded");
        assertThatThrownBy(() -> edit(keys -> keys.remove("pool", 7, null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no key pool#7");
        assertThatThrownBy(() -> edit(keys -> keys.add("nope", "sk-x", null, List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope'");
    }
}
