/**
 * Google Vertex AI ({@code type: vertex-ai}): Gemini models through {@code generateContent} and Anthropic's Claude
 * models through {@code rawPredict}, on a project and location, with OAuth 2.0 access tokens from a service account
 * or Application Default Credentials.
 */
package dev.aiproxy.vertex;
