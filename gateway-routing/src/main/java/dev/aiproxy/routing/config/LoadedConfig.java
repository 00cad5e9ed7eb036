package dev.aiproxy.routing.config;

import java.util.List;

/**
 * A config file that loaded: the config, the warnings (unknown keys, with their lines) and the SHA-256 of the file's
 * bytes, which a reload compares to skip unchanged files.
 */
public record LoadedConfig(GatewayConfig config, List<ConfigProblem> warnings, String sha256) {
    public LoadedConfig {
        warnings = List.copyOf(warnings);
    }
}
