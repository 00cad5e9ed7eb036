package dev.aiproxy.translate.internal.gemini;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.translate.internal.json.StreamedCounts;
import dev.aiproxy.translate.internal.json.StreamedObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the chunk that makes up nearly all of a Gemini stream, one candidate whose parts are plain text
 * ({@code {"candidates":[{"content":{"parts":[{"text":"..."}],"role":"model"},"index":0}],"usageMetadata":{...},
 * "modelVersion":"...","responseId":"..."}}, https://ai.google.dev/api/generate-content#v1beta.GenerateContentResponse),
 * with Jackson's streaming parser instead of a tree: the tree of a chunk was most of what a translated Gemini stream
 * allocated. It reads what the tree-based decoder reads and skips what that one ignores; anything else (an error, a
 * part that is not plain text, another candidate, a field twice, a value of another kind, malformed JSON) is left to
 * the tree-based decoder, which gives it its full treatment and its error, so the answer is the same. A whole
 * non-streamed answer has the same shape, and {@link GeminiTextAnswers} reads it here too.
 */
final class GeminiTextChunks {
    /** A chunk of text parts: its usage so far, ids (null when absent), texts in order, and finish reason or null. */
    record TextChunk(Usage usage, String responseId, String modelVersion, List<Text> parts, String finishReason) {
    }

    private GeminiTextChunks() {
    }

    /** The chunk, or null when it is not exactly one of text parts as above. */
    static TextChunk read(String data) {
        return StreamedObject.read(data, p -> chunk(p, false));
    }

    /**
     * A whole answer of the same shape, or null. The answer's decoder also keeps the candidate's
     * {@link GeminiResponseCodec#CANDIDATE_EXTRAS}, which the stream's ignores: a candidate with any of them is left to
     * it.
     */
    static TextChunk readAnswer(byte[] body) {
        return StreamedObject.read(body, p -> chunk(p, true));
    }

    private static TextChunk chunk(JsonParser p, boolean answer) throws IOException {
        Usage usage = Usage.ZERO;
        String responseId = null;
        String modelVersion = null;
        Candidate candidate = null;
        int seen = 0;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            int bit = switch (name) {
                case "usageMetadata" -> 1;
                case "responseId" -> 2;
                case "modelVersion" -> 4;
                case "candidates" -> 8;
                case "error", "promptFeedback" -> -1;
                default -> 0;
            };
            if (bit < 0 || (seen & bit) != 0) {
                return null;
            }
            seen |= bit;
            switch (name) {
                case "usageMetadata" -> {
                    usage = value == JsonToken.VALUE_NULL ? Usage.ZERO
                            : value == JsonToken.START_OBJECT ? usage(p) : null;
                    if (usage == null) {
                        return null;
                    }
                }
                case "responseId", "modelVersion" -> {
                    if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
                        return null;
                    }
                    String text = value == JsonToken.VALUE_NULL ? null : p.getText();
                    if (name.equals("responseId")) {
                        responseId = text;
                    } else {
                        modelVersion = text;
                    }
                }
                case "candidates" -> {
                    if (value != JsonToken.START_ARRAY || p.nextToken() != JsonToken.START_OBJECT
                            || (candidate = candidate(p, answer)) == null || p.nextToken() != JsonToken.END_ARRAY) {
                        return null;
                    }
                }
                default -> p.skipChildren();
            }
        }
        return t != JsonToken.END_OBJECT || candidate == null ? null
                : new TextChunk(usage, responseId, modelVersion, candidate.parts(), candidate.finishReason());
    }

    private record Candidate(List<Text> parts, String finishReason) {
    }

    /**
     * A candidate whose start the parser is on: its text parts and finish reason, or null; null too for one with a
     * field an answer's decoder keeps, when {@code answer}.
     */
    private static Candidate candidate(JsonParser p, boolean answer) throws IOException {
        List<Text> parts = List.of();
        String finishReason = null;
        int seen = 0;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            int bit = name.equals("content") ? 1 : name.equals("finishReason") ? 2 : 0;
            if ((seen & bit) != 0 || answer && GeminiResponseCodec.CANDIDATE_EXTRAS.contains(name)) {
                return null;
            }
            seen |= bit;
            if (bit == 1) {
                if (value == JsonToken.START_OBJECT) {
                    parts = content(p);
                } else if (value != JsonToken.VALUE_NULL) {
                    return null;
                }
                if (parts == null) {
                    return null;
                }
            } else if (bit == 2) {
                if (value == JsonToken.VALUE_STRING) {
                    finishReason = p.getText();
                } else if (value != JsonToken.VALUE_NULL) {
                    return null;
                }
            } else {
                p.skipChildren();
            }
        }
        return t == JsonToken.END_OBJECT ? new Candidate(parts, finishReason) : null;
    }

    /** A content object whose start the parser is on: its parts when all are plain text, or null. */
    private static List<Text> content(JsonParser p) throws IOException {
        List<Text> parts = List.of();
        boolean seenParts = false;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (!name.equals("parts")) {
                p.skipChildren();
                continue;
            }
            if (seenParts) {
                return null;
            }
            seenParts = true;
            if (value == JsonToken.VALUE_NULL) {
                continue;
            }
            if (value != JsonToken.START_ARRAY) {
                return null;
            }
            parts = new ArrayList<>(1);
            while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
                // exactly {"text": "..."}: a thought, a signature or any other field is the tree's to read
                if (p.nextToken() != JsonToken.FIELD_NAME || !p.currentName().equals("text")
                        || p.nextToken() != JsonToken.VALUE_STRING) {
                    return null;
                }
                String text = p.getText();
                if (p.nextToken() != JsonToken.END_OBJECT) {
                    return null;
                }
                if (!text.isEmpty()) {
                    parts.add(new Text(text));
                }
            }
            if (t != JsonToken.END_ARRAY) {
                return null;
            }
        }
        return t == JsonToken.END_OBJECT ? parts : null;
    }

    /** A {@code usageMetadata} object whose start the parser is on, as {@link GeminiUsage#decode} reads it, or null. */
    private static Usage usage(JsonParser p) throws IOException {
        long[] counts = StreamedCounts.read(p, GeminiUsage.COUNTS.names());
        if (counts == null) {
            return null;
        }
        long input = counts[0] + counts[1];
        long output = counts[2] + counts[3];
        return input < 0 || output < 0 ? null : GeminiUsage.of(input, output, counts[4], counts[3]);
    }
}
