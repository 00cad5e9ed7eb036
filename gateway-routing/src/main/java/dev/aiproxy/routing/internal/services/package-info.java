/** Finding the implementations of the library's service interfaces through {@link java.util.ServiceLoader}. */
package dev.aiproxy.routing.internal.services;
