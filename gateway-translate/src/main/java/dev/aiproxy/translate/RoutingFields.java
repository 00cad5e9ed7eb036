package dev.aiproxy.translate;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;

/**
 * What routing needs from a request body, read without building a tree: the model, the stream flag, and where the
 * model's string token sits in the body, so the passthrough path can swap the model and copy everything else as is.
 *
 * @param model the model as the client wrote it
 * @param stream whether the client asked for a stream
 * @param modelStart offset of the opening quote of the model value, or -1 when the model is not in the body
 * @param modelEnd offset just past the closing quote of the model value, or -1
 */
public record RoutingFields(String model, boolean stream, int modelStart, int modelEnd) {
    public RoutingFields {
        requireNonNull(model, "model");
    }

    /**
     * The body with the model value replaced by {@code newModel}; everything else byte for byte. Returns the same
     * array when the model is unchanged or not in the body.
     */
    public byte[] withModel(byte[] body, String newModel) {
        if (modelStart < 0 || newModel.equals(model)) {
            return body;
        }
        byte[] replacement = quote(newModel);
        byte[] out = new byte[body.length - (modelEnd - modelStart) + replacement.length];
        System.arraycopy(body, 0, out, 0, modelStart);
        System.arraycopy(replacement, 0, out, modelStart, replacement.length);
        System.arraycopy(body, modelEnd, out, modelStart + replacement.length, body.length - modelEnd);
        return out;
    }

    private static byte[] quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString().getBytes(StandardCharsets.UTF_8);
    }
}
