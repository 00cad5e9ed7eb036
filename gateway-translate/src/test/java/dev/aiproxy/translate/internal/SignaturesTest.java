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
}
