/**
 * The built-in offline {@code echo} model: a demo that answers with the request's text, streaming too, so a first
 * request works through the whole gateway with no key and no network.
 */
package dev.aiproxy.providers.echo;
