package dev.aiproxy.server.daemon;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The daemon's log file, which rotates by size: once the file has reached its size limit, the next line starts a new
 * one, and the older ones move down ({@code gateway.log} to {@code gateway.log.1}, {@code .1} to {@code .2}, ...; the
 * oldest beyond the count is deleted). The file in use always has the same name, so {@code gateway logs} and
 * {@code tail -F} follow it. A rotation happens only at the end of a line, so no line is split between two files.
 * Thread-safe; writes are serialised with a lock (the daemon's standard output and error both write here).
 */
public final class RotatingLogFile extends OutputStream {
    private final Path file;
    private final ReentrantLock lock = new ReentrantLock();
    private FileChannel channel;
    private long size;
    private long maxBytes;
    private int files;
    private boolean atLineStart = true;

    private RotatingLogFile(Path file, long maxBytes, int files) throws IOException {
        this.file = file;
        this.maxBytes = maxBytes;
        this.files = files;
        open();
    }

    /**
     * Opens (or creates) the file, appending to what it holds, and its folder when missing.
     *
     * @param maxBytes a file grows to about this size before the next one starts
     * @param files how many files are kept, the one in use included
     * @throws UncheckedIOException when it cannot be opened, naming it
     */
    public static RotatingLogFile open(Path file, long maxBytes, int files) {
        requireNonNull(file, "file");
        checkLimits(maxBytes, files);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new RotatingLogFile(file, maxBytes, files);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the log file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void checkLimits(long maxBytes, int files) {
        if (maxBytes < 1 || files < 1) {
            throw new IllegalArgumentException("a log file needs a size and a count of at least 1, got " + maxBytes
                    + " bytes and " + files + " files");
        }
    }

    /** Changes the size and count limits (once the config is read: {@code logging.max-size} and {@code files}). */
    public void limits(long maxBytes, int files) {
        checkLimits(maxBytes, files);
        lock.lock();
        try {
            this.maxBytes = maxBytes;
            this.files = files;
        } finally {
            lock.unlock();
        }
    }

    /** The file being written. */
    public Path file() {
        return file;
    }

    private void open() throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        size = channel.size();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return;
        }
        lock.lock();
        try {
            if (atLineStart && size >= maxBytes) {
                rotate();
            }
            channel.write(java.nio.ByteBuffer.wrap(b, off, len));
            size += len;
            atLineStart = b[off + len - 1] == '\n';
        } finally {
            lock.unlock();
        }
    }

    /** Moves each file down one place, deleting the oldest, and starts an empty file. The lock is held. */
    private void rotate() throws IOException {
        channel.close();
        try {
            if (files == 1) {
                Files.deleteIfExists(file);
            } else {
                Files.deleteIfExists(numbered(files - 1));
                for (int i = files - 2; i >= 1; i--) {
                    if (Files.exists(numbered(i))) {
                        Files.move(numbered(i), numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            // a move that failed leaves the file as it was: the log goes on in it rather than nowhere
            open();
        }
    }

    private Path numbered(int i) {
        return file.resolveSibling(file.getFileName() + "." + i);
    }

    /** Data goes to the file with each write; the operating system writes it to disk in its own time. */
    @Override
    public void flush() {
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            channel.close();
        } finally {
            lock.unlock();
        }
    }
}
