package dev.aiproxy.server;

import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.state.SharedState;
import dev.aiproxy.routing.usage.UsageStore;
import dev.aiproxy.server.daemon.ControlSocket;
import dev.aiproxy.server.daemon.PidFile;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A running server with what it serves from, stopped once in the launcher's order: the control socket, the server
 * (which drains), the gateway, the shared state, then the usage store, which writes the records still queued (every
 * request has ended, so every record is queued); then one log line says what was drained, and the pid file goes. A stop
 * signal and the shutdown hook may both ask; the second finds the work done. Thread-safe.
 */
final class ServingProcess {
    private static final System.Logger LOG = System.getLogger(ServingProcess.class.getName());

    private final GatewayServer server;
    private final Gateway gateway;
    private final UsageStore store;
    private final SharedState state;
    private final PidFile pidFile;
    private volatile ControlSocket control;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final ReentrantLock stopping = new ReentrantLock();
    private boolean stopped;

    /**
     * @param store the usage store, or null
     * @param state the state the gateway keeps between requests (shared or in memory)
     * @param pidFile the pid file this process claimed, or null
     */
    ServingProcess(GatewayServer server, Gateway gateway, UsageStore store, SharedState state, PidFile pidFile) {
        this.server = server;
        this.gateway = gateway;
        this.store = store;
        this.state = state;
        this.pidFile = pidFile;
    }

    /** The control socket, opened once the signals are handled; closed first when the process stops. */
    void controlledThrough(ControlSocket socket) {
        this.control = socket;
    }

    /** Wakes {@link #awaitStopRequest()}; a signal handler calls it, so it returns at once. */
    void requestStop() {
        stopRequested.countDown();
    }

    /** Blocks until a stop is asked for. */
    void awaitStopRequest() {
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Drains and closes everything, once; blocks for up to the config's shutdown grace and a few seconds. */
    void stop() {
        stopping.lock();
        try {
            if (stopped) {
                return;
            }
            stopped = true;
            ControlSocket socket = control;
            if (socket != null) {
                socket.close();
            }
            Drained drained = server.stop(gateway.config().shutdownGrace());
            gateway.close();
            state.close();
            if (store != null) {
                store.close();
            }
            LOG.log(System.Logger.Level.INFO, drained.describe());
            if (pidFile != null) {
                pidFile.release(ProcessHandle.current().pid());
            }
        } finally {
            stopping.unlock();
        }
    }
}
