package dev.aiproxy.routing.usage;

/** What usage totals are grouped by. Time buckets are UTC. */
public enum Dimension {
    /** The client's name. */
    CLIENT,
    /** The model accounted to: the client-visible model that answered, or the one asked for when none did. */
    MODEL,
    /** The provider entry that answered ({@code null} in a row of requests nothing answered). */
    PROVIDER,
    /** The UTC day the request started. */
    DAY,
    /** The UTC hour the request started. */
    HOUR
}
