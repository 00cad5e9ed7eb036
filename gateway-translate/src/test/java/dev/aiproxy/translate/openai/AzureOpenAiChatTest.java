package dev.aiproxy.translate.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.StopReason;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.translate.Codecs;
import dev.aiproxy.translate.FormatCodec;
import dev.aiproxy.translate.SseEvent;
import dev.aiproxy.translate.SseEventReader;
import dev.aiproxy.translate.StreamDecoder;
import dev.aiproxy.translate.UpstreamErrorBody;
import dev.aiproxy.translate.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Azure OpenAI's answers, which the OpenAI Chat codec reads: its annotations, its stream's opening, its errors. */
class AzureOpenAiChatTest {
    private final FormatCodec codec = Codecs.of(ApiFormat.OPENAI_CHAT);

    @Test
    void decodesTheDocumentedAnswerWithItsFilterAnnotations() {
        ChatResponse response = codec.decodeResponse(Fixtures.bytes("azure/chat-completion.json"));

        assertThat(response.id()).isEqualTo("chatcmpl-7R1nGnsXO8n4oi9UPz2f3UHdgAYMn");
        assertThat(response.text()).isEqualTo("Hello! How can I help you today?");
        assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(response.usage()).isEqualTo(Usage.of(10, 9));
    }

    @Test
    void startsTheMessageWithTheFirstRealChunkNotThePromptFilterResults() throws IOException {
        List<StreamEvent> events = decodeStream("azure/chat-completion-stream.sse");

        assertThat(events).containsExactly(
                new StreamEvent.MessageStart("chatcmpl-AzUre9sTrEaM1nG", "gpt-4o-2024-11-20", Usage.ZERO),
                new StreamEvent.BlockStart(0, new Text("")),
                new StreamEvent.TextDelta(0, "Hello"),
                new StreamEvent.TextDelta(0, "! How can I help?"),
                new StreamEvent.BlockStop(0),
                new StreamEvent.MessageDelta(StopReason.END_TURN, Usage.of(10, 9)),
                new StreamEvent.MessageStop());
    }

    @Test
    void namesTheFilteredCategoriesOfAContentFilterError() {
        UpstreamErrorBody error = codec.decodeError(400, Fixtures.bytes("azure/error-content-filter.json"));

        assertThat(error.code()).isEqualTo("content_filter");
        assertThat(error.message()).startsWith("The response was filtered due to the prompt triggering Azure OpenAI's")
                .endsWith(" (content filter: violence (medium))");
        assertThat(error.keyRejected()).isFalse();
    }

    @Test
    void leavesTheMessageOfAnErrorWithoutFilterResultsAsItIs() {
        UpstreamErrorBody error = codec.decodeError(404, Fixtures.bytes("azure/error-404-deployment.json"));

        assertThat(error.code()).isEqualTo("DeploymentNotFound");
        assertThat(error.message()).isEqualTo("The API deployment for this resource does not exist. If you created "
                + "the deployment within the last 5 minutes, please wait a moment and try again.");
    }

    @Test
    void readsTheRetryDelayOfA429sMessage() {
        UpstreamErrorBody error = codec.decodeError(429, Fixtures.bytes("azure/error-429.json"));

        assertThat(error.code()).isEqualTo("429");
        assertThat(error.retryAfter()).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void takesNoRetryDelayFromTheMessageOfAnotherStatus() {
        UpstreamErrorBody error = codec.decodeError(400, "{\"error\":{\"message\":\"Please retry after 6 seconds.\"}}"
                .getBytes(StandardCharsets.UTF_8));

        assertThat(error.retryAfter()).isNull();
    }

    private List<StreamEvent> decodeStream(String fixture) throws IOException {
        StreamDecoder decoder = codec.newStreamDecoder();
        SseEventReader reader = new SseEventReader(new ByteArrayInputStream(Fixtures.bytes(fixture)));
        List<StreamEvent> events = new ArrayList<>();
        SseEvent e;
        while ((e = reader.next()) != null) {
            events.addAll(decoder.decode(e));
        }
        events.addAll(decoder.finish());
        return events;
    }
}
