/**
 * Google's Gemini API ({@code generativelanguage.googleapis.com}) in its own format: {@code generateContent},
 * {@code streamGenerateContent?alt=sse} and {@code countTokens}, with the key in {@code x-goog-api-key}.
 */
package dev.aiproxy.providers.gemini;
