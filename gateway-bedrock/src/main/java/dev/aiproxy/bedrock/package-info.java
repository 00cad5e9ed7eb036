/**
 * Amazon Bedrock ({@code type: bedrock}): Anthropic models through InvokeModel with the Anthropic Messages body, the
 * others through the Converse API, signed with AWS Signature Version 4 or sent with a Bedrock API key.
 */
package dev.aiproxy.bedrock;
