package dev.aiproxy.routing.config;

import java.util.List;

/**
 * A config file that loaded: the config, the warnings (unknown keys, with their lines), the SHA-256 of the bytes of
 * every file read, which a reload compares to skip unchanged files, and those files (the config, its clients file
 * when there is one, and the {@code ca-file}s it names).
 */
public record LoadedConfig(GatewayConfig config, List<ConfigProblem> warnings, String sha256,
        List<java.nio.file.Path> files) {
    public LoadedConfig {
        warnings = List.copyOf(warnings);
        files = List.copyOf(files);
    }
}
