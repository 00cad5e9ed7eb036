package dev.aiproxy.routing.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.aiproxy.routing.config.edit.ClientEntries;
import dev.aiproxy.routing.config.edit.FileReplacement;
import dev.aiproxy.routing.config.edit.YamlDocument;
import java.util.List;

/**
 * The clients file that {@code gateway keys} manages: a {@code clients:} list in YAML, with only each key's SHA-256.
 * A new key is returned once, to be shown once; it is never written anywhere. Edits keep the file's comments and
 * hand-written settings; writes replace the file atomically, readable by its owner only; the running gateway reloads
 * it. Not thread-safe; one command at a time.
 */
public final class ClientsFile {
    private static final String HEADER = """
            # Clients of the AI Proxy Gateway, managed by `gateway keys` (create, rotate, delete, list).
            # Only the SHA-256 of each key is kept. Other settings (allowed-models, provider, system-prompt,
            # base-url, rate-limit) may be edited by hand; see docs/configuration.md.
            """;

    private final Path file;

    public ClientsFile(Path file) {
        this.file = requireNonNull(file, "file");
    }

    public Path path() {
        return file;
    }

    /** A new client with a new key; returns the key, which is not stored anywhere. */
    public String create(String name, ClientKeys.Type type, List<String> allowedModels) {
        YamlDocument document = document();
        ClientEntries clients = new ClientEntries(document);
        if (clients.contains(name)) {
            throw new IllegalArgumentException("a client named '" + name + "' exists in " + file
                    + "; use 'gateway keys rotate --name " + name + "' for a new key");
        }
        String key = ClientKeys.generate(type);
        clients.add(name, ClientKeys.hash(key), allowedModels);
        write(document.text());
        return key;
    }

    /** A new key for an existing client, whose settings stay; returns the key. */
    public String rotate(String name, ClientKeys.Type type) {
        YamlDocument document = document();
        String key = ClientKeys.generate(type);
        new ClientEntries(document).setKeyHash(name, ClientKeys.hash(key));
        write(document.text());
        return key;
    }

    /** Removes a client; its key stops working at the next reload. */
    public void delete(String name) {
        YamlDocument document = document();
        new ClientEntries(document).remove(name);
        write(document.text());
    }

    /** The clients' names, in file order. */
    public List<String> names() {
        return new ClientEntries(document()).names();
    }

    /**
     * The file as an editable tree with its comments; a file that does not exist yet is an empty {@code clients:}
     * list under the header that explains the file.
     *
     * @throws ConfigException when the file is not YAML
     * @throws UncheckedIOException when it cannot be read
     */
    public YamlDocument document() {
        if (!Files.exists(file)) {
            return YamlDocument.parse(HEADER + "clients:\n", file.getFileName().toString());
        }
        try {
            return YamlDocument.parse(Files.readString(file), file.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Replaces the file atomically, readable by its owner only. */
    private void write(String yaml) {
        FileReplacement.replace(file, yaml.getBytes(StandardCharsets.UTF_8), true);
    }
}
