package dev.aiproxy.server.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The daemon's control channel: a Unix domain socket beside its pid file, through which {@code gateway status} and
 * {@code gateway reload} ask the running server. Only the user the daemon runs as (and root) may use it: the socket
 * file is made readable and writable by its owner alone, and each connection's peer credentials
 * ({@code SO_PEERCRED}) are checked as well, which also covers the moment between creating the file and restricting
 * it. Unlike an HTTP endpoint on loopback, no other local user and no web page can reach it, and no secret has to be
 * configured. One command a connection: a line with its name, answered with one JSON object ({@link ControlAnswer}).
 * Thread-safe.
 */
public final class ControlSocket implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ControlSocket.class.getName());
    /** The longest path a Unix domain socket may have on Linux (sun_path is 108 bytes, with its terminating zero). */
    static final int MAX_PATH_BYTES = 107;
    private static final int MAX_COMMAND_BYTES = 64;
    private static final Duration READ_LIMIT = Duration.ofSeconds(10);
    static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final ServerSocketChannel server;
    private final Commands commands;
    private final String owner;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("gw-control-timer").factory());
    private final Thread acceptor;

    /** What the control socket answers. Each runs on the connection's own virtual thread. */
    public interface Commands {
        DaemonStatus status();

        ReloadReport reload();
    }

    private ControlSocket(Path path, ServerSocketChannel server, Commands commands) {
        this.path = path;
        this.server = server;
        this.commands = commands;
        this.owner = ProcessHandle.current().info().user().orElse(System.getProperty("user.name"));
        this.acceptor = Thread.ofVirtual().name("gw-control").start(this::accept);
    }

    /**
     * Creates the socket file (replacing a stale one, which a killed daemon leaves) and answers on it.
     *
     * @throws UncheckedIOException when the socket cannot be created, naming it
     */
    public static ControlSocket open(Path path, Commands commands) {
        checkLength(path);
        try {
            Files.createDirectories(path.getParent());
            Files.deleteIfExists(path);
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path));
            try {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the peer credential check below still applies
            }
            return new ControlSocket(path, server, commands);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the control socket " + path + ": " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException when the path is longer than a Unix domain socket allows */
    static void checkLength(Path path) {
        int length = path.toString().getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_PATH_BYTES) {
            throw new IllegalArgumentException("the control socket's path " + path + " is " + length + " bytes long, "
                    + "more than the " + MAX_PATH_BYTES + " a Unix domain socket may have: give a shorter "
                    + "--state-dir or --pid-file");
        }
    }

    public Path path() {
        return path;
    }

    private void accept() {
        while (true) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "the control socket failed, so status and reload cannot "
                        + "reach this gateway: " + e.getMessage());
                return;
            }
            Thread.ofVirtual().name("gw-control-connection").start(() -> answer(channel));
        }
    }

    /** Checks the peer, reads its command (within a time limit, so a silent client holds nothing), answers it. */
    private void answer(SocketChannel channel) {
        try (channel) {
            String peer = peer(channel);
            ControlAnswer answer;
            if (!peer.equals(owner) && !peer.equals("root")) {
                LOG.log(System.Logger.Level.WARNING, "refused a control connection from user " + peer + ": only "
                        + owner + " may control this gateway");
                answer = new ControlAnswer(null, null, "only " + owner + " may control this gateway");
            } else {
                var limit = timer.schedule(() -> close(channel), READ_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                String command;
                try {
                    command = readCommand(channel);
                } finally {
                    limit.cancel(false);
                }
                answer = run(command);
            }
            channel.write(ByteBuffer.wrap(JSON.writeValueAsBytes(answer)));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "a control connection failed: " + e.getMessage());
        }
    }

    private ControlAnswer run(String command) {
        try {
            return switch (command) {
                case "status" -> new ControlAnswer(commands.status(), null, null);
                case "reload" -> new ControlAnswer(null, commands.reload(), null);
                default -> new ControlAnswer(null, null, "unknown command '" + command + "' (status, reload)");
            };
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the control command '" + command + "' failed", e);
            return new ControlAnswer(null, null, "'" + command + "' failed: " + e);
        }
    }

    private static String peer(SocketChannel channel) throws IOException {
        try {
            UnixDomainPrincipal principal = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
            return principal.user().getName();
        } catch (UnsupportedOperationException e) {
            throw new IOException("this system does not tell a Unix socket's peer (SO_PEERCRED)", e);
        }
    }

    /** The first line the client sent, up to a few bytes. */
    private static String readCommand(SocketChannel channel) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(MAX_COMMAND_BYTES);
        while (line.size() < MAX_COMMAND_BYTES && channel.read(buffer) >= 0) {
            buffer.flip();
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b == '\n') {
                    return line.toString(StandardCharsets.UTF_8).strip();
                }
                line.write(b);
            }
            buffer.clear();
        }
        return line.toString(StandardCharsets.UTF_8).strip();
    }

    private static void close(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a connection that overran its time: nothing more to do
        }
    }

    /** Stops answering and deletes the socket file. */
    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "closing the control socket: " + e.getMessage());
        }
        timer.shutdownNow();
        acceptor.interrupt();
    }
}
