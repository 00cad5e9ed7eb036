/** What a client's settings mean for a request: allowed models, pinned provider, system prompt. */
package dev.aiproxy.routing.internal.client;
