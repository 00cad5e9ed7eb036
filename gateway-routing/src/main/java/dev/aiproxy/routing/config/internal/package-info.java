/** YAML reading and schema mapping for the config; not public API. */
package dev.aiproxy.routing.config.internal;
