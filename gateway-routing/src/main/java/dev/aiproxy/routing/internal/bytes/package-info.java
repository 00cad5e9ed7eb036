/** Byte scans of bodies the request path has not decoded. */
package dev.aiproxy.routing.internal.bytes;
