package dev.aiproxy.translate.internal.responses;

import dev.aiproxy.api.model.StopReason;

/**
 * A response's {@code status} and {@code incomplete_details.reason}, and the canonical {@link StopReason}. Responses
 * has no stop reason of its own: a finished answer is {@code completed} (with tool calls or without) or
 * {@code incomplete} because of {@code max_output_tokens} or {@code content_filter}.
 */
record ResponsesStatus(String status, String incompleteReason) {
    static final ResponsesStatus COMPLETED = new ResponsesStatus("completed", null);

    /**
     * The stop reason of a finished response.
     *
     * @param hasToolCalls whether the output holds function calls, which make a completed answer a tool-use stop
     * @return null when the status is not a finished one ({@code failed}, {@code cancelled}, {@code in_progress},
     *     {@code queued}); the caller reports it
     */
    static StopReason decode(String status, String incompleteReason, boolean hasToolCalls) {
        if (status == null || status.equals("completed")) {
            return hasToolCalls ? StopReason.TOOL_USE : StopReason.END_TURN;
        }
        if (!status.equals("incomplete")) {
            return null;
        }
        if ("content_filter".equals(incompleteReason)) {
            return StopReason.CONTENT_FILTER;
        }
        return "max_output_tokens".equals(incompleteReason) ? StopReason.MAX_TOKENS : StopReason.END_TURN;
    }

    /** The status that reports a stop reason; stop sequences, tool use and errors all end {@code completed}. */
    static ResponsesStatus of(StopReason reason) {
        return switch (reason) {
            case MAX_TOKENS -> new ResponsesStatus("incomplete", "max_output_tokens");
            case CONTENT_FILTER -> new ResponsesStatus("incomplete", "content_filter");
            case END_TURN, STOP_SEQUENCE, TOOL_USE, ERROR -> COMPLETED;
        };
    }
}
