package dev.aiproxy.routing.config.internal;

import dev.aiproxy.api.spi.CaCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the {@code ca-file} settings of one config: PEM files of CA certificates, a relative path taken from the
 * config file's directory. Each file is read once, and its bytes are kept, so that the config's digest covers them
 * (a renewed CA is a changed config) and its directory is watched with the config's. Not thread-safe; one per parse.
 */
final class CaFiles {
    private final YamlNodes yaml;
    /** Where relative paths start: the config file's directory, else the working directory. */
    private final Path base;
    private final Map<Path, byte[]> read = new LinkedHashMap<>();
    private final Map<Path, CaCertificates> parsed = new LinkedHashMap<>();

    CaFiles(YamlNodes yaml, Path source) {
        this.yaml = yaml;
        Path dir = source == null ? null : source.toAbsolutePath().getParent();
        this.base = dir != null ? dir : Path.of("").toAbsolutePath();
    }

    /**
     * The certificates of the file a {@code ca-file} value names, or {@link CaCertificates#NONE} when the key is
     * absent or the file is unusable; an unusable file is a problem reported with the key's line and path.
     */
    CaCertificates read(Node node, String path) {
        String value = yaml.string(node, path);
        if (value == null) {
            return CaCertificates.NONE;
        }
        if (value.isBlank()) {
            yaml.problem(node, path, "must not be empty: the path of a PEM file of CA certificates");
            return CaCertificates.NONE;
        }
        Path file;
        try {
            file = base.resolve(value.strip()).normalize();
        } catch (InvalidPathException e) {
            yaml.problem(node, path, "not a file path: \"" + value + "\"");
            return CaCertificates.NONE;
        }
        CaCertificates known = parsed.get(file);
        if (known != null) {
            return known;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            yaml.problem(node, path, "no such file: \"" + value + "\"" + where(value, file));
            return CaCertificates.NONE;
        } catch (IOException e) {
            yaml.problem(node, path, "cannot read \"" + value + "\"" + where(value, file) + ": " + e);
            return CaCertificates.NONE;
        }
        try {
            CaCertificates certificates = CaCertificates.parsePem(bytes);
            read.put(file, bytes);
            parsed.put(file, certificates);
            return certificates;
        } catch (IllegalArgumentException e) {
            yaml.problem(node, path, "\"" + value + "\"" + where(value, file) + ": " + e.getMessage());
            return CaCertificates.NONE;
        }
    }

    /** The files read, with their bytes, in the order first read. */
    Map<Path, byte[]> files() {
        return read;
    }

    /** The absolute path, when the value was relative. */
    private static String where(String value, Path file) {
        return Path.of(value.strip()).isAbsolute() ? "" : " (" + file + ")";
    }
}
