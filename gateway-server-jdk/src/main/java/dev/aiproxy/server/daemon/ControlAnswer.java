package dev.aiproxy.server.daemon;

/**
 * One answer of the control socket: the status, a reload's report, or why the command failed; the others are null.
 */
record ControlAnswer(DaemonStatus status, ReloadReport reload, String error) {
}
