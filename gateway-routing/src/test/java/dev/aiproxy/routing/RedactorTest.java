package dev.aiproxy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.api.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {
    @Test
    void masksKnownSecretsWhereverTheyAppear() {
        assertThat(Redactor.redact("bad key sk-live-42, really sk-live-42", List.of(Secret.of("sk-live-42"))))
                .isEqualTo("bad key ***, really ***");
    }

    @Test
    void masksKeyHeadersAndQueryKeys() {
        assertThat(Redactor.redact("Authorization: Bearer abc.def x-api-key: k1 \"x-goog-api-key\":\"k2\" "
                + "https://host/v1beta/models/m:generateContent?alt=sse&key=AIzaXYZ&x=1"))
                .isEqualTo("Authorization: *** x-api-key: *** \"x-goog-api-key\":\"***\" "
                        + "https://host/v1beta/models/m:generateContent?alt=sse&key=***&x=1");
    }

    @Test
    void masksKeysThatAnUpstreamEchoedHalfMasked() {
        assertThat(Redactor.redact("Incorrect API key provided: sk-proj-****************wxyz. You can"))
                .isEqualTo("Incorrect API key provided: ***. You can");
    }
}
