/**
 * The HTTP transport every built-in provider shares, public so a third-party provider can use it too: a provider
 * builds an {@link dev.aiproxy.providers.http.UpstreamCall} and sends it with
 * {@link dev.aiproxy.providers.http.UpstreamHttp}, which calls plain-http upstreams over pooled HTTP/1.1 connections
 * on blocking sockets and TLS or proxied ones through {@link java.net.http.HttpClient}, and maps transport failures
 * to gateway errors.
 */
package dev.aiproxy.providers.http;
