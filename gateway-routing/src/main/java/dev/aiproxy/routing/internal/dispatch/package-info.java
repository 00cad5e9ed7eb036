/** Finding an upstream that answers: one call per candidate, errors classified, cooldowns, retry rounds and fallbacks, bounded and watched upstream bodies. */
package dev.aiproxy.routing.internal.dispatch;
