package dev.aiproxy.translate.internal.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.model.Usage;
import java.io.IOException;
import java.util.function.BiFunction;

/**
 * Finds a usage object at one of a few paths of a JSON document and decodes it, for {@code FormatCodec.usageOf}.
 * Streams over the document, skipping every other value without building it, and reads the usage object's counts
 * with the streaming parser too ({@link StreamedCounts}): a relayed answer is read for its usage on every request once
 * usage is kept, so this is on the hot path, and a tree of the usage object was most of what it allocated. A usage
 * object the counts cannot say exactly is read again from a tree, with the format's tree decoder. Returns null for
 * anything unreadable: usage accounting must never break an answer.
 */
public final class UsageLocator {
    /** Says the streamed counts gave up; never returned to a caller. */
    private static final Usage FROM_TREE = new Usage(0, 0, 0, 0, 0);

    private UsageLocator() {
    }

    /**
     * @param paths JSON pointers of one or two steps to try, such as {@code /usage} or {@code /message/usage}; the
     *     first found in the document wins
     * @param counts the format's usage decoder
     */
    public static Usage find(byte[] json, UsageCounts counts, String... paths) {
        Usage usage = findStreamed(json, counts, paths);
        return usage == FROM_TREE ? findInTree(json, counts.tree(), paths) : usage;
    }

    /** What the streamed counts give, or {@link #FROM_TREE} when they give up. */
    static Usage findStreamed(byte[] json, UsageCounts counts, String... paths) {
        return find(json, (p, path) -> {
            long[] read = StreamedCounts.read(p, counts.names());
            return read == null ? FROM_TREE : counts.usage().apply(read);
        }, paths);
    }

    /** Whether {@link #findStreamed} gave up. */
    static boolean gaveUp(Usage usage) {
        return usage == FROM_TREE;
    }

    /** As {@link #find(byte[], UsageCounts, String...)}, reading the usage object into a tree for {@code decoder}. */
    static Usage findInTree(byte[] json, BiFunction<JsonNode, String, Usage> decoder, String... paths) {
        return find(json, (p, path) -> decoder.apply(Json.MAPPER.readTree(p), path), paths);
    }

    /** Decodes the usage object whose start the parser is on, found at {@code path}. */
    @FunctionalInterface
    private interface Decoder {
        Usage decode(JsonParser p, String path) throws IOException;
    }

    private static Usage find(byte[] json, Decoder decoder, String... paths) {
        try (JsonParser p = Json.FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            return inObject(p, "", decoder, paths);
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    /** Looks through the fields of the object the parser is in, for a path under {@code prefix}. */
    private static Usage inObject(JsonParser p, String prefix, Decoder decoder, String... paths) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.START_OBJECT) {
                for (String path : paths) {
                    if (step(path, prefix, name) == Step.AT) {
                        return decoder.decode(p, path);
                    }
                }
                for (String path : paths) {
                    if (step(path, prefix, name) == Step.UNDER) {
                        Usage found = inObject(p, prefix + "/" + name, decoder, paths);
                        if (found != null) {
                            return found;
                        }
                        // the object was read to its end: go on with its siblings
                        break;
                    }
                }
                if (p.currentToken() == JsonToken.START_OBJECT) {
                    p.skipChildren();
                }
            } else {
                p.skipChildren();
            }
        }
        return null;
    }

    private enum Step { AT, UNDER, ELSEWHERE }

    /**
     * Where the field {@code name} of the object at {@code prefix} is for {@code path}; compared in place, since it is
     * asked for every field of the document.
     */
    private static Step step(String path, String prefix, String name) {
        int end = prefix.length() + 1 + name.length();
        if (path.length() < end || !path.startsWith(prefix) || path.charAt(prefix.length()) != '/'
                || !path.startsWith(name, prefix.length() + 1)) {
            return Step.ELSEWHERE;
        }
        return path.length() == end ? Step.AT : path.charAt(end) == '/' ? Step.UNDER : Step.ELSEWHERE;
    }
}
