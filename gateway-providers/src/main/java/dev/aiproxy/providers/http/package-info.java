/**
 * The HTTP transport every built-in provider shares, public so a third-party provider can use it too: one
 * {@link java.net.http.HttpClient} per provider configuration and proxy, and the mapping of transport failures to
 * gateway errors.
 */
package dev.aiproxy.providers.http;
