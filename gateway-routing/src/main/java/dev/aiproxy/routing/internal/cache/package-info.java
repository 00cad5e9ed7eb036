/** The response cache: the chain step that replays stored answers, its keys, and the in-process store. */
package dev.aiproxy.routing.internal.cache;
