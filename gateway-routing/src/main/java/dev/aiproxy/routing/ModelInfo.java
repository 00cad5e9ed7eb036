package dev.aiproxy.routing;

/**
 * A model clients can ask for.
 *
 * @param id the name clients use (alias and prefix applied)
 * @param provider the name of the first provider entry that serves it
 */
public record ModelInfo(String id, String provider) {
}
