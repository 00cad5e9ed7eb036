package dev.aiproxy.server.management;

import static java.util.Objects.requireNonNull;

import dev.aiproxy.api.Secret;
import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.routing.ConfigFileWatcher;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.ReloadOutcome;
import dev.aiproxy.routing.config.ClientsFile;
import dev.aiproxy.routing.config.ConfigException;
import dev.aiproxy.routing.config.ConfigLoader;
import dev.aiproxy.routing.config.ConfigProblem;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.config.LoadedConfig;
import dev.aiproxy.routing.config.edit.FileReplacement;
import dev.aiproxy.routing.config.edit.YamlDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The live config file and its clients file, as the management API changes them. A change is validated exactly as a
 * reload would judge it (the loader, then the gateway's reload checks) before anything is written; then the file is
 * replaced atomically (the previous one kept as {@code <name>.bak}) and made live through the watcher's reload, the
 * same path a hand edit takes. Should that reload still refuse it, the backup is put back. Changes are serialised
 * with a lock, which is held across their file I/O: they are rare, and two must never interleave. Thread-safe.
 */
public final class ConfigFile {
    /** The media types a config file is sent as; the first is the one answers use. */
    public static final List<String> YAML_TYPES = List.of("application/yaml", "text/yaml", "application/x-yaml");

    private final Gateway gateway;
    private final Path file;
    private final ConfigLoader loader;
    private final UnaryOperator<GatewayConfig> adjust;
    private final ConfigFileWatcher watcher;
    private final Consumer<ReloadOutcome> onReload;
    private final ReentrantLock changing = new ReentrantLock();

    /**
     * @param file the config file the gateway was loaded from and the watcher watches
     * @param adjust what the watcher applies to every config before it goes live (command-line overrides)
     * @param onReload told of the outcome of each reload a change makes, as the watcher's own listener is of the
     *     reloads it makes (the watcher finds the file unchanged afterwards, so it would not tell)
     */
    public ConfigFile(Gateway gateway, Path file, ConfigLoader loader, UnaryOperator<GatewayConfig> adjust,
            ConfigFileWatcher watcher, Consumer<ReloadOutcome> onReload) {
        this.gateway = requireNonNull(gateway, "gateway");
        this.file = requireNonNull(file, "file").toAbsolutePath();
        this.loader = requireNonNull(loader, "loader");
        this.adjust = requireNonNull(adjust, "adjust");
        this.watcher = requireNonNull(watcher, "watcher");
        this.onReload = requireNonNull(onReload, "onReload");
    }

    /** The file's text and its version: the SHA-256 of its bytes, in hex, which {@code ETag} carries. */
    public record Version(String text, String etag) {
    }

    public Path path() {
        return file;
    }

    /** The clients file the config uses ({@code clients-file}, or {@code clients.yaml} beside it). */
    public ClientsFile clientsFile() {
        return new ClientsFile(loader.clientsFileOf(file));
    }

    /** The config file as it is on disk now. */
    public Version read() {
        byte[] bytes = bytes(file);
        return new Version(new String(bytes, StandardCharsets.UTF_8), etag(bytes));
    }

    /** The lower-case hex SHA-256 of bytes: a file's version. */
    public static String etag(byte[] bytes) {
        return HexFormat.of().formatHex(Secret.sha256(bytes));
    }

    /**
     * Replaces the whole file, when it is still the version the caller read.
     *
     * @param edit from the file as it is now to the new text
     * @return the new version
     * @throws ManagementException 412 when {@code ifMatch} is not the file's version now
     * @throws InvalidRequestException when the new text is refused, naming the first problem's key
     */
    public Version replace(String ifMatch, UnaryOperator<String> edit) {
        changing.lock();
        try {
            Version now = read();
            if (!ifMatch.equals("*") && !ifMatch.equals(now.etag())) {
                throw ManagementException.preconditionFailed("the config file changed since it was read (its ETag "
                        + "is now \"" + now.etag() + "\"): read it again and apply the change to that version");
            }
            String next = edit.apply(now.text());
            commit(file, next, true);
            return read();
        } finally {
            changing.unlock();
        }
    }

    /**
     * Changes the config file's YAML tree and writes it back with its comments.
     *
     * @return what {@code change} returned
     * @throws InvalidRequestException when the changed file is refused
     */
    public <T> T editConfig(Function<YamlDocument, T> change) {
        changing.lock();
        try {
            YamlDocument document = document(read().text(), file);
            T result = change.apply(document);
            commit(file, document.text(), true);
            return result;
        } finally {
            changing.unlock();
        }
    }

    /**
     * Changes the clients file's YAML tree (made when absent) and writes it back with its comments.
     *
     * @throws InvalidRequestException when the changed file is refused
     */
    public <T> T editClients(Function<YamlDocument, T> change) {
        changing.lock();
        try {
            ClientsFile clients = clientsFile();
            YamlDocument document;
            try {
                document = clients.document();
            } catch (ConfigException e) {
                throw unloadable(clients.path(), e);
            }
            T result = change.apply(document);
            commit(clients.path(), document.text(), false);
            return result;
        } finally {
            changing.unlock();
        }
    }

    /** Validates, writes and reloads; the lock is held. */
    private void commit(Path target, String text, boolean isConfig) {
        byte[] next = text.getBytes(StandardCharsets.UTF_8);
        LoadedConfig loaded;
        try {
            loaded = isConfig ? loader.load(file, next) : loader.parse(bytes(file), file.getFileName().toString(),
                    file, Map.of(target, next));
        } catch (ConfigException e) {
            throw refused(e.problems());
        }
        try {
            gateway.checkReload(adjust.apply(loaded.config()));
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw refused(List.of(new ConfigProblem(target.getFileName().toString(), 0, "", e.getMessage())));
        }
        FileReplacement.replace(target, next, !isConfig);
        ReloadOutcome outcome = watcher.reloadNow();
        onReload.accept(outcome);
        if (outcome.kind() == ReloadOutcome.Kind.REJECTED) {
            // what the dry run could not see (a provider's own checks when it is built): the file goes back
            FileReplacement.restoreBackup(target);
            onReload.accept(watcher.reloadNow());
            throw refused(outcome.problems().isEmpty() ? List.of(new ConfigProblem(target.getFileName().toString(),
                    0, "", outcome.message())) : outcome.problems());
        }
    }

    /**
     * A file's tree, to edit.
     *
     * @throws ManagementException 409 when the file on disk does not load (a hand edit the watcher refused)
     */
    static YamlDocument document(String text, Path path) {
        try {
            return YamlDocument.parse(text, path.getFileName().toString());
        } catch (ConfigException e) {
            throw unloadable(path, e);
        }
    }

    private static ManagementException unloadable(Path path, ConfigException e) {
        return ManagementException.conflict(path.getFileName() + " on disk is not valid YAML, so it cannot be edited "
                + "in part: " + e.problems().stream().map(ConfigProblem::toString).collect(Collectors.joining("; "))
                + ". Fix it by hand, or replace the config with PUT /config", null);
    }

    private static InvalidRequestException refused(List<ConfigProblem> problems) {
        String message = "the change was refused; the running config stays: " + problems.stream()
                .map(ConfigProblem::toString).collect(Collectors.joining("; "));
        String param = problems.stream().map(ConfigProblem::key).filter(k -> !k.isEmpty()).findFirst().orElse(null);
        return new InvalidRequestException(message, param, null);
    }

    private static byte[] bytes(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
