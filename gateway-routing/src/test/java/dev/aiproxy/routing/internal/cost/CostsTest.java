package dev.aiproxy.routing.internal.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.routing.config.ModelPrice;
import dev.aiproxy.translate.Codecs;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cost of one request from each provider's usage shape, read by the gateway's own codecs and priced from the
 * table shipped in the jar. Every figure is worked out by hand in the comment above its assertion (US dollars per
 * million tokens times tokens, then divided by a million).
 */
class CostsTest {
    private final PriceTable shipped = PriceTable.of(List.of());

    private BigDecimal cost(ApiFormat format, String model, String json) {
        Usage usage = Codecs.of(format).usageOf(json.getBytes(StandardCharsets.UTF_8));
        assertThat(usage).as("usage read from " + json).isNotNull();
        return Costs.of(shipped.find(model).orElseThrow(), usage);
    }

    @Test
    void openAiCachedPromptTokensArePricedAsCachedInput() {
        // gpt-4o: 800 uncached x 2.50 + 1,200 cached x 1.25 + 500 out x 10.00 = 2,000 + 1,500 + 5,000 = 8,500 / 1e6
        assertThat(cost(ApiFormat.OPENAI_CHAT, "gpt-4o-2024-08-06", """
                {"usage":{"prompt_tokens":2000,"completion_tokens":500,"total_tokens":2500,
                 "prompt_tokens_details":{"cached_tokens":1200},"completion_tokens_details":{"reasoning_tokens":0}}}
                """)).isEqualByComparingTo("0.0085");
    }

    @Test
    void openAiReasoningTokensArePricedAsOutputOnce() {
        // o4-mini: completion_tokens (3,000) already holds the 2,500 reasoning tokens:
        // 1,000 in x 1.10 + 3,000 out x 4.40 = 1,100 + 13,200 = 14,300 / 1e6
        assertThat(cost(ApiFormat.OPENAI_CHAT, "o4-mini", """
                {"usage":{"prompt_tokens":1000,"completion_tokens":3000,"total_tokens":4000,
                 "completion_tokens_details":{"reasoning_tokens":2500}}}
                """)).isEqualByComparingTo("0.0143");
    }

    @Test
    void openAiResponsesUsageIsPricedWithItsCachedAndReasoningDetails() {
        // gpt-5: 200 uncached x 1.25 + 800 cached x 0.125 + 2,000 out (1,500 of them reasoning) x 10.00
        //      = 250 + 100 + 20,000 = 20,350 / 1e6
        assertThat(cost(ApiFormat.OPENAI_RESPONSES, "gpt-5", """
                {"usage":{"input_tokens":1000,"input_tokens_details":{"cached_tokens":800},
                 "output_tokens":2000,"output_tokens_details":{"reasoning_tokens":1500},"total_tokens":3000}}
                """)).isEqualByComparingTo("0.02035");
    }

    @Test
    void anthropicCacheReadsAndCacheWritesArePricedApart() {
        // claude-sonnet-4-5: input_tokens excludes the cache: 100 x 3.00 + 1,000 written x 3.75 + 2,000 read x 0.30
        //      + 500 out x 15.00 = 300 + 3,750 + 600 + 7,500 = 12,150 / 1e6
        assertThat(cost(ApiFormat.ANTHROPIC_MESSAGES, "claude-sonnet-4-5-20250929", """
                {"type":"message","usage":{"input_tokens":100,"cache_creation_input_tokens":1000,
                 "cache_read_input_tokens":2000,"output_tokens":500}}
                """)).isEqualByComparingTo("0.01215");
    }

    @Test
    void anthropicCacheReadsOfANewerModelTakeItsOwnLowerRate() {
        // claude-opus-5-5: 100 x 4.00 + 1,000 written x 5.00 + 2,000 read x 0.20 + 500 out x 20.00
        //      = 400 + 5,000 + 400 + 10,000 = 15,800 / 1e6
        assertThat(cost(ApiFormat.ANTHROPIC_MESSAGES, "claude-opus-5-5", """
                {"type":"message","usage":{"input_tokens":100,"cache_creation_input_tokens":1000,
                 "cache_read_input_tokens":2000,"output_tokens":500}}
                """)).isEqualByComparingTo("0.0158");
    }

    @Test
    void anthropicUsageInAStreamsMessageStartIsPricedToo() {
        // claude-haiku-4-5: 40 x 1.00 + 10 out x 5.00 = 40 + 50 = 90 / 1e6
        assertThat(cost(ApiFormat.ANTHROPIC_MESSAGES, "claude-haiku-4-5", """
                {"type":"message_start","message":{"usage":{"input_tokens":40,"output_tokens":10}}}
                """)).isEqualByComparingTo("0.00009");
    }

    @Test
    void geminiCachedContentAndThoughtsArePricedAsCachedInputAndOutput() {
        // gemini-2.5-flash: promptTokenCount includes the 4,000 cached: 6,000 x 0.30 + 4,000 x 0.03
        //      + (800 candidates + 1,200 thoughts) x 2.50 = 1,800 + 120 + 5,000 = 6,920 / 1e6
        assertThat(cost(ApiFormat.GEMINI, "models/gemini-2.5-flash", """
                {"usageMetadata":{"promptTokenCount":10000,"cachedContentTokenCount":4000,
                 "candidatesTokenCount":800,"thoughtsTokenCount":1200,"totalTokenCount":12000}}
                """)).isEqualByComparingTo("0.00692");
    }

    @Test
    void deepSeekCacheHitsArePricedAsCachedInput() {
        // deepseek-chat: 4,000 misses x 0.28 + 6,000 hits x 0.028 + 1,000 out x 0.42 = 1,120 + 168 + 420 = 1,708 / 1e6
        assertThat(cost(ApiFormat.OPENAI_CHAT, "deepseek-chat", """
                {"usage":{"prompt_tokens":10000,"completion_tokens":1000,"total_tokens":11000,
                 "prompt_cache_hit_tokens":6000,"prompt_cache_miss_tokens":4000}}
                """)).isEqualByComparingTo("0.001708");
    }

    @Test
    void deepSeekFlashIsPricedAtItsPeakRates() {
        // deepseek-flash (peak): 4,000 misses x 0.30 + 6,000 hits x 0.006 + 1,000 out x 1.20
        //      = 1,200 + 36 + 1,200 = 2,436 / 1e6
        assertThat(cost(ApiFormat.OPENAI_CHAT, "deepseek-flash", """
                {"usage":{"prompt_tokens":10000,"completion_tokens":1000,"total_tokens":11000,
                 "prompt_cache_hit_tokens":6000,"prompt_cache_miss_tokens":4000}}
                """)).isEqualByComparingTo("0.002436");
    }

    @Test
    void xAiReasoningReportedBesideCompletionTokensIsBilledAsOutput() {
        // grok-3-mini: total 410 = 100 prompt + 10 completion + 300 reasoning, so output is 310:
        //      100 x 0.30 + 310 x 0.50 = 30 + 155 = 185 / 1e6
        assertThat(cost(ApiFormat.OPENAI_CHAT, "grok-3-mini", """
                {"usage":{"prompt_tokens":100,"completion_tokens":10,"total_tokens":410,
                 "prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":300}}}
                """)).isEqualByComparingTo("0.000185");
    }

    @Test
    void mistralUsageIsPricedAsInputAndOutput() {
        // mistral-small-latest: 2,000 x 0.10 + 1,000 x 0.30 = 200 + 300 = 500 / 1e6
        assertThat(cost(ApiFormat.OPENAI_CHAT, "mistral-small-latest", """
                {"usage":{"prompt_tokens":2000,"completion_tokens":1000,"total_tokens":3000}}
                """)).isEqualByComparingTo("0.0005");
    }

    @Test
    void groqUsageIsPricedAsInputAndOutput() {
        // llama-3.3-70b-versatile: 1,000 x 0.59 + 1,000 x 0.79 = 590 + 790 = 1,380 / 1e6
        assertThat(cost(ApiFormat.OPENAI_CHAT, "llama-3.3-70b-versatile", """
                {"usage":{"prompt_tokens":1000,"completion_tokens":1000,"total_tokens":2000,"queue_time":0.01}}
                """)).isEqualByComparingTo("0.00138");
    }

    @Test
    void cachedTokensWithoutACachedPriceCostWhatInputDoes() {
        // 1,000 cached + 1,000 written + 0 plain, all at input 2.00; 100 out x 4.00 = 4,000 + 400 = 4,400 / 1e6
        ModelPrice plain = new ModelPrice("m", new BigDecimal("2.00"), new BigDecimal("4.00"), null, null);

        BigDecimal cost = Costs.of(plain, new Usage(2000, 100, 1000, 1000, 0));

        assertThat(cost).isEqualByComparingTo("0.0044");
    }

    @Test
    void aCostIsKeptToTheNanoDollar() {
        // one token at 0.075 per million is 0.000000075 dollars: nine places hold it exactly
        ModelPrice cheap = new ModelPrice("m", new BigDecimal("0.075"), BigDecimal.ZERO, null, null);

        assertThat(Costs.of(cheap, Usage.of(1, 0))).isEqualTo(new BigDecimal("0.000000075"));
        assertThat(Costs.of(cheap, Usage.of(1, 0)).scale()).isEqualTo(Costs.SCALE);
    }
}
