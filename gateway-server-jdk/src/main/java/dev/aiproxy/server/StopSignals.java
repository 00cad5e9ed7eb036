package dev.aiproxy.server;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The signals a serving gateway handles itself, through {@code sun.misc.Signal} (the JDK's own handlers would exit
 * with status 143 and no drain). SIGTERM, and Ctrl-C (SIGINT) in the foreground, stop it with a drain, after which it
 * exits with status 0; a second one ends the drain's grace at once. A daemon ignores SIGINT (a Ctrl-C meant for the
 * {@code start} that launched it must not stop it) and reloads its config file on SIGHUP, as daemons do; in the
 * foreground, SIGHUP (the terminal closed) stops the gateway as the JDK's handler does, through the shutdown hook.
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
     * @param reload reloads the config file on SIGHUP, or null in the foreground
     */
    static void install(Runnable stop, Runnable endGrace, Runnable reload) {
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
        if (reload == null) {
            handle("INT", onStop);
        } else {
            handle("INT", SignalHandler.SIG_IGN);
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
