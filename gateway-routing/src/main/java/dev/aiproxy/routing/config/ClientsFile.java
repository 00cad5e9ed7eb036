package dev.aiproxy.routing.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The clients file that {@code gateway keys} manages: a {@code clients:} list in YAML, with only each key's SHA-256.
 * A new key is returned once, to be shown once; it is never written anywhere. Writes replace the file atomically,
 * readable by its owner only; the running gateway reloads it. Not thread-safe; one command at a time.
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
        List<Map<String, Object>> clients = read();
        if (find(clients, name) != null) {
            throw new IllegalArgumentException("a client named '" + name + "' exists in " + file
                    + "; use 'gateway keys rotate --name " + name + "' for a new key");
        }
        String key = ClientKeys.generate(type);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", name);
        entry.put("key-hash", ClientKeys.hash(key));
        entry.put("allowed-models", List.copyOf(allowedModels));
        clients.add(entry);
        write(clients);
        return key;
    }

    /** A new key for an existing client, whose settings stay; returns the key. */
    public String rotate(String name, ClientKeys.Type type) {
        List<Map<String, Object>> clients = read();
        Map<String, Object> entry = find(clients, name);
        if (entry == null) {
            throw new IllegalArgumentException("no client named '" + name + "' in " + file);
        }
        String key = ClientKeys.generate(type);
        entry.remove("key");
        entry.put("key-hash", ClientKeys.hash(key));
        write(clients);
        return key;
    }

    /** Removes a client; its key stops working at the next reload. */
    public void delete(String name) {
        List<Map<String, Object>> clients = read();
        if (!clients.removeIf(c -> name.equals(c.get("name")))) {
            throw new IllegalArgumentException("no client named '" + name + "' in " + file);
        }
        write(clients);
    }

    /** The clients' names, in file order. */
    public List<String> names() {
        return read().stream().map(c -> String.valueOf(c.get("name"))).toList();
    }

    private static Map<String, Object> find(List<Map<String, Object>> clients, String name) {
        for (Map<String, Object> c : clients) {
            if (name.equals(c.get("name"))) {
                return c;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> read() {
        if (!Files.exists(file)) {
            return new ArrayList<>();
        }
        try {
            Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
            if (root == null) {
                return new ArrayList<>();
            }
            if (!(root instanceof Map<?, ?> map) || !(map.get("clients") instanceof List<?> list)) {
                throw new IllegalArgumentException(file + " has no 'clients:' list");
            }
            List<Map<String, Object>> out = new ArrayList<>();
            for (Object o : list) {
                out.add(new LinkedHashMap<>((Map<String, Object>) o));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void write(List<Map<String, Object>> clients) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        String yaml = HEADER + new Yaml(new Representer(options), options).dump(Map.of("clients", clients));
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(temp, yaml, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the file system has no owner-only mode; the hashes are not secrets anyway
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
