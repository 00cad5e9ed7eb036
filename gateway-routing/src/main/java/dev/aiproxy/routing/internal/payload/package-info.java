/** Payload rules (default, override and remove fields per model glob) and the client headers a credential copies upstream. */
package dev.aiproxy.routing.internal.payload;
