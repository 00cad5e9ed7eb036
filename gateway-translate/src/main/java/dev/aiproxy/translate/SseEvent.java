package dev.aiproxy.translate;

import static java.util.Objects.requireNonNull;

/**
 * One server-sent event: its {@code event:} name (null when absent) and its {@code data:} lines joined with
 * {@code \n}, as the WHATWG HTML standard dispatches them.
 */
public record SseEvent(String event, String data) {
    public SseEvent {
        requireNonNull(data, "data");
    }
}
