package dev.aiproxy.server.daemon;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Asks a running daemon through its {@link ControlSocket}. */
final class ControlClient {
    private ControlClient() {
    }

    /**
     * Sends one command and reads the answer; blocks up to {@code timeout}.
     *
     * @throws IOException when the daemon cannot be reached, does not answer in time, or refuses the command (its
     *     reason as the message)
     */
    static ControlAnswer ask(Path socket, String command, Duration timeout) throws IOException {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("gw-control-client-timer").factory());
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ScheduledFuture<?> limit = timer.schedule(() -> {
                try {
                    channel.close();
                } catch (IOException e) {
                    // the read below fails either way
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
                byte[] bytes = Channels.newInputStream(channel).readAllBytes();
                if (limit.isDone()) {
                    throw new IOException("no answer from " + socket + " within " + timeout.toSeconds() + " s");
                }
                ControlAnswer answer = ControlSocket.JSON.readValue(bytes, ControlAnswer.class);
                if (answer.error() != null) {
                    throw new IOException(answer.error());
                }
                return answer;
            } finally {
                limit.cancel(false);
            }
        } finally {
            timer.shutdownNow();
        }
    }
}
