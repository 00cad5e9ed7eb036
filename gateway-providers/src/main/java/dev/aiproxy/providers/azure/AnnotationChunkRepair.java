package dev.aiproxy.providers.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * An Azure stream with its annotation-only chunks made readable by OpenAI's SDKs. With the asynchronous content
 * filter, Azure sends chunks whose choices carry {@code content_filter_results} and {@code content_filter_offsets} but
 * no {@code delta} (https://learn.microsoft.com/azure/ai-foundry/openai/concepts/content-streaming, "Asynchronous
 * filtering"), which OpenAI's reference makes required: the official OpenAI Java SDK throws "`delta` is not set" on
 * them. Such a choice gets an empty {@code delta}; the annotations stay, every other line passes unchanged.
 * Reads one line at a time, so each event reaches the reader as soon as it has arrived. Not thread-safe.
 */
final class AnnotationChunkRepair extends InputStream {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);

    private final InputStream upstream;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private byte[] line = new byte[0];
    private int position;

    AnnotationChunkRepair(InputStream upstream) {
        // a buffer's fill returns what has arrived, so a line is never held back for more bytes
        this.upstream = new BufferedInputStream(upstream);
    }

    @Override
    public int read() throws IOException {
        if (position == line.length && !nextLine()) {
            return -1;
        }
        return line[position++] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position == line.length && !nextLine()) {
            return -1;
        }
        int n = Math.min(length, line.length - position);
        System.arraycopy(line, position, buffer, offset, n);
        position += n;
        return n;
    }

    private boolean nextLine() throws IOException {
        pending.reset();
        int b;
        while ((b = upstream.read()) != -1) {
            pending.write(b);
            if (b == '\n') {
                break;
            }
        }
        if (pending.size() == 0) {
            return false;
        }
        line = repair(pending.toByteArray());
        position = 0;
        return true;
    }

    /** The line with an empty {@code delta} in each choice that has none; any other line as it is. */
    static byte[] repair(byte[] line) {
        String text = new String(line, StandardCharsets.UTF_8);
        if (!startsWithData(line) || !text.contains("\"choices\"") || text.contains("\"delta\"")) {
            return line;
        }
        String payload = text.substring(DATA.length).strip();
        try {
            JsonNode chunk = JSON.readTree(payload);
            JsonNode choices = chunk == null ? null : chunk.get("choices");
            if (choices == null || !choices.isArray() || choices.isEmpty()) {
                return line;
            }
            for (JsonNode choice : choices) {
                if (choice instanceof ObjectNode o) {
                    o.putObject("delta");
                }
            }
            String ending = text.endsWith("\r\n") ? "\r\n" : text.endsWith("\n") ? "\n" : "";
            return ("data: " + JSON.writeValueAsString(chunk) + ending).getBytes(StandardCharsets.UTF_8);
        } catch (IOException notJson) {
            // not a JSON chunk: the reader's codec reports it, as for any upstream
            return line;
        }
    }

    private static boolean startsWithData(byte[] line) {
        if (line.length < DATA.length) {
            return false;
        }
        for (int i = 0; i < DATA.length; i++) {
            if (line[i] != DATA[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        upstream.close();
    }
}
