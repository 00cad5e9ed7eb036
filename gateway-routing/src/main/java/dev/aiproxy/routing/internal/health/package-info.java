/** Provider health: recent outcomes per candidate, cooldowns kept in memory, and the health report built from both. */
package dev.aiproxy.routing.internal.health;
