/** Calling models in-process through a {@link dev.aiproxy.routing.Gateway}, with no server in between. */
package dev.aiproxy.examples.embedded;
