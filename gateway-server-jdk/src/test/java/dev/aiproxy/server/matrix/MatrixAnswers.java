package dev.aiproxy.server.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What every client must have parsed of the matrix's two conversations, whatever the upstream: the same text, tool
 * call and token counts, and the stop reasons as the client's SDK spells them.
 */
final class MatrixAnswers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MatrixAnswers() {
    }

    static void assertPlainText(TranslationMatrixTest.ClientKind kind, MatrixClient.Parsed parsed) {
        assertThat(parsed.text()).isEqualTo("The weather in Paris is sunny.");
        assertThat(parsed.stopReason()).isEqualTo(kind.textStop);
        assertThat(parsed.inputTokens()).isEqualTo(12);
        assertThat(parsed.outputTokens()).isEqualTo(8);
    }

    static void assertToolRoundTrip(TranslationMatrixTest.ClientKind kind, MatrixClient.ToolRoundTrip trip) {
        assertThat(trip.toolName()).isEqualTo("get_weather");
        try {
            assertThat(JSON.readTree(trip.toolArguments())).isEqualTo(JSON.readTree("{\"city\":\"Paris\"}"));
        } catch (IOException e) {
            throw new UncheckedIOException("the tool arguments are not JSON: " + trip.toolArguments(), e);
        }
        assertThat(trip.toolStopReason()).isEqualTo(kind.toolStop);
        assertThat(trip.toolInputTokens()).isEqualTo(20);
        assertThat(trip.toolOutputTokens()).isEqualTo(9);
        assertThat(trip.answer().text()).isEqualTo("The weather in Paris is sunny.");
        assertThat(trip.answer().stopReason()).isEqualTo(kind.textStop);
    }
}
