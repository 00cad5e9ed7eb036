package dev.aiproxy.routing.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiproxy.api.spi.UpstreamResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.Timeout(30)
class IdleWatchdogTest {

    @Test
    void aClosedBodyLeavesNoCheckBehind() throws IOException {
        int before = IdleWatchdog.pendingChecks();
        for (int i = 0; i < 10_000; i++) {
            UpstreamResponse watched = IdleWatchdog.watch(new UpstreamResponse(200, Map.of(),
                    new ByteArrayInputStream(new byte[] {'{', '}'})), Duration.ofMinutes(10));
            try (InputStream body = watched.body()) {
                assertThat(body.readAllBytes()).hasSize(2);
            }
        }

        assertThat(IdleWatchdog.pendingChecks()).isLessThanOrEqualTo(before);
    }

    /** Sends one byte, then nothing until closed, when it ends as if whole: as the JDK client's body does. */
    private static final class OneByteThenSilence extends InputStream {
        private final CountDownLatch closed = new CountDownLatch(1);
        private boolean sent;

        @Override
        public int read() throws IOException {
            if (!sent) {
                sent = true;
                return 'x';
            }
            try {
                closed.await();
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
            return -1;
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    @Test
    void aSilentBodyFailsWithTheIdleTimeoutNotAnEnd() throws IOException {
        try (InputStream body = IdleWatchdog.watch(new UpstreamResponse(200, Map.of(), new OneByteThenSilence()),
                Duration.ofMillis(200)).body()) {
            assertThat(body.read()).isEqualTo('x');

            assertThatThrownBy(body::read).isInstanceOf(IdleWatchdog.IdleTimeoutException.class)
                    .hasMessage("the upstream sent nothing for 0.2 s");
        }
    }
}
