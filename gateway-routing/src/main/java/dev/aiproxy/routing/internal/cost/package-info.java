/** Cost accounting: the price table (the config's prices, then the one shipped in the jar) and each request's cost. */
package dev.aiproxy.routing.internal.cost;
