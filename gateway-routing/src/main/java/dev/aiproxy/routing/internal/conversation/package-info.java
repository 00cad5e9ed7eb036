/** What a stateful client format needs remembered between requests: the Responses API's previous_response_id. */
package dev.aiproxy.routing.internal.conversation;
