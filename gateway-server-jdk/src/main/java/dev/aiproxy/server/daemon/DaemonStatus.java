package dev.aiproxy.server.daemon;

import java.util.List;

/**
 * What a running daemon says about itself through its control socket, for {@code gateway status} and
 * {@code gateway start}.
 *
 * @param pid its process id
 * @param version the gateway's version
 * @param url the base URL clients use
 * @param config the config file, or null when it runs without one
 * @param log its log file
 * @param started when it started, as an ISO-8601 instant
 * @param models the models that route now, aliases included
 * @param shutdownGraceMillis how long its stop lets requests in flight finish
 * @param requestsInFlight the client requests it serves now
 */
public record DaemonStatus(long pid, String version, String url, String config, String log, String started,
        List<String> models, long shutdownGraceMillis, long requestsInFlight) {
    public DaemonStatus {
        models = List.copyOf(models);
    }
}
