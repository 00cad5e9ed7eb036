/**
 * Azure OpenAI ({@code type: azure-openai}): Chat Completions on an Azure resource, by deployment name, with the
 * {@code api-key} header or a Microsoft Entra bearer token, in the OpenAI Chat format.
 */
package dev.aiproxy.providers.azure;
