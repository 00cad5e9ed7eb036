/** Model lists fetched from the providers, for entries that list no models themselves. */
package dev.aiproxy.routing.internal.models;
