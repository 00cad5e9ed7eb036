package dev.aiproxy.routing.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.api.Secret;
import dev.aiproxy.api.error.ErrorType;
import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.error.UpstreamTimeoutException;
import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.api.spi.CredentialPolicy;
import dev.aiproxy.api.spi.ErrorRule;
import dev.aiproxy.routing.CredentialCooldowns.Reason;
import dev.aiproxy.routing.internal.route.Candidate;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ErrorClassifierTest {

    private static Candidate candidate(ErrorRule... rules) {
        Credential key = new Credential("p#0", Secret.of("k"), null, null, null, null, null,
                new CredentialPolicy(1, null, null, List.of(rules)));
        return new Candidate(null, key, "m");
    }

    private static UpstreamException upstream(int status, Duration retryAfter) {
        return new UpstreamException(status, ErrorType.UPSTREAM, "x", null, status, status >= 500 || status == 429,
                retryAfter, null);
    }

    @Test
    void movesOnAndCoolsForTheAskedTimeAfterARateLimit() {
        Verdict v = ErrorClassifier.classify(candidate(), upstream(429, Duration.ofSeconds(7)), 429, "");

        assertThat(v).isEqualTo(new Verdict(true, Reason.RATE_LIMITED, Duration.ofSeconds(7)));
    }

    @Test
    void takesARejectedKeyOutOfRotation() {
        assertThat(ErrorClassifier.classify(candidate(), upstream(401, null), 401, "").cooldown())
                .isEqualTo(Reason.REJECTED);
        assertThat(ErrorClassifier.classify(candidate(), upstream(403, null), 403, "").cooldown())
                .isEqualTo(Reason.REJECTED);
    }

    @Test
    void treatsServerErrorsTimeoutsAndNoAnswerAsTransient() {
        assertThat(ErrorClassifier.classify(candidate(), upstream(503, null), 503, "").cooldown())
                .isEqualTo(Reason.TRANSIENT);
        assertThat(ErrorClassifier.classify(candidate(), upstream(408, null), 408, "").cooldown())
                .isEqualTo(Reason.TRANSIENT);
        assertThat(ErrorClassifier.classify(candidate(), new UpstreamTimeoutException("first byte",
                Duration.ofSeconds(1), null), 0, "").cooldown()).isEqualTo(Reason.TRANSIENT);
        assertThat(ErrorClassifier.classify(candidate(), UpstreamException.unreachable("refused", null), 0, ""))
                .isEqualTo(new Verdict(true, Reason.TRANSIENT, null));
    }

    @Test
    void stopsOnABadRequestThatAnyCredentialWouldRefuse() {
        assertThat(ErrorClassifier.classify(candidate(), upstream(400, null), 400, ""))
                .isEqualTo(new Verdict(false, null, null));
        assertThat(ErrorClassifier.classify(candidate(), new InvalidRequestException("bad"), 0, "").moveOn())
                .isFalse();
    }

    @Test
    void letsARequestScopedRuleDecideFirst() {
        Candidate c = candidate(
                new ErrorRule(400, List.of("context_length_exceeded"), List.of(), ErrorRule.Action.CONTINUE),
                new ErrorRule(429, List.of(), List.of(Pattern.compile("^quota")), ErrorRule.Action.STOP_AND_COOLDOWN));

        assertThat(ErrorClassifier.classify(c, upstream(400, null), 400, "{\"code\":\"context_length_exceeded\"}"))
                .isEqualTo(new Verdict(true, null, null));
        assertThat(ErrorClassifier.classify(c, upstream(400, null), 400, "other"))
                .isEqualTo(new Verdict(false, null, null));
        assertThat(ErrorClassifier.classify(c, upstream(429, null), 429, "quota spent"))
                .isEqualTo(new Verdict(false, Reason.RULE, null));
    }
}
