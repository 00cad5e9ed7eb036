/**
 * Public types shared by every module: the wire formats the gateway speaks and the {@link dev.aiproxy.api.Secret}
 * wrapper that keeps keys out of logs.
 */
package dev.aiproxy.api;
