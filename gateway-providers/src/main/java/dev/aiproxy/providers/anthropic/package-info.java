/**
 * The Anthropic API ({@code type: claude}): Messages and token counts over {@code x-api-key}, in the Anthropic
 * Messages format.
 */
package dev.aiproxy.providers.anthropic;
