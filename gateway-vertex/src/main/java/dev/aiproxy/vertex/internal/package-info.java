/** The Vertex AI provider's parts: its URLs, its publishers' bodies, and its access tokens. Not an API. */
package dev.aiproxy.vertex.internal;
