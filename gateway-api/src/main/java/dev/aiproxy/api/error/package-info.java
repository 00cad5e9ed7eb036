/**
 * The one exception hierarchy of the gateway. Each exception carries the HTTP status and the {@link
 * dev.aiproxy.api.error.ErrorType} that every format codec renders into its own error body.
 */
package dev.aiproxy.api.error;
