/** HTTP handlers, authentication and body handling of the server; not public API. */
package dev.aiproxy.server.internal;
