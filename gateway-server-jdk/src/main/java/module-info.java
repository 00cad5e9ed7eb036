/**
 * The standalone server around a {@link dev.aiproxy.routing.Gateway}, on the JDK's {@code com.sun.net.httpserver},
 * and its launcher.
 */
module dev.aiproxy.server {
    requires transitive dev.aiproxy.routing;
    requires jdk.httpserver;
    requires java.logging;
    requires com.fasterxml.jackson.databind;

    exports dev.aiproxy.server;
}
