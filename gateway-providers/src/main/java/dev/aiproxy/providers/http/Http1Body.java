package dev.aiproxy.providers.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The body of an answer on an {@link Http1Connection}, framed by its length, by chunks, or by the end of the
 * connection. Read to its end, it gives the connection back to the pool for the next call (when the answer allows
 * it); closed before its end, it closes the connection, which cancels the upstream call. One reader; {@link #close}
 * may come from any thread (an idle timeout) and makes a blocked read fail.
 */
final class Http1Body extends InputStream {
    /** How the end of the body is found. */
    enum Framing {
        LENGTH, CHUNKED, UNTIL_CLOSE
    }

    private static final int OPEN = 0;
    private static final int RELEASED = 1;
    private static final int CLOSED = 2;

    private final Http1Connection connection;
    private final Http1Pool.Origin origin;
    private final Framing framing;
    private final boolean reusable;
    private final AtomicInteger state = new AtomicInteger(OPEN);
    /** Bytes left in the body (LENGTH) or in the current chunk (CHUNKED). */
    private long remaining;
    /** Whether a chunk's data was read and its CRLF not yet. */
    private boolean chunkDataRead;
    private boolean ended;

    /**
     * @param length the body's length when framed by it
     * @param reusable whether the connection may serve another call once this body has been read
     */
    Http1Body(Http1Connection connection, Http1Pool.Origin origin, Framing framing, long length, boolean reusable) {
        this.connection = connection;
        this.origin = origin;
        this.framing = framing;
        this.reusable = reusable && framing != Framing.UNTIL_CLOSE;
        this.remaining = framing == Framing.LENGTH ? length : 0;
        if (framing == Framing.LENGTH && length == 0) {
            end();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        do {
            n = read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (ended) {
            return -1;
        }
        if (state.get() == CLOSED) {
            throw new IOException("the answer was closed");
        }
        if (len == 0) {
            return 0;
        }
        return switch (framing) {
            case LENGTH -> readLength(b, off, len);
            case CHUNKED -> readChunked(b, off, len);
            case UNTIL_CLOSE -> readUntilClose(b, off, len);
        };
    }

    private int readLength(byte[] b, int off, int len) throws IOException {
        int n = connection.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new EOFException("the upstream closed the connection with " + remaining
                    + " bytes of the answer unsent");
        }
        remaining -= n;
        if (remaining == 0) {
            end();
        }
        return n;
    }

    private int readChunked(byte[] b, int off, int len) throws IOException {
        if (remaining == 0) {
            if (chunkDataRead) {
                if (!connection.line().isEmpty()) {
                    throw Http1Connection.malformed("a chunk longer than its declared size");
                }
                chunkDataRead = false;
            }
            long size = chunkSize(connection.line());
            if (size == 0) {
                // trailers, if any, up to the empty line that ends the body
                while (!connection.line().isEmpty()) {
                    // trailers carry nothing a provider answer needs
                }
                end();
                return -1;
            }
            remaining = size;
        }
        int n = connection.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new EOFException("the upstream closed the connection in the middle of a chunk");
        }
        remaining -= n;
        if (remaining == 0) {
            chunkDataRead = true;
            nextChunkIfHere();
        }
        return n;
    }

    /**
     * Between chunks, moves on without blocking when what comes next has already arrived: the next chunk's size line
     * (so {@link #available} can tell that its data waits, and a relay sends the events that came together in one
     * write), or the last chunk and the trailers, which end the body. The connection then serves the next call even
     * if the reader stops at its format's last event ({@code message_stop}, {@code [DONE]}) and never asks for the end
     * of the body. Anything not whole yet, or malformed, is left for the next read to wait for or to report.
     */
    private void nextChunkIfHere() {
        int start = connection.position();
        try {
            String line = connection.lineIfHere();
            if (line != null && chunkDataRead) {
                line = line.isEmpty() ? connection.lineIfHere() : null;
            }
            if (line == null) {
                connection.rewind(start);
                return;
            }
            if (isLastChunk(line)) {
                String trailer;
                while ((trailer = connection.lineIfHere()) != null) {
                    if (trailer.isEmpty()) {
                        end();
                        return;
                    }
                }
            } else {
                long size = chunkSize(line);
                if (size > 0) {
                    chunkDataRead = false;
                    remaining = size;
                    return;
                }
            }
        } catch (IOException e) {
            // not here after all: the next read meets the failure, after the caller has the bytes it just read
        }
        connection.rewind(start);
    }

    private static boolean isLastChunk(String line) {
        int end = line.indexOf(';');
        String size = (end < 0 ? line : line.substring(0, end)).strip();
        for (int i = 0; i < size.length(); i++) {
            if (size.charAt(i) != '0') {
                return false;
            }
        }
        return !size.isEmpty();
    }

    private int readUntilClose(byte[] b, int off, int len) throws IOException {
        int n = connection.read(b, off, len);
        if (n < 0) {
            end();
        }
        return n;
    }

    private static long chunkSize(String line) throws IOException {
        int end = line.indexOf(';');
        String hex = (end < 0 ? line : line.substring(0, end)).strip();
        if (hex.isEmpty() || hex.length() > 15) {
            throw Http1Connection.malformed("a chunk size expected, got \"" + hex + "\"");
        }
        long size = 0;
        for (int i = 0; i < hex.length(); i++) {
            int digit = Character.digit(hex.charAt(i), 16);
            if (digit < 0) {
                throw Http1Connection.malformed("a chunk size expected, got \"" + hex + "\"");
            }
            size = size * 16 + digit;
        }
        return size;
    }

    /**
     * What can be read without blocking. Between chunks it also looks, without blocking, whether the next chunk or the
     * body's end has arrived ({@link #nextChunkIfHere}): a reader that stops at its format's last event calls this
     * before closing, so the connection is kept rather than cut. Called by the reader only.
     */
    @Override
    public int available() {
        if (ended || state.get() != OPEN) {
            return 0;
        }
        if (framing == Framing.CHUNKED && remaining == 0 && chunkDataRead) {
            nextChunkIfHere();
            if (ended || remaining == 0) {
                return 0;
            }
        }
        return switch (framing) {
            case LENGTH, CHUNKED -> connection.buffered(remaining);
            case UNTIL_CLOSE -> connection.buffered(Integer.MAX_VALUE);
        };
    }

    /** The body has been read whole: the connection serves the next call, or closes. */
    private void end() {
        ended = true;
        if (state.compareAndSet(OPEN, RELEASED)) {
            if (reusable && !connection.hasLeftovers()) {
                origin.release(connection);
            } else {
                connection.close();
            }
        }
    }

    /** Before the end, cancels the call by closing the connection; after it, does nothing. */
    @Override
    public void close() {
        if (state.compareAndSet(OPEN, CLOSED)) {
            connection.close();
        }
    }
}
