package dev.aiproxy.routing.state;

/**
 * How the state store is doing, for {@code /health}, the metrics and the event feed.
 *
 * @param description the store's kind and address, any password masked ({@code redis://:***@host:6379}), or
 *     {@code local}
 * @param shared whether the state is kept in a store other instances share
 * @param healthy whether the store answers now; false while the instance uses its local state instead
 * @param fallbacks how many times since start-up a call to the store failed or took too long, so local state answered
 * @param lastError why the latest failed call failed, naming no secret; null when none has
 */
public record StateStatus(String description, boolean shared, boolean healthy, long fallbacks, String lastError) {
    /** The status of state kept in this process: always healthy. */
    public static final StateStatus LOCAL = new StateStatus("local", false, true, 0, null);
}
