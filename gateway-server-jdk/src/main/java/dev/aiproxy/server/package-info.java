/**
 * The standalone server: {@link dev.aiproxy.server.GatewayServer} wraps a {@link dev.aiproxy.routing.Gateway} in
 * {@code com.sun.net.httpserver} on virtual threads, and {@link dev.aiproxy.server.Launcher} is the command line.
 */
package dev.aiproxy.server;
