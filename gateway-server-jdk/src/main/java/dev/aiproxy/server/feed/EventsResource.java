package dev.aiproxy.server.feed;

import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.routing.GatewayResponse;
import dev.aiproxy.server.management.ManagementAnswer;
import dev.aiproxy.server.management.ManagementApi;
import dev.aiproxy.server.management.ManagementException;
import dev.aiproxy.server.management.ManagementRequest;
import dev.aiproxy.server.management.Route;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /events}: the live event feed as server-sent events, for as long as the subscriber reads. A
 * {@code Last-Event-ID} header (or, for an {@code EventSource} that cannot set headers, a {@code last_event_id} query
 * parameter) resumes after that event.
 */
public final class EventsResource implements ManagementApi.Resource {
    private final EventFeed feed;

    public EventsResource(EventFeed feed) {
        this.feed = feed;
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.get("/events", this::subscribe));
    }

    private ManagementAnswer subscribe(ManagementRequest request) {
        Long lastEventId = lastEventId(request);
        FeedSubscription subscription;
        try {
            subscription = feed.subscribe(lastEventId);
        } catch (IllegalStateException e) {
            throw ManagementException.unavailable("the server is stopping: " + e.getMessage());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/event-stream");
        headers.put("Cache-Control", "no-store");
        // nginx buffers answers unless told not to, which would hold events back
        headers.put("X-Accel-Buffering", "no");
        return new ManagementAnswer.Raw(new GatewayResponse(200, headers, subscription));
    }

    private static Long lastEventId(ManagementRequest request) {
        String header = request.header("Last-Event-ID");
        String name = header != null ? "Last-Event-ID" : "last_event_id";
        String value = header != null ? header : request.query("last_event_id");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(value.strip());
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidRequestException(name + " expects an event id (a whole number) from this feed, got \""
                + value + "\"", name, null);
    }
}
