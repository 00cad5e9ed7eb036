package dev.aiproxy.routing.internal.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.ChatResponse;
import dev.aiproxy.api.model.Extensions;
import dev.aiproxy.api.model.StopReason;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.routing.config.Limits;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponsesConversationStateTest {
    private final ConversationHistory history = new ConversationHistory(100, Duration.ofHours(1), Clock.systemUTC());
    private final ConversationState state = ConversationState.of(ApiFormat.OPENAI_RESPONSES, history,
            Limits.builder().maxRememberedAnswerBytes(10_000).build(), "team-a");

    private static ChatResponse answer(String id, String text) {
        return new ChatResponse(id, "gpt", List.of(new Text(text)), StopReason.END_TURN, Usage.ZERO,
                Extensions.EMPTY);
    }

    private static ChatRequest continuing(String previous) {
        return ChatRequest.builder().model("gpt").user("And then?")
                .extensions(Extensions.EMPTY.with(ResponsesConversationState.PREVIOUS_RESPONSE_ID,
                        "\"" + previous + "\""))
                .build();
    }

    @Test
    void remembersAnAnswerWithinTheBound() {
        state.remember(ChatRequest.builder().model("gpt").user("Hello").build(), answer("resp_small", "Hi"), new byte[0]);

        ChatRequest restored = state.restore(continuing("resp_small"));

        assertThat(restored.messages()).extracting(m -> m.text()).containsExactly("Hello", "Hi", "And then?");
    }

    @Test
    void doesNotRememberAWholeAnswerLargerThanTheBound() {
        state.remember(ChatRequest.builder().model("gpt").user("Hello").build(), answer("resp_big",
                "x".repeat(20_000)), new byte[0]);

        assertThatThrownBy(() -> state.restore(continuing("resp_big")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("Previous response with id 'resp_big' not found.");
        assertThat(history.bytes()).isZero();
    }

    @Test
    void aRequestContinuesAKeptConversationOnlyWhenItsPreviousIdIsKeptForItsClient() {
        state.remember(ChatRequest.builder().model("gpt").user("Hello").build(), answer("resp_kept", "Hi"),
                new byte[0]);
        ConversationState otherClient = ConversationState.of(ApiFormat.OPENAI_RESPONSES, history,
                Limits.builder().build(), "team-b");

        assertThat(state.continuesKept(body("resp_kept"), () -> continuing("resp_kept"))).isTrue();
        assertThat(state.continuesKept(body("resp_upstreams_own"), () -> continuing("resp_upstreams_own"))).isFalse();
        assertThat(otherClient.continuesKept(body("resp_kept"), () -> continuing("resp_kept"))).isFalse();
    }

    @Test
    void aBodyThatNamesNoPreviousResponseIsNotDecodedToFindOut() {
        byte[] body = "{\"model\":\"gpt\",\"input\":\"Hello\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThat(state.continuesKept(body, () -> {
            throw new AssertionError("decoded");
        })).isFalse();
    }

    private static byte[] body(String previous) {
        return ("{\"model\":\"gpt\",\"previous_response_id\":\"" + previous + "\",\"input\":\"And then?\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
