package dev.aiproxy.server.daemon;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The end of a log file, and following it as it grows, like {@code tail -n N -F}: a file that is rotated away (a new
 * file under the same name) or emptied is followed from its start. Reads only the end of a large file.
 */
public final class LogTail {
    private static final int CHUNK = 8192;
    private static final Duration POLL = Duration.ofMillis(200);

    private LogTail() {
    }

    /**
     * The last {@code n} lines of a file (fewer when it has fewer), without their line breaks; none when it does not
     * exist.
     *
     * @throws IOException when it exists but cannot be read
     */
    public static List<String> lastLines(Path file, int n) throws IOException {
        if (n == 0) {
            return List.of();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            return lastLines(raf, raf.length(), n);
        } catch (java.io.FileNotFoundException e) {
            if (Files.exists(file)) {
                throw e;
            }
            return List.of();
        }
    }

    /**
     * The last {@code n} lines written after the file held {@code from} bytes (all of them when it has since been
     * rotated, and holds less): what one run of a process wrote to a log that others wrote to before.
     *
     * @throws IOException when it exists but cannot be read
     */
    public static List<String> lastLinesSince(Path file, long from, int n) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long end = raf.length();
            long start = end < from ? 0 : from;
            List<String> lines = lastLines(raf, end, n);
            long firstKept = startOfLastLines(raf, end, lines.size());
            if (firstKept >= start) {
                return lines;
            }
            byte[] bytes = new byte[(int) Math.min(Integer.MAX_VALUE - 8, end - start)];
            raf.seek(start);
            raf.readFully(bytes);
            List<String> since = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\r?\n", -1));
            if (!since.isEmpty() && since.getLast().isEmpty()) {
                since = since.subList(0, since.size() - 1);
            }
            return List.copyOf(since);
        } catch (java.io.FileNotFoundException e) {
            if (Files.exists(file)) {
                throw e;
            }
            return List.of();
        }
    }

    /** The last {@code n} lines of the file's first {@code end} bytes. */
    private static List<String> lastLines(RandomAccessFile raf, long end, int n) throws IOException {
        if (n == 0) {
            return List.of();
        }
        long start = startOfLastLines(raf, end, n);
        byte[] bytes = new byte[(int) Math.min(Integer.MAX_VALUE - 8, end - start)];
        raf.seek(start);
        raf.readFully(bytes);
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<String> lines = Arrays.asList(text.split("\r?\n", -1));
        if (!lines.isEmpty() && lines.getLast().isEmpty()) {
            lines = lines.subList(0, lines.size() - 1);
        }
        return List.copyOf(lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /** Where the last {@code n} lines begin: reads backwards a chunk at a time, counting line breaks. */
    private static long startOfLastLines(RandomAccessFile raf, long end, int n) throws IOException {
        long position = end;
        int breaks = 0;
        byte[] chunk = new byte[CHUNK];
        // a break that ends the file ends the last line; it does not start one
        boolean skipLast = true;
        while (position > 0) {
            int length = (int) Math.min(CHUNK, position);
            position -= length;
            raf.seek(position);
            raf.readFully(chunk, 0, length);
            for (int i = length - 1; i >= 0; i--) {
                if (chunk[i] == '\n') {
                    if (skipLast && position + i == end - 1) {
                        continue;
                    }
                    if (++breaks == n) {
                        return position + i + 1;
                    }
                }
            }
            skipLast = false;
        }
        return 0;
    }

    /**
     * Writes the file's last {@code n} lines to {@code out}, then each byte appended to it, until the thread is
     * interrupted (or the process ends: Ctrl-C). The file is kept open between looks, so when it is rotated away the
     * lines written to it last are still read, before the new file from its start. A file that does not exist yet is
     * waited for.
     *
     * @throws IOException when writing to {@code out} fails
     */
    public static void follow(Path file, int n, OutputStream out) throws IOException, InterruptedException {
        RandomAccessFile open = open(file);
        Object key = key(file);
        if (open != null) {
            long end = open.length();
            for (String line : lastLines(open, end, n)) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
            open.seek(end);
        }
        out.flush();
        byte[] buffer = new byte[CHUNK];
        try {
            while (!Thread.currentThread().isInterrupted()) {
                if (open != null) {
                    if (open.length() < open.getFilePointer()) {
                        open.seek(0);
                    }
                    int read;
                    while ((read = open.read(buffer)) > 0) {
                        out.write(buffer, 0, read);
                    }
                    out.flush();
                }
                Object now = key(file);
                if (open == null || (now != null && !now.equals(key))) {
                    // a new file under the name (or the first one): what the old one held has just been read
                    if (open != null) {
                        open.close();
                    }
                    open = open(file);
                    key = key(file);
                    if (open != null) {
                        continue;
                    }
                }
                Thread.sleep(POLL.toMillis());
            }
        } finally {
            if (open != null) {
                open.close();
            }
        }
    }

    /** The file opened at its start, or null when it does not exist. */
    private static RandomAccessFile open(Path file) {
        try {
            return new RandomAccessFile(file.toFile(), "r");
        } catch (java.io.FileNotFoundException e) {
            return null;
        }
    }

    private static Object key(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }
}
