package dev.aiproxy.api.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A request-scoped error rule (CLIProxyAPI's {@code request-scoped-errors}): an upstream error with this status whose
 * body contains one of {@code contains} or matches one of {@code patterns} (any, when both are empty) is handled with
 * {@code action} instead of the default classification.
 */
public record ErrorRule(int status, List<String> contains, List<Pattern> patterns, Action action) {

    /** What to do with a matching error. */
    public enum Action {
        /** Answer the client with the error; the credential stays in rotation. */
        STOP,
        /** Answer the client with the error, and cool the credential down. */
        STOP_AND_COOLDOWN,
        /** Try the next credential; this one stays in rotation. */
        CONTINUE,
        /** Try the next credential, and cool this one down. */
        CONTINUE_AND_COOLDOWN;

        /** Whether the request moves on to another credential. */
        public boolean moveOn() {
            return this == CONTINUE || this == CONTINUE_AND_COOLDOWN;
        }

        /** Whether the credential cools down. */
        public boolean coolDown() {
            return this == STOP_AND_COOLDOWN || this == CONTINUE_AND_COOLDOWN;
        }
    }

    public ErrorRule {
        contains = List.copyOf(contains);
        patterns = List.copyOf(patterns);
        requireNonNull(action, "action");
    }

    /** Whether an error with this status and body falls under the rule. */
    public boolean matches(int errorStatus, String body) {
        if (errorStatus != status) {
            return false;
        }
        if (contains.isEmpty() && patterns.isEmpty()) {
            return true;
        }
        for (String s : contains) {
            if (body.contains(s)) {
                return true;
            }
        }
        for (Pattern p : patterns) {
            if (p.matcher(body).find()) {
                return true;
            }
        }
        return false;
    }
}
