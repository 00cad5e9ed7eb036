/**
 * The response cache's store ({@link dev.aiproxy.routing.cache.ResponseCache}): the in-process default, and the
 * interface a shared store implements.
 */
package dev.aiproxy.routing.cache;
