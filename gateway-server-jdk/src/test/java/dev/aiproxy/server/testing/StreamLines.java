package dev.aiproxy.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** A streamed answer read line by line, as the drain tests follow one that is still running. */
public final class StreamLines {
    private StreamLines() {
    }

    /** The answer's lines after the first that contains {@code marker}, which must come. */
    public static BufferedReader after(InputStream body, String marker) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        String line;
        do {
            line = reader.readLine();
        } while (line != null && !line.contains(marker));
        assertThat(line).as("a line with " + marker).isNotNull();
        return reader;
    }

    /** Every line left, each ended by a line break. */
    public static String rest(BufferedReader reader) throws IOException {
        StringBuilder text = new StringBuilder();
        String line;
        while ((line = reader.readLine()) != null) {
            text.append(line).append('\n');
        }
        return text.toString();
    }
}
