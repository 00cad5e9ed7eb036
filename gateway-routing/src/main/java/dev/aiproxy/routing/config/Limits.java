package dev.aiproxy.routing.config;

/**
 * Byte limits on what the gateway holds in memory for a client or an upstream: every size a client or an upstream
 * controls is bounded, so that none can run the heap out (the launcher gives it 256 MB). The defaults leave room for a
 * few requests near every limit at once on that heap. The names follow the {@code limits:} keys of the YAML file.
 *
 * @param maxRequestBodyBytes {@code max-request-body}: the largest request body accepted; a larger one gets HTTP 413
 * @param maxResponseBodyBytes {@code max-response-body}: the largest upstream answer read whole (a JSON answer,
 *     passed through or translated); a larger one is the upstream's fault, 502
 * @param maxStreamEventBytes {@code max-stream-event}: the largest server-sent event (or line) of an upstream stream
 *     the gateway decodes to translate it; a larger one ends the stream with an error in the client's format, 502
 * @param maxRememberedAnswerBytes {@code max-remembered-answer}: the largest answer kept for a later Responses
 *     {@code previous_response_id}; a streamed answer is folded only up to it, and a larger answer is still served
 *     but not remembered
 * @param maxConversationStoreBytes {@code max-conversation-store}: all the Responses conversations kept for
 *     {@code previous_response_id}, together (an estimate of their size in the heap); the least recently used go first
 */
public record Limits(long maxRequestBodyBytes, long maxResponseBodyBytes, long maxStreamEventBytes,
        long maxRememberedAnswerBytes, long maxConversationStoreBytes) {
    private static final long MIB = 1024L * 1024;
    /** Arrays are indexed by int; the JDK cannot allocate quite {@link Integer#MAX_VALUE} elements. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /**
     * Request 32 MiB: room for a few base64 images (OpenAI accepts up to 20 MB per image), not for a runaway upload.
     * Answer 16 MiB: a text answer is rarely over 1 MB; an image answer (base64) fits. Stream event 8 MiB: an event is a
     * delta, or at most a whole image. Remembered answer 8 MiB, and 64 MiB of conversations: a quarter of the heap.
     */
    public static final Limits DEFAULTS = new Limits(32 * MIB, 16 * MIB, 8 * MIB, 8 * MIB, 64 * MIB);

    public Limits {
        requireAtLeastOne("max-request-body", maxRequestBodyBytes);
        requireArraySize("max-response-body", maxResponseBodyBytes);
        requireArraySize("max-stream-event", maxStreamEventBytes);
        requireAtLeastOne("max-remembered-answer", maxRememberedAnswerBytes);
        requireAtLeastOne("max-conversation-store", maxConversationStoreBytes);
    }

    /** The given request body limit, and the defaults for the rest. */
    public Limits(long maxRequestBodyBytes) {
        this(maxRequestBodyBytes, DEFAULTS.maxResponseBodyBytes, DEFAULTS.maxStreamEventBytes,
                DEFAULTS.maxRememberedAnswerBytes, DEFAULTS.maxConversationStoreBytes);
    }

    public static Builder builder() {
        return DEFAULTS.toBuilder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxRequestBodyBytes = maxRequestBodyBytes;
        b.maxResponseBodyBytes = maxResponseBodyBytes;
        b.maxStreamEventBytes = maxStreamEventBytes;
        b.maxRememberedAnswerBytes = maxRememberedAnswerBytes;
        b.maxConversationStoreBytes = maxConversationStoreBytes;
        return b;
    }

    private static void requireAtLeastOne(String key, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1 byte, was " + value);
        }
    }

    private static void requireArraySize(String key, long value) {
        requireAtLeastOne(key, value);
        if (value > MAX_ARRAY) {
            throw new IllegalArgumentException(key + " must be at most " + MAX_ARRAY + " bytes, was " + value);
        }
    }

    /** Builds {@link Limits}, starting from the defaults; not thread-safe. */
    public static final class Builder {
        private long maxRequestBodyBytes;
        private long maxResponseBodyBytes;
        private long maxStreamEventBytes;
        private long maxRememberedAnswerBytes;
        private long maxConversationStoreBytes;

        private Builder() {
        }

        public Builder maxRequestBodyBytes(long bytes) {
            this.maxRequestBodyBytes = bytes;
            return this;
        }

        public Builder maxResponseBodyBytes(long bytes) {
            this.maxResponseBodyBytes = bytes;
            return this;
        }

        public Builder maxStreamEventBytes(long bytes) {
            this.maxStreamEventBytes = bytes;
            return this;
        }

        public Builder maxRememberedAnswerBytes(long bytes) {
            this.maxRememberedAnswerBytes = bytes;
            return this;
        }

        public Builder maxConversationStoreBytes(long bytes) {
            this.maxConversationStoreBytes = bytes;
            return this;
        }

        /** @throws IllegalArgumentException naming the key of a value out of range */
        public Limits build() {
            return new Limits(maxRequestBodyBytes, maxResponseBodyBytes, maxStreamEventBytes,
                    maxRememberedAnswerBytes, maxConversationStoreBytes);
        }
    }
}
