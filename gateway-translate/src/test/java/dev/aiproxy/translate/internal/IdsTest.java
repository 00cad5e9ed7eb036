package dev.aiproxy.translate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** Ids in providers' shapes: random ones, and ones derived from another provider's id. */
class IdsTest {
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    @Test
    void aDerivedIdIsTheDigestsLowestBase62DigitsAsEverAndTheSameForTheSameSource() throws Exception {
        for (int i = 0; i < 2_000; i++) {
            String source = i % 2 == 0 ? Ids.next("chatcmpl-") : Long.toString(ThreadLocalRandom.current().nextLong());
            String id = Ids.derived("msg_", source);
            assertThat(id).isEqualTo(byBigInteger("msg_", source)).isEqualTo(Ids.derived("msg_", source));
        }
        assertThat(Ids.derived("msg_", "")).isEqualTo(byBigInteger("msg_", "")).hasSize(28).startsWith("msg_");
        assertThat(Ids.derived("msg_", "résumé 🙂")).isEqualTo(byBigInteger("msg_", "résumé 🙂"));
    }

    @Test
    void aRandomIdHasItsPrefixAnd24Base62Characters() {
        String id = Ids.next("call_");
        assertThat(id).startsWith("call_").hasSize(29);
        assertThat(id.substring(5).chars()).allMatch(c -> ALPHABET.indexOf(c) >= 0);
        assertThat(Ids.next("call_")).isNotEqualTo(id);
    }

    /** The derivation as first written, with BigInteger: the reference the faster one must match digit for digit. */
    private static String byBigInteger(String prefix, String source) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
        BigInteger rest = new BigInteger(1, digest);
        StringBuilder out = new StringBuilder(prefix);
        for (int i = 0; i < 24; i++) {
            BigInteger[] qr = rest.divideAndRemainder(BigInteger.valueOf(62));
            out.append(ALPHABET.charAt(qr[1].intValue()));
            rest = qr[0];
        }
        return out.toString();
    }
}
