package dev.aiproxy.server;

import java.util.ArrayList;
import java.util.List;

/** A whole SSE body split into its events, as a client's parser sees them. */
final class SseEvents {
    /** One event: its {@code event:} name (null when absent) and its {@code data:} lines joined. */
    record Event(String name, String data) {
    }

    private SseEvents() {
    }

    static List<Event> parse(String body) {
        List<Event> events = new ArrayList<>();
        for (String block : body.replace("\r\n", "\n").split("\n\n")) {
            String name = null;
            List<String> data = new ArrayList<>();
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.add(line.substring(5).strip());
                }
            }
            if (name != null || !data.isEmpty()) {
                events.add(new Event(name, String.join("\n", data)));
            }
        }
        return events;
    }
}
