package dev.aiproxy.routing.usage;

import dev.aiproxy.routing.UsageRecord;
import java.util.List;

/**
 * One page of the request log, newest first.
 *
 * @param records the records, newest first
 * @param next the cursor of the next (older) page, or null when this is the last
 */
public record RequestLogPage(List<UsageRecord> records, String next) {
    public RequestLogPage {
        records = List.copyOf(records);
    }
}
