/**
 * Format codecs: one {@link dev.aiproxy.translate.FormatCodec} per wire format converts requests, responses, SSE
 * streams and errors to and from the canonical model. There are no pairwise translators: any format reaches any other
 * through the canonical types. {@link dev.aiproxy.translate.RoutingFields} reads only what routing needs from a body,
 * for the passthrough path that never builds a tree.
 */
package dev.aiproxy.translate;
