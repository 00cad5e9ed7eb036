package dev.aiproxy.routing.internal.exchange;

import dev.aiproxy.translate.FormatCodec;
import java.util.Arrays;

/**
 * The last bytes of a relayed stream, up to a size, kept in a ring: a read costs a copy of itself, not a shift of the
 * whole tail (which cost a 4 KB copy for every event of a stream relayed an event a read). What it is for: telling a
 * stream that ended with its format's last event from one that was cut short.
 */
final class StreamTail {
    private final byte[] ring;
    /** Where the next byte goes: the oldest byte once the ring is full. */
    private int end;
    private boolean full;

    StreamTail(int size) {
        this.ring = new byte[size];
    }

    /** Keeps the first {@code n} bytes of {@code bytes} as the stream's latest. */
    void keep(byte[] bytes, int n) {
        int capacity = ring.length;
        if (n >= capacity) {
            System.arraycopy(bytes, n - capacity, ring, 0, capacity);
            end = 0;
            full = true;
            return;
        }
        int first = Math.min(n, capacity - end);
        System.arraycopy(bytes, 0, ring, end, first);
        System.arraycopy(bytes, first, ring, 0, n - first);
        full |= end + n >= capacity;
        end = (end + n) % capacity;
    }

    /** The bytes kept, oldest first. */
    byte[] bytes() {
        if (!full) {
            return Arrays.copyOf(ring, end);
        }
        byte[] last = new byte[ring.length];
        System.arraycopy(ring, end, last, 0, ring.length - end);
        System.arraycopy(ring, 0, last, ring.length - end, end);
        return last;
    }

    /** Whether the bytes kept end with {@code codec}'s last event. */
    boolean endsWhole(FormatCodec codec) {
        byte[] kept = full ? bytes() : ring;
        return codec.streamEndsWhole(kept, full ? kept.length : end);
    }
}
