/** Amazon Bedrock's Converse API as an upstream format: requests out, answers, stream events and errors in. */
package dev.aiproxy.translate.internal.converse;
