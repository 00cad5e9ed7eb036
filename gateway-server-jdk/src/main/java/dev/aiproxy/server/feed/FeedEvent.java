package dev.aiproxy.server.feed;

import dev.aiproxy.server.management.ManagementJson;
import java.nio.charset.StandardCharsets;

/**
 * One event of the feed: its id, its SSE event name and its data, a value written as the management API's JSON.
 * The data is turned into SSE bytes the first time a subscriber sends it, not when it is published, so a request
 * thread publishing with nobody listening pays for no JSON; every subscriber then shares those bytes. Thread-safe.
 */
public final class FeedEvent {
    private final long id;
    private final String name;
    private final Object data;
    /** Written at most a few times by racing subscribers, each with the same bytes: no lock needed. */
    private volatile byte[] wire;

    FeedEvent(long id, String name, Object data) {
        this.id = id;
        this.name = name;
        this.data = data;
    }

    public long id() {
        return id;
    }

    /** {@code request}, {@code stats}, {@code state} or {@code missed}. */
    public String name() {
        return name;
    }

    public Object data() {
        return data;
    }

    /** The event as SSE: {@code id:}, {@code event:} and one {@code data:} line (the JSON has no line breaks). */
    byte[] wire() {
        byte[] bytes = wire;
        if (bytes == null) {
            String text = "id: " + id + "\nevent: " + name + "\ndata: "
                    + new String(ManagementJson.write(data), StandardCharsets.UTF_8) + "\n\n";
            bytes = text.getBytes(StandardCharsets.UTF_8);
            wire = bytes;
        }
        return bytes;
    }
}
