package dev.aiproxy.api.spi;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An upstream's answer whose body has not been read yet. Closing it releases (or cancels) the upstream call, so the
 * reader must close it, also when it stops early because the client went away.
 *
 * @param headers the upstream's response headers; look them up with {@link #header(String)}, which ignores case
 */
public record UpstreamResponse(int status, Map<String, List<String>> headers, InputStream body)
        implements AutoCloseable {
    public UpstreamResponse {
        requireNonNull(headers, "headers");
        requireNonNull(body, "body");
    }

    /** The first value of a header, matched without regard to case. */
    public Optional<String> header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return Optional.of(e.getValue().getFirst());
            }
        }
        return Optional.empty();
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** The body's declared length, or -1 when unknown. */
    public long contentLength() {
        return header("content-length").map(v -> {
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                return -1L;
            }
        }).orElse(-1L);
    }

    /**
     * Closes the body; an upstream that is still sending is cancelled.
     *
     * @throws UncheckedIOException when closing fails
     */
    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing upstream response", e);
        }
    }
}
