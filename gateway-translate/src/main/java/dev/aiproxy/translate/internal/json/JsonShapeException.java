package dev.aiproxy.translate.internal.json;

/**
 * A JSON document does not have the shape a codec expects. The message names the path and what was found; the codec
 * turns it into a 400 (bad client input) or a 502 (bad upstream answer).
 */
public final class JsonShapeException extends RuntimeException {
    private final String path;

    public JsonShapeException(String path, String problem) {
        super(path.isEmpty() ? problem : path + ": " + problem);
        this.path = path;
    }

    /** The JSON path at fault, such as {@code messages[2].content}; empty for the whole document. */
    public String path() {
        return path;
    }
}
