/** Model names to candidates: the registry of a config's models, each route's candidates, and the turn-taking. */
package dev.aiproxy.routing.internal.route;
