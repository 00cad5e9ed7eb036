package dev.aiproxy.routing;

import dev.aiproxy.routing.config.ConfigProblem;
import java.util.List;

/**
 * What a config reload did.
 *
 * @param sha256 of the file that was read
 * @param problems why it was rejected (empty unless {@code REJECTED}); each names file, line and key
 * @param warnings unknown keys and the like, with their lines
 */
public record ReloadOutcome(Kind kind, String sha256, List<ConfigProblem> problems, List<ConfigProblem> warnings,
        String message) {

    /** Whether the file went live. */
    public enum Kind {
        /** The new config is live. */
        APPLIED,
        /** The file's bytes had not changed: nothing to do. */
        UNCHANGED,
        /** The file is invalid; the previous config stays live. */
        REJECTED
    }

    public ReloadOutcome {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }
}
