package dev.aiproxy.routing.config;

/** How the credentials that serve a model take turns. */
public enum RoutingStrategy {
    /** Each request starts with the next credential in turn. */
    ROUND_ROBIN("round-robin"),
    /** Requests go to the first available credential until it fails or cools down. */
    FILL_FIRST("fill-first"),
    /** Round-robin where each credential's share is its {@code weight}. */
    WEIGHTED_ROUND_ROBIN("weighted-round-robin");

    private final String id;

    RoutingStrategy(String id) {
        this.id = id;
    }

    /** The name in the config file. */
    public String id() {
        return id;
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static RoutingStrategy fromId(String id) {
        for (RoutingStrategy s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown strategy \"" + id
                + "\" (expected round-robin, fill-first or weighted-round-robin)");
    }
}
