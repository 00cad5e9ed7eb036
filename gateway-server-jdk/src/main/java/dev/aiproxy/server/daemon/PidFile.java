package dev.aiproxy.server.daemon;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A daemon's pid file: one line, the process id, so that {@code kill $(cat gateway.pid)} and systemd's
 * {@code PIDFile=} read it. A pid file outlives a process that was killed, and the kernel may give its number to
 * another process later; so the process a pid file names counts as the gateway only when its command line carries
 * {@code --pid-file} with this very file, which the daemon's does. Thread-safe; the file is the state.
 */
public final class PidFile {
    private final Path file;

    /** What the pid file says about the daemon. */
    public sealed interface State permits Absent, Stale, Running, Unverified {
    }

    /** No pid file: the daemon is not running. */
    public record Absent() implements State {
    }

    /**
     * A pid file whose process is gone, or is another program.
     *
     * @param reason why, for the user: {@code process 123 is gone}
     */
    public record Stale(long pid, String reason) implements State {
    }

    /** The gateway that wrote the pid file runs. */
    public record Running(ProcessHandle process) implements State {
    }

    /**
     * A process of that id runs, but its command line cannot be read (another user's process, say), so whether it
     * is the gateway is unknown; the control socket may still tell.
     */
    public record Unverified(ProcessHandle process) implements State {
    }

    public PidFile(Path file) {
        this.file = requireNonNull(file, "file").toAbsolutePath().normalize();
    }

    public Path path() {
        return file;
    }

    /**
     * Reads the pid file and looks at the process it names.
     *
     * @throws UncheckedIOException when the file exists but cannot be read
     */
    public State inspect() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            return new Absent();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pid file " + file + ": " + e.getMessage(), e);
        }
        long pid;
        try {
            pid = Long.parseLong(text);
        } catch (NumberFormatException e) {
            return new Stale(-1, "it holds no process id (\"" + abbreviated(text) + "\")");
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> !isZombie(p.pid()));
        if (process.isEmpty()) {
            return new Stale(pid, "process " + pid + " is gone");
        }
        Optional<List<String>> arguments = arguments(process.get());
        if (arguments.isEmpty()) {
            return new Unverified(process.get());
        }
        if (!namesThisFile(arguments.get())) {
            return new Stale(pid, "process " + pid + " is another program now: "
                    + abbreviated(process.get().info().command().orElse("?") + " " + String.join(" ",
                            arguments.get())));
        }
        return new Running(process.get());
    }

    /**
     * A process's arguments: from {@code /proc/<pid>/cmdline} on Linux, since the JDK's {@code ProcessHandle.Info}
     * gives none for a command line over 4 KiB (a long class path), else from the JDK; empty when neither can tell
     * (another user's process elsewhere).
     */
    static Optional<List<String>> arguments(ProcessHandle process) {
        try {
            byte[] bytes = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            if (bytes.length > 0) {
                List<String> all = List.of(new String(bytes, StandardCharsets.UTF_8).split("\0"));
                return Optional.of(all.subList(1, all.size()));
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: the JDK's view below
        }
        return process.info().arguments().map(List::of);
    }

    /**
     * Whether a process has ended but not yet been reaped by its parent (state Z in {@code /proc/<pid>/stat} on
     * Linux): the JDK counts such a process as alive, though it has ended. False where there is no {@code /proc}.
     */
    static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // "pid (command) state ...": the command may hold anything, so the state follows the last ')'
            int end = stat.lastIndexOf(')');
            char state = end >= 0 && end + 2 < stat.length() ? stat.charAt(end + 2) : '?';
            return state == 'Z' || state == 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether a command line carries {@code --pid-file} with this file, as the daemon's does. */
    boolean namesThisFile(List<String> arguments) {
        for (int i = 0; i < arguments.size(); i++) {
            String arg = arguments.get(i);
            String value = arg.equals("--pid-file") && i + 1 < arguments.size() ? arguments.get(i + 1)
                    : arg.startsWith("--pid-file=") ? arg.substring("--pid-file=".length()) : null;
            if (value != null && Path.of(value).toAbsolutePath().normalize().equals(file)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes {@code pid} into a new pid file. A stale one is replaced; one whose gateway runs is not.
     *
     * @throws IllegalStateException when another gateway (or an unverifiable process) holds the file
     * @throws UncheckedIOException when the file cannot be written
     */
    public void claim(long pid) {
        try {
            Files.createDirectories(file.getParent());
            for (int attempt = 0; ; attempt++) {
                try {
                    create(pid);
                    return;
                } catch (FileAlreadyExistsException e) {
                    State state = inspect();
                    if (state instanceof Running running && running.process().pid() != pid) {
                        throw new IllegalStateException("a gateway (pid " + running.process().pid() + ") already "
                                + "runs with the pid file " + file);
                    }
                    if (state instanceof Unverified unverified && unverified.process().pid() != pid) {
                        throw new IllegalStateException("the pid file " + file + " names process "
                                + unverified.process().pid() + ", which runs but cannot be checked; remove the file "
                                + "if that process is not a gateway");
                    }
                    if (attempt > 0) {
                        throw new IllegalStateException("cannot claim the pid file " + file + ": another process "
                                + "writes it at the same time");
                    }
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the pid file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates the file with its whole content at once, so no reader sees it empty: written under another name, then
     * linked to this one, which fails when the file exists.
     */
    private void create(long pid) throws IOException {
        Path written = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".new");
        try {
            try {
                // readable by all, as pid files are: status may be asked by another user
                Files.setPosixFilePermissions(written, java.nio.file.attribute.PosixFilePermissions.fromString(
                        "rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // the file system's default permissions apply
            }
            Files.writeString(written, pid + "\n", StandardCharsets.US_ASCII);
            try {
                Files.createLink(file, written);
            } catch (UnsupportedOperationException noLinks) {
                Files.writeString(file, pid + "\n", StandardCharsets.US_ASCII,
                        java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
            }
        } finally {
            Files.deleteIfExists(written);
        }
    }

    /** Deletes the pid file when it still holds {@code pid}; a stop leaves no pid file behind. */
    public void release(long pid) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (text.equals(Long.toString(pid))) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // gone already, or unreadable: either way not ours to delete
        }
    }

    /** Deletes a stale pid file. */
    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the stale pid file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String abbreviated(String text) {
        return text.length() > 120 ? text.substring(0, 117) + "..." : text;
    }
}
