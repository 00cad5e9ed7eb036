package dev.aiproxy.routing.config.edit;

import dev.aiproxy.routing.config.SystemPrompt;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A change to a client's settings, as a JSON merge patch (RFC 7396) has it: a null field leaves the setting as it is,
 * an empty {@link Optional} removes it (back to its default), a value replaces it. The key is changed elsewhere
 * ({@link ClientEntries#setKeyHash}).
 *
 * @param allowedModels removed means every model ({@code *})
 * @param requestsPerMinute removed (or 0) means no request limit
 * @param tokensPerMinute removed (or 0) means no token limit
 */
@SuppressWarnings("OptionalUsedAsFieldOrParameterType") // three states: leave (null), remove (empty), set
public record ClientUpdate(Optional<List<String>> allowedModels, Optional<String> provider,
        Optional<SystemPrompt> systemPrompt, Optional<URI> baseUrl, Optional<Integer> requestsPerMinute,
        Optional<Long> tokensPerMinute, Optional<BigDecimal> dailyUsd, Optional<BigDecimal> monthlyUsd) {

    /** Whether it changes nothing. */
    public boolean isEmpty() {
        return allowedModels == null && provider == null && systemPrompt == null && baseUrl == null
                && requestsPerMinute == null && tokensPerMinute == null && dailyUsd == null && monthlyUsd == null;
    }
}
