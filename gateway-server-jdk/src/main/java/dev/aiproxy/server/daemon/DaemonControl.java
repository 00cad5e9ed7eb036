package dev.aiproxy.server.daemon;

import static java.util.Objects.requireNonNull;

import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.ModelInfo;
import dev.aiproxy.routing.ReloadOutcome;
import dev.aiproxy.routing.config.ConfigProblem;
import dev.aiproxy.server.GatewayServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a running daemon answers on its {@link ControlSocket}: its status, and a reload of its config file through
 * the server's own reload, the one its file watcher uses, so the file is validated exactly as a hand edit is.
 * Thread-safe.
 */
public final class DaemonControl implements ControlSocket.Commands {
    private final GatewayServer server;
    private final Gateway gateway;
    private final String version;
    private final Path log;
    private final Instant started = Instant.now();
    private final ReentrantLock reporting = new ReentrantLock();
    /** The live config as the last reload report (or the start) saw it. */
    private ConfigSummary reported;

    /** @param log the daemon's log file */
    public DaemonControl(GatewayServer server, Gateway gateway, String version, Path log) {
        this.server = requireNonNull(server, "server");
        this.gateway = requireNonNull(gateway, "gateway");
        this.version = requireNonNull(version, "version");
        this.log = requireNonNull(log, "log");
        this.reported = ConfigSummary.of(gateway);
    }

    @Override
    public DaemonStatus status() {
        var config = gateway.config();
        return new DaemonStatus(ProcessHandle.current().pid(), version, server.baseUrl(),
                config.sourceFile().map(f -> f.toAbsolutePath().toString()).orElse(null), log.toString(),
                started.toString(), gateway.models().stream().map(ModelInfo::id).toList(),
                config.shutdownGrace().toMillis(), server.requestsInFlight());
    }

    /**
     * Reloads the config file now. The changes reported are those since the last report, so an edit the file watcher
     * applied on its own before this reload is still listed.
     */
    @Override
    public ReloadReport reload() {
        Optional<ReloadOutcome> reloaded = server.reloadConfigFile();
        if (reloaded.isEmpty()) {
            return new ReloadReport("NO_FILE", "this gateway runs without a config file (its providers come from "
                    + "the environment): there is nothing to reload; restart it to change them", List.of(), List.of(),
                    List.of());
        }
        ReloadOutcome outcome = reloaded.get();
        List<String> changes;
        reporting.lock();
        try {
            ConfigSummary now = ConfigSummary.of(gateway);
            changes = reported.changesTo(now);
            reported = now;
        } finally {
            reporting.unlock();
        }
        return new ReloadReport(outcome.kind().name(), outcome.message(), lines(outcome.problems()),
                lines(outcome.warnings()), changes);
    }

    private static List<String> lines(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::toString).toList();
    }
}
