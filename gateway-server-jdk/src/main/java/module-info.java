/**
 * The standalone server around a {@link dev.aiproxy.routing.Gateway}, on the JDK's {@code com.sun.net.httpserver},
 * and its launcher.
 */
// resilience4j 2.x ships no module-info; its jars name themselves with Automatic-Module-Name, which is stable
@SuppressWarnings("requires-automatic")
module dev.aiproxy.server {
    requires transitive dev.aiproxy.routing;
    requires jdk.httpserver;
    requires java.logging;
    // the daemon: its JVM options passed on (java.management), the control socket's peer credentials (jdk.net), its
    // own handling of SIGTERM, SIGINT and SIGHUP (sun.misc.Signal, jdk.unsupported)
    requires java.management;
    requires jdk.net;
    requires jdk.unsupported;
    requires com.fasterxml.jackson.databind;
    requires io.github.resilience4j.ratelimiter;
    requires com.github.benmanes.caffeine;
    // /metrics: Micrometer's Prometheus registry (automatic modules, named in their manifests)
    requires micrometer.core;
    requires micrometer.registry.prometheus;

    exports dev.aiproxy.server;

    // Jackson writes the management API's answer records
    opens dev.aiproxy.server.management to com.fasterxml.jackson.databind;
    // and the event feed's event records
    opens dev.aiproxy.server.feed to com.fasterxml.jackson.databind;
    // and the daemon's control socket answers
    opens dev.aiproxy.server.daemon to com.fasterxml.jackson.databind;
}
