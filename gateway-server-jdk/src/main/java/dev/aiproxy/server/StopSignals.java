package dev.aiproxy.server;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The signals a serving gateway handles itself, through {@code sun.misc.Signal} (the JDK's own handlers would exit
 * with status 143 and no drain). SIGTERM, and Ctrl-C (SIGINT) in the foreground, stop it with a drain, after which it
 * exits with status 0; a second one ends the drain's grace at once. A service (run with a pid file, by {@code start}
 * or systemd) reloads its config file on SIGHUP, as daemons do; in a terminal, SIGHUP (the terminal closed) stops the
 * gateway as the JDK's handler does, through the shutdown hook. A daemon that {@code start} launched ignores SIGINT: a
 * Ctrl-C meant for the {@code start} must not stop it.
 */
final class StopSignals {
    private static final System.Logger LOG = System.getLogger(StopSignals.class.getName());

    private StopSignals() {
    }

    /**
     * Installs the handlers; a signal the JVM will not let go of (with {@code -Xrs}, say) is left to it, and the
     * shutdown hook then drains.
     *
     * @param stop asks for the drain; called on the first stop signal
     * @param endGrace ends the grace; called on each later one
     * @param reload reloads the config file on SIGHUP, or null in a terminal
     * @param ignoreInterrupt whether SIGINT is ignored rather than a stop
     */
    static void install(Runnable stop, Runnable endGrace, Runnable reload, boolean ignoreInterrupt) {
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        SignalHandler onStop = signal -> {
            if (stopping.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.INFO, "SIG" + signal.getName() + ": stopping; a second one ends the "
                        + "grace at once");
                stop.run();
            } else {
                LOG.log(System.Logger.Level.INFO, "SIG" + signal.getName() + " again: ending the grace now");
                endGrace.run();
            }
        };
        handle("TERM", onStop);
        handle("INT", ignoreInterrupt ? SignalHandler.SIG_IGN : onStop);
        if (reload != null) {
            handle("HUP", signal -> Thread.ofVirtual().name("gw-sighup-reload").start(() -> {
                LOG.log(System.Logger.Level.INFO, "SIGHUP: reloading the config file");
                reload.run();
            }));
        }
    }

    private static void handle(String name, SignalHandler handler) {
        try {
            Signal.handle(new Signal(name), handler);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot handle SIG" + name + " (" + e.getMessage() + "); the JVM "
                    + "keeps its own handling of it");
        }
    }
}
