package dev.aiproxy.routing.internal.debug;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.Secret;
import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.routing.GatewayResponse;
import dev.aiproxy.routing.Redactor;
import dev.aiproxy.routing.RequestContext;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.internal.route.Candidate;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Debug mode for one request: logs what the client sent, what went upstream, what came back and what the client got,
 * bodies in full (up to a cap), every key and key-like header masked by {@link Redactor}. Active with
 * {@code debug: true}, or for one request of the management secret's holder. A no-op otherwise.
 */
public final class DebugTrace {
    private static final System.Logger LOG = System.getLogger("dev.aiproxy.debug");
    /** A longer body is cut in the log. */
    private static final int MAX_LOGGED = 1024 * 1024;
    public static final DebugTrace OFF = new DebugTrace(null, List.of());

    private final String id;
    private final List<Secret> secrets;

    private DebugTrace(String id, List<Secret> secrets) {
        this.id = id;
        this.secrets = secrets;
    }

    /** Active when the config or the request asks for it; the keys to mask are the config's. */
    public static DebugTrace of(RequestContext context, GatewayConfig config) {
        if (!context.debug() && !config.debug()) {
            return OFF;
        }
        return new DebugTrace(UUID.randomUUID().toString().substring(0, 8), config.providers().stream()
                .flatMap(p -> p.credentials().stream()).map(Credential::apiKey).filter(Objects::nonNull).toList());
    }

    public boolean active() {
        return id != null;
    }

    public void clientRequest(ApiFormat format, String client, byte[] body) {
        if (active()) {
            log("client " + client + " sent " + format.id() + ": " + text(body, body.length));
        }
    }

    public void upstreamRequest(Candidate candidate, Map<String, String> headers, byte[] body, boolean stream) {
        if (active()) {
            log("to " + candidate.credential().id() + " (" + candidate.format().id() + ", "
                    + candidate.upstreamModel() + (stream ? ", stream" : "") + ") headers " + headers + ": "
                    + text(body, body.length));
        }
    }

    public void upstreamAnswer(Candidate candidate, int status, byte[] body) {
        if (active()) {
            log("from " + candidate.credential().id() + " " + status + ": " + text(body, body.length));
        }
    }

    public void clientAnswer(int status, Map<String, String> headers, byte[] body) {
        if (active()) {
            log("answered " + status + " " + headers + ": " + text(body, body.length));
        }
    }

    /** A streamed answer that is copied into the log as it is written, and logged when it ends. */
    public GatewayResponse.Streamed tee(int status, Map<String, String> headers, GatewayResponse.Streamed body) {
        if (!active()) {
            return body;
        }
        return new GatewayResponse.Streamed() {
            @Override
            public long length() {
                return body.length();
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                ByteArrayOutputStream copy = new ByteArrayOutputStream();
                try {
                    body.writeTo(new FilterOutputStream(out) {
                        @Override
                        public void write(byte[] b, int off, int len) throws IOException {
                            out.write(b, off, len);
                            if (copy.size() < MAX_LOGGED) {
                                copy.write(b, off, Math.min(len, MAX_LOGGED - copy.size()));
                            }
                        }
                    });
                } finally {
                    log("answered " + status + " " + headers + " (stream): " + text(copy.toByteArray(), copy.size()));
                }
            }

            @Override
            public void close() {
                body.close();
            }
        };
    }

    private String text(byte[] body, int length) {
        String s = new String(body, 0, Math.min(length, MAX_LOGGED), StandardCharsets.UTF_8);
        return Redactor.redact(s, secrets) + (length > MAX_LOGGED ? " ... (" + length + " bytes)" : "");
    }

    private void log(String message) {
        LOG.log(System.Logger.Level.INFO, "[debug " + id + "] " + Redactor.redact(message, secrets));
    }
}
