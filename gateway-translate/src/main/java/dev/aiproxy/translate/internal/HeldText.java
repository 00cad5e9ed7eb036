package dev.aiproxy.translate.internal;

import dev.aiproxy.api.error.UpstreamException;

/**
 * The text a stream encoder holds to write it whole later (a Responses stream repeats its answer in its last events, a
 * Gemini stream sends a tool call whole), counted as the heap holds it: a byte a character while all are Latin-1, two
 * after. Past its bound it refuses to hold more, so an upstream that streams without end costs the bound, not the
 * heap. One per stream, not thread-safe.
 */
public final class HeldText {
    private final long maxBytes;
    private final String what;
    private long bytes;
    private boolean wide;

    /**
     * @param maxBytes the most the encoder may hold
     * @param what what is held, for the error: {@code "a Responses stream, which repeats its answer whole at its end"}
     */
    public HeldText(long maxBytes, String what) {
        this.maxBytes = maxBytes;
        this.what = what;
    }

    /**
     * Counts text about to be held.
     *
     * @throws UpstreamException 502 when the text held would pass the bound; the stream then ends with an error event
     */
    public void add(CharSequence text) {
        int length = text.length();
        if (!wide) {
            for (int i = 0; i < length; i++) {
                if (text.charAt(i) > 0xFF) {
                    // the builders holding it widen to two bytes a character, what they held before included
                    wide = true;
                    bytes *= 2;
                    break;
                }
            }
        }
        bytes += wide ? 2L * length : length;
        if (bytes > maxBytes) {
            throw UpstreamException.badGateway("the upstream's answer is larger than the " + maxBytes + " bytes "
                    + what + " may hold", null);
        }
    }

    /** Counts held text as let go: written out whole and no longer held. */
    public void release(CharSequence text) {
        bytes = Math.max(0, bytes - (wide ? 2L * text.length() : text.length()));
    }
}
