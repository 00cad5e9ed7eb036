package dev.aiproxy.api.model;

/**
 * An image, either inline ({@code mediaType} plus base64 {@code data}) or by {@code url}; exactly one of the two.
 * {@code detail} is OpenAI's optional {@code low|high|auto} hint, null when absent.
 */
public record Image(String url, String mediaType, String data, String detail) implements ContentPart {
    public Image {
        if ((url == null) == (data == null)) {
            throw new IllegalArgumentException("an image needs exactly one of url or data");
        }
        if (data != null && mediaType == null) {
            throw new IllegalArgumentException("inline image data needs a mediaType");
        }
    }

    public static Image fromUrl(String url) {
        return new Image(url, null, null, null);
    }

    public static Image fromBase64(String mediaType, String data) {
        return new Image(null, mediaType, data, null);
    }

    /** Whether the bytes are inline rather than behind a URL. */
    public boolean isInline() {
        return data != null;
    }
}
