/**
 * The OpenAI Responses codec ({@code /v1/responses}), per https://platform.openai.com/docs/api-reference/responses:
 * request, response object, streaming events and errors, each in its own part.
 */
package dev.aiproxy.translate.internal.responses;
