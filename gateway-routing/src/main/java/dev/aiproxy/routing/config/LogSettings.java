package dev.aiproxy.routing.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * The standalone server's request log ({@code logging:}): one INFO line per finished request, as text or as one JSON
 * object a line, on standard error with the other log lines or, with {@code file}, to a file of its own that rotates
 * by size. Read at start-up: a change needs a restart.
 *
 * @param format how each line is written
 * @param file the request log's file (relative to the config file's folder), or null for standard error
 * @param maxSizeBytes a file grows to about this size before the next one is started
 * @param files how many files are kept, the current one included; the oldest is deleted
 */
public record LogSettings(Format format, Path file, long maxSizeBytes, int files) {
    /** Text on standard error; with a file, 10 MiB a file and 5 files. */
    public static final LogSettings DEFAULTS = new LogSettings(Format.TEXT, null, 10L * 1024 * 1024, 5);

    /** How a request's line is written. */
    public enum Format {
        /** {@code 2026-12-07T10:00:00Z req_... team-a gpt -> openai/gpt-4o-mini 200 812ms ...}: for people. */
        TEXT,
        /** One JSON object a line, the management API's request view: for log shippers. */
        JSON
    }

    public LogSettings {
        requireNonNull(format, "format");
        if (maxSizeBytes < 1024 || maxSizeBytes > Integer.MAX_VALUE) {
            // java.util.logging.FileHandler takes the limit as an int
            throw new IllegalArgumentException("logging.max-size must be from 1 KiB to 2 GiB, was " + maxSizeBytes);
        }
        if (files < 1 || files > 1000) {
            throw new IllegalArgumentException("logging.files must be from 1 to 1000, was " + files);
        }
    }
}
