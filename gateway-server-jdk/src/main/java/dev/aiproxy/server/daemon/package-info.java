/**
 * The gateway as a background service: {@code start}, {@code stop}, {@code status}, {@code restart}, {@code reload}
 * and {@code logs}, with a pid file, a log file rotated by size, and a control socket (a Unix domain socket only the
 * daemon's user may use) through which {@code status} and {@code reload} ask the running server. The logic is here, in
 * Java, so {@code java -jar gateway.jar start} and {@code ./gateway start} are one implementation, tested as such;
 * the bash script only finds a JDK and builds the jar.
 */
package dev.aiproxy.server.daemon;
