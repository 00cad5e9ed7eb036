/** Codec implementations; nothing here is public API. */
package dev.aiproxy.translate.internal;
