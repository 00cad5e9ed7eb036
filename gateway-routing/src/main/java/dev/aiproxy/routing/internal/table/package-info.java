/** One config snapshot made live: its providers built through ServiceLoader, its model registry, payload rules and copied headers. */
package dev.aiproxy.routing.internal.table;
