package dev.aiproxy.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiproxy.api.spi.Credential;
import org.junit.jupiter.api.Test;

class SecretTest {
    @Test
    void neverPrintsItsValue() {
        Secret secret = Secret.of("sk-live-123");

        assertThat(secret.toString()).isEqualTo("***");
        assertThat(String.valueOf(new Credential("openai#0", secret, null, null, null, null, null)))
                .doesNotContain("sk-live-123");
    }

    @Test
    void hasAStableFingerprintThatRevealsNothing() {
        assertThat(Secret.of("sk-a").fingerprint()).isEqualTo(Secret.of("sk-a").fingerprint())
                .hasSize(16).doesNotContain("sk-a");
        assertThat(Secret.of("sk-a").fingerprint()).isNotEqualTo(Secret.of("sk-b").fingerprint());
    }

    @Test
    void givesACredentialAnIdentityThatSurvivesReordering() {
        Credential first = new Credential("openai#0", Secret.of("sk-a"), null, null, null, null, null);
        Credential moved = new Credential("openai#3", Secret.of("sk-a"), null, null, null, null, null);

        assertThat(first.identity("openai")).isEqualTo(moved.identity("openai"));
    }

    @Test
    void refusesABlankValue() {
        assertThatThrownBy(() -> Secret.of(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
