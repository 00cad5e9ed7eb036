package dev.aiproxy.routing.internal.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.translate.Codecs;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The usage read out of relayed streams, fed in pieces as they pass to the client. */
class UsageTapTest {
    /**
     * An OpenAI stream with {@code stream_options.include_usage}, as
     * https://platform.openai.com/docs/api-reference/chat-streaming shows it: every chunk carries
     * {@code "usage":null} but the last, whose {@code choices} is empty.
     */
    private static final String OPENAI = """
            data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":" usage"},"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null}

            data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[],"usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29}}

            data: [DONE]

            """;

    /** https://docs.anthropic.com/en/docs/build-with-claude/streaming: input in message_start, output in message_delta. */
    private static final String ANTHROPIC = """
            event: message_start\r
            data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":1}}}\r
            \r
            event: content_block_delta\r
            data:{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}\r
            \r
            event: message_delta\r
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}\r
            \r
            event: message_stop\r
            data: {"type":"message_stop"}\r
            \r
            """;

    @Test
    void openAisUsageChunkIsReadAndTheNullUsageOfTheOthersIsNot() {
        assertThat(tap(ApiFormat.OPENAI_CHAT, OPENAI, 7)).isEqualTo(Usage.of(19, 10));
        assertThat(tap(ApiFormat.OPENAI_CHAT, OPENAI, OPENAI.length())).isEqualTo(Usage.of(19, 10));
    }

    @Test
    void anthropicsUsageIsMergedAcrossEventsWithCrlfLinesAndDataWithoutASpace() {
        assertThat(tap(ApiFormat.ANTHROPIC_MESSAGES, ANTHROPIC, 13)).isEqualTo(Usage.of(25, 15));
    }

    @Test
    void aStreamWithOnlyNullUsageHasNone() {
        String stream = OPENAI.substring(0, OPENAI.indexOf("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\","
                + "\"created\":1,\"model\":\"gpt-4o\",\"choices\":[]"));
        assertThat(tap(ApiFormat.OPENAI_CHAT, stream, 5)).isNull();
    }

    @Test
    void onlyAUsageKeyWhoseValueIsNullIsPassedOver() {
        assertThat(mentionsUsage(("data: {\"usage\":null}"))).isFalse();
        assertThat(mentionsUsage(("data: {\"usage\" : \n null}"))).isFalse();
        assertThat(mentionsUsage(("data: {\"x\":1}"))).isFalse();
        assertThat(mentionsUsage(("data: {\"usage\":null,\"usage\":{\"prompt_tokens\":1}}"))).isTrue();
        assertThat(mentionsUsage(("data: {\"usage\":{\"prompt_tokens\":1}}"))).isTrue();
        assertThat(mentionsUsage(("data: {\"usageMetadata\":{\"promptTokenCount\":1}}"))).isTrue();
        assertThat(mentionsUsage(("data: {\"usage\":nullx}"))).isTrue();
        assertThat(mentionsUsage(("data: {\"text\":\"usage\"}"))).isTrue();
        assertThat(mentionsUsage(("usage"))).isTrue();
    }

    @Test
    void dataLinesAreJoinedAfterTheirPrefix() {
        assertThat(text(data(("event: x\ndata: {\"a\":\ndata:1}\n: comment\n\n")))).isEqualTo("{\"a\":1}");
        assertThat(text(data(("data:  two spaces\r\n")))).isEqualTo(" two spaces");
        assertThat(text(data(("event: ping\n\n")))).isEmpty();
        assertThat(text(data(("data:")))).isEmpty();
    }

    /** Feeds the stream in pieces of {@code piece} bytes, as reads arrive, and returns the usage read. */
    private static Usage tap(ApiFormat format, String stream, int piece) {
        UsageTap tap = new UsageTap(Codecs.of(format));
        byte[] bytes = bytes(stream);
        for (int at = 0; at < bytes.length; at += piece) {
            tap.accept(bytes, at, Math.min(piece, bytes.length - at));
        }
        return tap.usage();
    }

    /** Asks about the text placed in the middle of a larger array, as an event lies within a read. */
    private static boolean mentionsUsage(String event) {
        byte[] within = bytes("usage\"" + event + "\"usage");
        return UsageTap.mentionsUsage(within, 6, within.length - 6);
    }

    private static byte[] data(String event) {
        byte[] within = bytes("data: x\n" + event + "data: y\n");
        return UsageTap.data(within, 8, within.length - 8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
