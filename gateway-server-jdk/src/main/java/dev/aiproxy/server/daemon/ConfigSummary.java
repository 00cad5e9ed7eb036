package dev.aiproxy.server.daemon;

import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.ModelInfo;
import dev.aiproxy.routing.config.ClientConfig;
import dev.aiproxy.routing.config.GatewayConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a reload most often changes, in a gateway's live config: the models that route, the provider entries and the
 * clients; what {@code gateway reload} lists as changed.
 *
 * @param config the snapshot it was taken from, to tell other changes
 */
record ConfigSummary(Set<String> models, Set<String> providers, Set<String> clients, GatewayConfig config) {
    ConfigSummary {
        models = Set.copyOf(models);
        providers = Set.copyOf(providers);
        clients = Set.copyOf(clients);
    }

    static ConfigSummary of(Gateway gateway) {
        GatewayConfig config = gateway.config();
        return new ConfigSummary(names(gateway.models().stream().map(ModelInfo::id).toList()),
                names(config.providers().stream().map(ProviderConfig::name).toList()),
                names(config.clients().stream().map(ClientConfig::name).toList()), config);
    }

    private static Set<String> names(List<String> names) {
        return new TreeSet<>(names);
    }

    /**
     * The lines that say how {@code next} differs: {@code + model x}, {@code - provider y}, {@code + client z}, in that
     * order, sorted; or one line when only other settings changed; none when the config is the same one.
     */
    List<String> changesTo(ConfigSummary next) {
        List<String> lines = new ArrayList<>();
        diff("model", models, next.models, lines);
        diff("provider", providers, next.providers, lines);
        diff("client", clients, next.clients, lines);
        if (lines.isEmpty() && !config.equals(next.config)) {
            lines.add("settings changed (no model, provider or client was added or removed)");
        }
        return lines;
    }

    private static void diff(String what, Set<String> before, Set<String> after, List<String> lines) {
        for (String name : new TreeSet<>(after)) {
            if (!before.contains(name)) {
                lines.add("+ " + what + " " + name);
            }
        }
        for (String name : new TreeSet<>(before)) {
            if (!after.contains(name)) {
                lines.add("- " + what + " " + name);
            }
        }
    }
}
