package dev.aiproxy.providers.azure;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a credential's secret is sent: as Azure's own {@code api-key} header, or as a Microsoft Entra ID access token in
 * {@code Authorization: Bearer} (https://learn.microsoft.com/azure/ai-foundry/openai/reference, "Authentication").
 */
enum AzureAuth {
    API_KEY("api-key", ""),
    BEARER("Authorization", "Bearer ");

    private final String header;
    private final String prefix;

    AzureAuth(String header, String prefix) {
        this.header = header;
        this.prefix = prefix;
    }

    String header() {
        return header;
    }

    String prefix() {
        return prefix;
    }

    /** The option's spelling: {@code api-key} or {@code bearer}. */
    String optionValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @throws IllegalArgumentException when the value names no mode */
    static AzureAuth of(String value) {
        for (AzureAuth a : values()) {
            if (a.optionValue().equals(value)) {
                return a;
            }
        }
        throw new IllegalArgumentException("auth: \"" + value + "\" is not one of " + Arrays.stream(values())
                .map(AzureAuth::optionValue).collect(Collectors.joining(", ")));
    }
}
