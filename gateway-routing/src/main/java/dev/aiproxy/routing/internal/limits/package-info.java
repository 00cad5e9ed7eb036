/** Client rate limits: requests and tokens per minute per client, and the token estimate they start from. */
package dev.aiproxy.routing.internal.limits;
