package dev.aiproxy.server.daemon;

import java.util.List;

/**
 * What {@code gateway reload} did, as the daemon reports it through its control socket.
 *
 * @param outcome {@code APPLIED}, {@code UNCHANGED} or {@code REJECTED} (a config reload's outcome), or
 *     {@code NO_FILE} when the daemon runs without a config file
 * @param message one line saying what happened
 * @param problems why the file was refused, each with its file, line and key
 * @param warnings unknown keys and the like, with their lines
 * @param changes what changed since the daemon last reported ({@code + model gpt-4o}, {@code - client team-b}),
 *     whether this reload or the file watcher applied it
 */
public record ReloadReport(String outcome, String message, List<String> problems, List<String> warnings,
        List<String> changes) {
    public ReloadReport {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
        changes = List.copyOf(changes);
    }

    /** Whether the config now live is the file's: applied now, or unchanged since it last was. */
    public boolean succeeded() {
        return outcome.equals("APPLIED") || outcome.equals("UNCHANGED");
    }
}
