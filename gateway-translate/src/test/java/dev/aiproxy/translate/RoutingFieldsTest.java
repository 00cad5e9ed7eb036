package dev.aiproxy.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoutingFieldsTest {
    private final FormatCodec codec = Codecs.of(ApiFormat.OPENAI_CHAT);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsModelAndStreamFlag() {
        byte[] body = utf8("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true,\"model\":\"gpt-4o\"}");

        RoutingFields fields = codec.peek(body);

        assertThat(fields.model()).isEqualTo("gpt-4o");
        assertThat(fields.stream()).isTrue();
    }

    @Test
    void rewritesOnlyTheModelValueAndKeepsEveryOtherByte() {
        String before = "{ \"temperature\" : 0.70,\n  \"model\"  :  \"fast\" ,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"caf\u00e9 \\u00e9 \\\"q\\\"\"}], \"x\":{\"model\":\"inner\"}}";
        byte[] body = utf8(before);

        byte[] rewritten = codec.peek(body).withModel(body, "gpt-4o-2024-08-06");

        assertThat(new String(rewritten, StandardCharsets.UTF_8))
                .isEqualTo(before.replace("\"fast\"", "\"gpt-4o-2024-08-06\""));
    }

    @Test
    void keepsTheSameArrayWhenTheModelIsUnchanged() {
        byte[] body = utf8("{\"model\":\"m\",\"messages\":[]}");

        assertThat(codec.peek(body).withModel(body, "m")).isSameAs(body);
    }

    @Test
    void readsAndRewritesAModelWithEscapes() {
        byte[] body = utf8("{\"model\":\"a\\\"b\\u0041\",\"messages\":[]}");

        RoutingFields fields = codec.peek(body);

        assertThat(fields.model()).isEqualTo("a\"bA");
        assertThat(new String(fields.withModel(body, "x\"y"), StandardCharsets.UTF_8))
                .isEqualTo("{\"model\":\"x\\\"y\",\"messages\":[]}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "[]",
        "\"model\"",
        "{\"model\":\"m\",\"messages\":[}",
        "{\"model\":\"m\",\"messages\":[]",
        "{\"model\":\"m\",\"messages\":[]} trailing",
        "{\"model\":\"m\",\"messages\":[]}{}",
        "{\"messages\":[]}",
        "{\"model\":42,\"messages\":[]}",
        "{\"model\":\"\",\"messages\":[]}",
        "{\"model\":\"m\"}",
        "{\"model\":\"m\",\"messages\":{}}",
        "{\"model\":\"m\",\"messages\":[],\"stream\":\"yes\"}",
        "{\"model\":\"m\",\"messages\":[\"\\x\"]}",
    })
    void rejectsBodiesThatAreNotAValidRequestWithA400(String body) {
        assertThatThrownBy(() -> codec.peek(utf8(body)))
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((InvalidRequestException) e).status()).isEqualTo(400));
    }

    @Test
    void namesTheMissingField() {
        assertThatThrownBy(() -> codec.peek(utf8("{\"model\":\"m\"}")))
                .hasMessageContaining("'messages'");
        assertThatThrownBy(() -> codec.peek(utf8("{\"messages\":[]}")))
                .hasMessageContaining("model");
    }
}
