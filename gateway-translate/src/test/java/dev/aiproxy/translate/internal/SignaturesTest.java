package dev.aiproxy.translate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.Thinking;
import dev.aiproxy.api.model.ToolCall;
import org.junit.jupiter.api.Test;

class SignaturesTest {
    @Test
    void showsASignatureRawToTheFormatThatMadeIt() {
        Thinking t = new Thinking("hm", "EqQBCkgI", null, ApiFormat.ANTHROPIC_MESSAGES);

        assertThat(Signatures.forClient(t, ApiFormat.ANTHROPIC_MESSAGES)).isEqualTo("EqQBCkgI");
    }

    @Test
    void wrapsAForeignSignatureAndRestoresItsSignerWhenItComesBack() {
        Thinking fromGemini = new Thinking("hm", "CiQB+/==", null, ApiFormat.GEMINI);

        String shown = Signatures.forClient(fromGemini, ApiFormat.ANTHROPIC_MESSAGES);
        Thinking back = Signatures.fromClient("hm", shown, null, ApiFormat.ANTHROPIC_MESSAGES);

        assertThat(shown).isEqualTo("gw1.gemini.CiQB+/==");
        assertThat(back).isEqualTo(fromGemini);
        assertThat(Signatures.sendableTo(back, ApiFormat.GEMINI)).isTrue();
        assertThat(Signatures.sendableTo(back, ApiFormat.ANTHROPIC_MESSAGES)).isFalse();
    }

    @Test
    void takesAClientsOwnSignatureAsSignedByItsFormat() {
        Thinking back = Signatures.fromClient("hm", "EqQBCkgI", null, ApiFormat.ANTHROPIC_MESSAGES);

        assertThat(back.signedBy()).isEqualTo(ApiFormat.ANTHROPIC_MESSAGES);
        assertThat(Signatures.sendableTo(Thinking.of("unsigned"), ApiFormat.ANTHROPIC_MESSAGES)).isFalse();
    }

    @Test
    void carriesAToolCallSignatureInItsIdAndBack() {
        ToolCall call = new ToolCall("call_1", "f", "{}", "CiQB+/sig==");

        String id = Signatures.toolCallIdForClient(call);
        ToolCall back = Signatures.toolCallFromClient(id, "f", "{}");

        assertThat(id).startsWith("call_1_gwsig_").matches("[A-Za-z0-9_-]+");
        assertThat(back).isEqualTo(call);
        assertThat(Signatures.plainToolCallId(id)).isEqualTo("call_1");
        assertThat(Signatures.toolCallIdForClient(new ToolCall("plain", "f", "{}"))).isEqualTo("plain");
    }

    @Test
    void wrapsAForeignSignatureInBase64ForAGeminiClientWhoseSdkDecodesSignaturesAsBytes() {
        Thinking fromClaude = new Thinking("hm", "EqQBCkgI", null, ApiFormat.ANTHROPIC_MESSAGES);

        String shown = Signatures.forClient(fromClaude, ApiFormat.GEMINI);

        assertThat(java.util.Base64.getDecoder().decode(shown)).asString().isEqualTo("gw1.anthropic-messages.EqQBCkgI");
        assertThat(Signatures.fromClient("hm", shown, null, ApiFormat.GEMINI)).isEqualTo(fromClaude);
        assertThat(Signatures.wrappedIn(("{\"thoughtSignature\":\"" + shown + "\"}").getBytes())).isTrue();
        assertThat(Signatures.fromClient("hm", "CiQB+/==", null, ApiFormat.GEMINI).signedBy())
                .as("Gemini's own signature").isEqualTo(ApiFormat.GEMINI);
    }

    @Test
    void carriesAnthropicsRedactedThinkingThroughAFormatThatHasNoPlaceForIt() {
        Thinking redacted = new Thinking("", null, "EmwKAhgBEgy3", ApiFormat.ANTHROPIC_MESSAGES);

        for (ApiFormat client : new ApiFormat[] {ApiFormat.OPENAI_RESPONSES, ApiFormat.GEMINI}) {
            String shown = Signatures.forClient(redacted, client);
            Thinking back = Signatures.fromClient("", shown, null, client);

            assertThat(back).as(client.id()).isEqualTo(redacted);
            assertThat(Signatures.sendableTo(back, ApiFormat.ANTHROPIC_MESSAGES)).isTrue();
            assertThat(Signatures.sendableTo(back, client)).isFalse();
        }
        assertThat(Signatures.forClient(redacted, ApiFormat.OPENAI_RESPONSES)).isEqualTo("gw1r.anthropic-messages.EmwKAhgBEgy3");
        assertThat(Signatures.forClient(redacted, ApiFormat.ANTHROPIC_MESSAGES)).as("its own format has a block for it")
                .isNull();
    }
}
