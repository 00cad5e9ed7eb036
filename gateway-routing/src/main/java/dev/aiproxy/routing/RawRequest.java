package dev.aiproxy.routing;

import static java.util.Objects.requireNonNull;

import dev.aiproxy.api.ApiFormat;

/**
 * A client's request body as it arrived, in the client's own format, for {@link Gateway#handle(RawRequest)}.
 *
 * @param body the bytes; never modified
 * @param pathModel the model when the format names it in the URL (Gemini), else null to read it from the body
 * @param pathStream whether the URL asked for a stream (Gemini's {@code :streamGenerateContent}), else null
 * @param context who sent it, and its headers
 */
public record RawRequest(ApiFormat format, byte[] body, String pathModel, Boolean pathStream, RequestContext context) {
    public RawRequest {
        requireNonNull(format, "format");
        requireNonNull(body, "body");
        context = context == null ? RequestContext.ANONYMOUS : context;
    }

    /** An anonymous request. */
    public RawRequest(ApiFormat format, byte[] body, String pathModel, Boolean pathStream) {
        this(format, body, pathModel, pathStream, RequestContext.ANONYMOUS);
    }

    /** An anonymous request whose model and stream flag are in the body. */
    public static RawRequest of(ApiFormat format, byte[] body) {
        return new RawRequest(format, body, null, null, RequestContext.ANONYMOUS);
    }
}
