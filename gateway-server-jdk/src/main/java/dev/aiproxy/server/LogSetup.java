package dev.aiproxy.server;

import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * One-line log records on standard error for the standalone server, unless the user configured
 * {@code java.util.logging} (the default {@link System.Logger} backend) themselves.
 */
final class LogSetup {
    /** Held strongly: the LogManager keeps loggers only weakly, and with them their levels. */
    private static final Logger GATEWAY = Logger.getLogger("dev.aiproxy");
    /** Flyway tells each step of checking the usage schema at INFO; the banner says where usage goes. */
    private static final Logger FLYWAY = Logger.getLogger("org.flywaydb");

    private LogSetup() {
    }

    static void configure() {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Handler handler = new ConsoleHandler();
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            handler.setFormatter(new LineFormatter());
        }
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        root.setLevel(Level.INFO);
        FLYWAY.setLevel(Level.WARNING);
    }

    /** With {@code debug: true}, the gateway's own per-request lines (DEBUG) are logged too. */
    static void debug(boolean on) {
        GATEWAY.setLevel(on ? Level.FINE : null);
    }
}
