/** Debug mode: full request and answer bodies of a request logged, every key masked. */
package dev.aiproxy.routing.internal.debug;
