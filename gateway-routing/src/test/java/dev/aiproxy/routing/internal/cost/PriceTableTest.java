package dev.aiproxy.routing.internal.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiproxy.routing.config.ConfigException;
import dev.aiproxy.routing.config.ConfigLoader;
import dev.aiproxy.routing.config.ModelPrice;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which price a model name gets: the config's before the shipped table, names before globs. */
class PriceTableTest {

    @Test
    void theShippedTableLoadsWithEveryProviderTheIssueNames() throws IOException {
        byte[] file;
        try (InputStream in = PriceTable.class.getResourceAsStream(PriceTable.FILE)) {
            file = in.readAllBytes();
        }
        String text = new String(file, StandardCharsets.UTF_8);

        List<ModelPrice> prices = ConfigLoader.readPriceTable(file, PriceTable.FILE);

        assertThat(prices).hasSizeGreaterThan(50);
        for (String block : List.of("openai:", "anthropic:", "gemini:", "deepseek:", "mistral:", "xai:", "groq:")) {
            assertThat(text).as("a block for each provider").contains("\n" + block + "\n");
        }
        assertThat(text).as("the figures are to be checked against each page").contains("check against the page");
    }

    @Test
    void aPriceFileWithANegativeOrNonNumericPriceIsRejectedNamingTheLine() {
        byte[] file = """
                acme:
                  page: https://acme.example/pricing
                  read: 2025-11
                  models:
                    good: {input: 1, output: 2}
                    negative: {input: -1, output: 2}
                    words: {input: 1, output: cheap}
                """.getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ConfigLoader.readPriceTable(file, "prices.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("prices.yaml:6: acme.models.negative.input: must not be negative, was -1")
                .hasMessageContaining("prices.yaml:7: acme.models.words.output: not a number: \"cheap\"");
    }

    @Test
    void aPriceFileBlockMustNameItsPageAndWhenItWasRead() {
        byte[] file = """
                acme:
                  models:
                    good: {input: 1, output: 2}
                """.getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ConfigLoader.readPriceTable(file, "prices.yaml"))
                .hasMessageContaining("acme.page: required")
                .hasMessageContaining("acme.read: required");
    }

    @Test
    void aDatedSnapshotOrAVendorPrefixedNameTakesItsBaseModelsPrice() {
        PriceTable table = PriceTable.of(List.of());

        assertThat(table.find("claude-sonnet-4-20250514").orElseThrow().model()).isEqualTo("claude-sonnet-4");
        assertThat(table.find("gpt-4o-mini-2024-07-18").orElseThrow().model()).isEqualTo("gpt-4o-mini");
        assertThat(table.find("openai/gpt-4o").orElseThrow().model()).isEqualTo("gpt-4o");
        assertThat(table.find("models/gemini-2.5-pro").orElseThrow().model()).isEqualTo("gemini-2.5-pro");
    }

    @Test
    void aClaudeModelOnVertexWithItsVersionTakesItsBaseModelsPrice() {
        PriceTable table = PriceTable.of(List.of());

        assertThat(table.find("claude-sonnet-4-5@20250929").orElseThrow().model()).isEqualTo("claude-sonnet-4-5");
    }

    @Test
    void aSnapshotListedItselfKeepsItsOwnPrice() {
        assertThat(PriceTable.of(List.of()).find("gpt-4o-2024-05-13").orElseThrow().input())
                .isEqualByComparingTo("5.00");
    }

    @Test
    void aModelNobodyPricesHasNoPrice() {
        assertThat(PriceTable.of(List.of()).find("my-local-llama", "llama")).isEmpty();
    }

    @Test
    void theConfigsPricesComeBeforeTheShippedTable() {
        PriceTable table = PriceTable.of(List.of(ModelPrice.of("gpt-4o", "1", "2")));

        assertThat(table.find("gpt-4o").orElseThrow().input()).isEqualByComparingTo(BigDecimal.ONE);
    }

    @Test
    void aConfiguredGlobMatchesTheUpstreamsNameOrTheClients() {
        PriceTable table = PriceTable.only(List.of(ModelPrice.of("team-*", "1", "2"),
                ModelPrice.of("llama*", "3", "4")));

        assertThat(table.find("llama3.1:8b", "team-llama").orElseThrow().model())
                .as("the first name that any configured entry prices wins: the upstream's").isEqualTo("llama*");
        assertThat(table.find("qwen", "team-qwen").orElseThrow().model()).isEqualTo("team-*");
    }

    @Test
    void aConfiguredNameComesBeforeAConfiguredGlobOfTheSameName() {
        PriceTable table = PriceTable.only(List.of(ModelPrice.of("gpt-*", "9", "9"), ModelPrice.of("gpt-x", "1", "1")));

        assertThat(table.find("gpt-x").orElseThrow().input()).isEqualByComparingTo(BigDecimal.ONE);
    }
}
