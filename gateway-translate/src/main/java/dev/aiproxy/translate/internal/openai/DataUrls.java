package dev.aiproxy.translate.internal.openai;

import static dev.aiproxy.translate.internal.json.Fields.path;

import dev.aiproxy.api.model.Image;
import dev.aiproxy.translate.internal.json.JsonShapeException;

/**
 * Image URLs as OpenAI's APIs take them: an {@code https} URL or a {@code data:<media type>;base64,<data>} URL, shared
 * by the Chat Completions and Responses codecs.
 */
public final class DataUrls {
    private DataUrls() {
    }

    /**
     * The image a URL names; a data URL becomes an inline image.
     *
     * @param path the JSON path of the object holding the URL, for errors
     * @throws JsonShapeException naming {@code <path>.<urlField>} when a data URL is malformed
     */
    public static Image image(String url, String detail, String path, String urlField) {
        if (url.startsWith("data:")) {
            int comma = url.indexOf(',');
            int semicolon = url.indexOf(';');
            if (comma < 0 || semicolon < 0 || semicolon > comma || !url.substring(semicolon, comma).equals(";base64")) {
                throw new JsonShapeException(path(path, urlField),
                        "a data URL must look like data:<media type>;base64,<data>");
            }
            return new Image(null, url.substring(5, semicolon), url.substring(comma + 1), detail);
        }
        return new Image(url, null, null, detail);
    }

    /** The URL to send for an image: its own, or a data URL for inline bytes. */
    public static String url(Image image) {
        return image.isInline() ? "data:" + image.mediaType() + ";base64," + image.data() : image.url();
    }
}
