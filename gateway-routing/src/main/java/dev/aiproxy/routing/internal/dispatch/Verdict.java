package dev.aiproxy.routing.internal.dispatch;

import dev.aiproxy.routing.CredentialCooldowns;
import java.time.Duration;

/**
 * What routing does after a failed attempt: whether the request moves on to another credential, and how the failed
 * one cools down.
 *
 * @param cooldown null when the credential stays in rotation
 * @param retryAfter what the upstream asked for, or null
 */
record Verdict(boolean moveOn, CredentialCooldowns.Reason cooldown, Duration retryAfter) {
}
