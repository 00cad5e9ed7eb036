/**
 * The {@link dev.aiproxy.routing.Gateway}: a plain Java object that routes chat requests to providers, with the same
 * routing, pooling and accounting whether it is called in-process or behind the server.
 */
package dev.aiproxy.routing;
