package dev.aiproxy.routing;

import static java.util.Objects.requireNonNull;

import dev.aiproxy.api.Secret;
import dev.aiproxy.routing.config.ConfigException;
import dev.aiproxy.routing.config.ConfigLoader;
import dev.aiproxy.routing.config.ConfigProblem;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.config.LoadedConfig;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Keeps a gateway's config in step with its file: watches the file's directory, waits until writes have been quiet
 * for the debounce time, skips a file whose SHA-256 has not changed, and otherwise validates it into a new snapshot
 * that {@link Gateway#reload} swaps in atomically. A bad file is rejected with every problem named, and the running
 * config stays. One watcher thread (virtual); reloads never overlap.
 */
public final class ConfigFileWatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ConfigFileWatcher.class.getName());
    /** Editors write a file in several steps; the reload waits until they are done. */
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(300);

    private final Gateway gateway;
    private final Path file;
    private final ConfigLoader loader;
    private final UnaryOperator<GatewayConfig> adjust;
    private final Consumer<ReloadOutcome> listener;
    private final ReentrantLock reloading = new ReentrantLock();
    private final WatchService watcher;
    private final Thread thread;
    private volatile String appliedSha256;

    private ConfigFileWatcher(Gateway gateway, Path file, ConfigLoader loader, String initialSha256,
            UnaryOperator<GatewayConfig> adjust, Consumer<ReloadOutcome> listener, Duration debounce)
            throws IOException {
        this.gateway = gateway;
        this.file = file.toAbsolutePath();
        this.loader = loader;
        this.adjust = adjust;
        this.listener = listener;
        this.appliedSha256 = initialSha256;
        this.watcher = FileSystems.getDefault().newWatchService();
        this.file.getParent().register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
        this.thread = Thread.ofVirtual().name("gw-config-watch").start(() -> watch(debounce));
    }

    /**
     * Starts watching {@code file}, which the gateway's config was loaded from.
     *
     * @param initialSha256 the SHA-256 of the file as loaded, so an untouched file is not reloaded
     * @param adjust applied to every new config before it goes live (command-line overrides)
     * @param listener told of every reload's outcome, on the watcher thread
     * @throws IOException when the directory cannot be watched
     */
    public static ConfigFileWatcher start(Gateway gateway, Path file, ConfigLoader loader, String initialSha256,
            UnaryOperator<GatewayConfig> adjust, Consumer<ReloadOutcome> listener, Duration debounce)
            throws IOException {
        return new ConfigFileWatcher(requireNonNull(gateway, "gateway"), requireNonNull(file, "file"),
                requireNonNull(loader, "loader"), initialSha256, adjust, listener, debounce);
    }

    private void watch(Duration debounce) {
        try {
            while (true) {
                if (!relevant(watcher.take())) {
                    continue;
                }
                // quiet period: editors truncate, write and rename in quick succession
                WatchKey more;
                while ((more = watcher.poll(debounce.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    relevant(more);
                }
                listener.accept(reloadNow());
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: the watcher ends
        }
    }

    private boolean relevant(WatchKey key) {
        boolean ours = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.context() instanceof Path changed && changed.equals(file.getFileName())) {
                ours = true;
            } else if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                ours = true;
            }
        }
        key.reset();
        return ours;
    }

    /**
     * Reads the file now and makes it live if it changed and is valid; what {@code gateway reload} and the watcher
     * call. Blocks while another reload runs.
     */
    public ReloadOutcome reloadNow() {
        reloading.lock();
        try {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                return report(new ReloadOutcome(ReloadOutcome.Kind.REJECTED, "", List.of(new ConfigProblem(
                        file.getFileName().toString(), 0, "", "cannot read the file: " + e.getMessage())), List.of(),
                        "config " + file + " cannot be read; the running config stays"));
            }
            String sha256 = HexFormat.of().formatHex(Secret.sha256(bytes));
            if (sha256.equals(appliedSha256)) {
                return report(new ReloadOutcome(ReloadOutcome.Kind.UNCHANGED, sha256, List.of(), List.of(),
                        "config " + file + " unchanged (same SHA-256); nothing to reload"));
            }
            LoadedConfig loaded;
            try {
                loaded = loader.parse(bytes, file.getFileName().toString(), file);
                gateway.reload(adjust.apply(loaded.config()));
            } catch (ConfigException e) {
                return report(new ReloadOutcome(ReloadOutcome.Kind.REJECTED, sha256, e.problems(), List.of(),
                        "config " + file + " rejected; the running config stays. " + e.getMessage()));
            } catch (IllegalArgumentException | IllegalStateException e) {
                return report(new ReloadOutcome(ReloadOutcome.Kind.REJECTED, sha256, List.of(new ConfigProblem(
                        file.getFileName().toString(), 0, "", e.getMessage())), List.of(),
                        "config " + file + " rejected; the running config stays: " + e.getMessage()));
            }
            appliedSha256 = sha256;
            return report(new ReloadOutcome(ReloadOutcome.Kind.APPLIED, sha256, List.of(), loaded.warnings(),
                    "config " + file + " reloaded (" + gateway.models().size() + " models)"));
        } finally {
            reloading.unlock();
        }
    }

    private static ReloadOutcome report(ReloadOutcome outcome) {
        System.Logger.Level level = switch (outcome.kind()) {
            case APPLIED -> System.Logger.Level.INFO;
            case UNCHANGED -> System.Logger.Level.DEBUG;
            case REJECTED -> System.Logger.Level.ERROR;
        };
        LOG.log(level, outcome.message());
        for (ConfigProblem warning : outcome.warnings()) {
            LOG.log(System.Logger.Level.WARNING, warning::toString);
        }
        return outcome;
    }

    /** Stops watching; a reload in progress finishes. */
    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "closing the config watcher: " + e.getMessage());
        }
        thread.interrupt();
    }
}
