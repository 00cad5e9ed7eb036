package dev.aiproxy.routing.internal.metrics;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.ModelInfo;
import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.config.GatewayConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The label values one config allows: models and providers the config names, so that what a client sends can never
 * become a new time series (each one costs the registry memory for as long as the process runs, and Prometheus far
 * more). A model or provider outside the config is {@value #OTHER}.
 *
 * @param config the config these were read from; a reload makes a new one
 */
record MetricLabels(GatewayConfig config, Set<String> models, Set<String> providers) {
    /** The value of a label whose real value is not one the config names. */
    static final String OTHER = "other";
    /** The provider of a request no upstream answered. */
    static final String NONE = "none";
    /** The format of the typed calls of {@code Gateway}, which have no wire format. */
    static final String IN_PROCESS = "in-process";

    MetricLabels {
        models = Set.copyOf(models);
        providers = Set.copyOf(providers);
    }

    /** The labels of a config whose models (aliases and prefixes applied) are {@code models}. */
    static MetricLabels of(GatewayConfig config, List<ModelInfo> models) {
        Set<String> modelIds = new HashSet<>();
        Set<String> providerNames = new HashSet<>();
        for (ModelInfo model : models) {
            modelIds.add(model.id());
            providerNames.add(model.provider());
        }
        for (ProviderConfig provider : config.providers()) {
            providerNames.add(provider.name());
        }
        return new MetricLabels(config, modelIds, providerNames);
    }

    /** The model the request is accounted to, when the config serves it. */
    String model(String model) {
        return model != null && models.contains(model) ? model : OTHER;
    }

    String provider(UsageRecord.ServedBy servedBy) {
        if (servedBy == null) {
            return NONE;
        }
        return providers.contains(servedBy.provider()) ? servedBy.provider() : OTHER;
    }

    static String format(ApiFormat format) {
        return format == null ? IN_PROCESS : format.id();
    }

    /** A constant per outcome, so the request path builds no string. */
    static String outcome(UsageRecord.Outcome outcome) {
        return switch (outcome) {
            case COMPLETED -> "completed";
            case FAILED -> "failed";
            case INTERRUPTED -> "interrupted";
        };
    }

    /** {@code 2xx}, {@code 4xx}, {@code 5xx}: a handful of values where the status itself would be dozens. */
    static String statusClass(int status) {
        return switch (status / 100) {
            case 1 -> "1xx";
            case 2 -> "2xx";
            case 3 -> "3xx";
            case 4 -> "4xx";
            case 5 -> "5xx";
            default -> OTHER;
        };
    }
}
