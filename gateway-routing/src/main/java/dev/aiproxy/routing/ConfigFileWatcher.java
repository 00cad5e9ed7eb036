package dev.aiproxy.routing;

import static java.util.Objects.requireNonNull;

import dev.aiproxy.routing.config.ConfigException;
import dev.aiproxy.routing.config.ConfigLoader;
import dev.aiproxy.routing.config.ConfigProblem;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.config.LoadedConfig;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
    private final Set<Path> watchedDirs = new HashSet<>();
    private final Thread thread;
    private volatile Set<Path> files;
    private volatile String appliedSha256;

    private ConfigFileWatcher(Gateway gateway, LoadedConfig initial, ConfigLoader loader,
            UnaryOperator<GatewayConfig> adjust, Consumer<ReloadOutcome> listener, Duration debounce)
            throws IOException {
        this.gateway = gateway;
        this.file = initial.config().source();
        this.loader = loader;
        this.adjust = adjust;
        this.listener = listener;
        this.appliedSha256 = initial.sha256();
        this.watcher = FileSystems.getDefault().newWatchService();
        watch(initial.files());
        watchDir(file.getParent().resolve(ConfigLoader.DEFAULT_CLIENTS_FILE));
        this.thread = Thread.ofVirtual().name("gw-config-watch").start(() -> watch(debounce));
    }

    /**
     * Starts watching the files a config was loaded from: the config file, its clients file and its CA files.
     *
     * @param initial the config as loaded, so untouched files are not reloaded
     * @param adjust applied to every new config before it goes live (command-line overrides)
     * @param listener told of every reload's outcome, on the watcher thread
     * @throws IOException when a directory cannot be watched
     * @throws IllegalArgumentException when the config was not loaded from a file
     */
    public static ConfigFileWatcher start(Gateway gateway, LoadedConfig initial, ConfigLoader loader,
            UnaryOperator<GatewayConfig> adjust, Consumer<ReloadOutcome> listener, Duration debounce)
            throws IOException {
        if (initial.config().source() == null) {
            throw new IllegalArgumentException("the config was not loaded from a file: nothing to watch");
        }
        return new ConfigFileWatcher(requireNonNull(gateway, "gateway"), initial, requireNonNull(loader, "loader"),
                adjust, listener, debounce);
    }

    private void watch(List<Path> loaded) throws IOException {
        Set<Path> absolute = new HashSet<>();
        for (Path p : loaded) {
            absolute.add(p.toAbsolutePath());
            watchDir(p);
        }
        absolute.add(file.getParent().resolve(ConfigLoader.DEFAULT_CLIENTS_FILE));
        this.files = absolute;
    }

    private void watchDir(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (watchedDirs.add(dir)) {
            dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        }
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
        Path dir = (Path) key.watchable();
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.context() instanceof Path changed && files.contains(dir.resolve(changed).toAbsolutePath())) {
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
            LoadedConfig loaded;
            try {
                loaded = loader.load(file);
            } catch (ConfigException e) {
                return report(new ReloadOutcome(ReloadOutcome.Kind.REJECTED, "", e.problems(), List.of(),
                        "config " + file + " rejected; the running config stays. " + e.getMessage()));
            } catch (java.io.UncheckedIOException e) {
                return report(new ReloadOutcome(ReloadOutcome.Kind.REJECTED, "", List.of(new ConfigProblem(
                        file.getFileName().toString(), 0, "", e.getMessage())), List.of(),
                        "config " + file + " cannot be read; the running config stays"));
            }
            if (loaded.sha256().equals(appliedSha256)) {
                return report(new ReloadOutcome(ReloadOutcome.Kind.UNCHANGED, loaded.sha256(), List.of(), List.of(),
                        "config " + file + " unchanged (same SHA-256); nothing to reload"));
            }
            try {
                gateway.reload(adjust.apply(loaded.config()));
                watch(loaded.files());
            } catch (IllegalArgumentException | IllegalStateException | IOException e) {
                return report(new ReloadOutcome(ReloadOutcome.Kind.REJECTED, loaded.sha256(), List.of(new ConfigProblem(
                        file.getFileName().toString(), 0, "", e.getMessage())), List.of(),
                        "config " + file + " rejected; the running config stays: " + e.getMessage()));
            }
            appliedSha256 = loaded.sha256();
            return report(new ReloadOutcome(ReloadOutcome.Kind.APPLIED, loaded.sha256(), List.of(),
                    loaded.warnings(), "config " + file + " reloaded (" + gateway.models().size() + " models, "
                            + loaded.config().clients().size() + " clients)"));
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
