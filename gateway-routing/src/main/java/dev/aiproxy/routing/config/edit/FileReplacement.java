package dev.aiproxy.routing.config.edit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replaces a file so that a reader (the config watcher, a restart) sees the old bytes or the new ones, never half:
 * written to a temporary file beside it, forced to disk, then renamed over it. The previous file is kept as
 * {@code <name>.bak}. Blocks on I/O; one writer per file at a time.
 */
public final class FileReplacement {
    private FileReplacement() {
    }

    /** The backup of a file: {@code <name>.bak} beside it. */
    public static Path backupOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".bak");
    }

    /**
     * Writes {@code bytes} as the file's new contents.
     *
     * @param ownerOnly whether a new file is made readable by its owner only (it holds key hashes or secrets); an
     *     existing file keeps its permissions
     * @throws UncheckedIOException when it cannot be written; the file is then as it was
     */
    public static void replace(Path file, byte[] bytes, boolean ownerOnly) {
        write(file, bytes, ownerOnly, true);
    }

    /**
     * Puts the backup back in place of the file (after the new file was refused), keeping no backup of the refused one.
     *
     * @throws UncheckedIOException when it cannot be written
     */
    public static void restoreBackup(Path file) {
        Path backup = backupOf(file);
        try {
            write(file, Files.readAllBytes(backup), true, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + backup + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, byte[] bytes, boolean ownerOnly, boolean keepBackup) {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            try {
                if (Files.exists(file)) {
                    Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(file));
                } else if (ownerOnly) {
                    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
                }
            } catch (UnsupportedOperationException notPosix) {
                // the file system has no POSIX permissions to keep or set
            }
            if (keepBackup && Files.exists(file)) {
                Files.copy(file, backupOf(file), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the write already failed; that error is the one to report
            }
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
