package dev.aiproxy.routing.config.edit;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Edits of what the model registry is made of, in a config file's {@link YamlDocument}: a provider entry's
 * {@code models:} aliases, the {@code fallbacks:} chains and the {@code payload:} rules. Each touches only the YAML it
 * changes. Not thread-safe.
 */
public final class ModelEdits {

    private final YamlDocument document;

    public ModelEdits(YamlDocument document) {
        this.document = requireNonNull(document, "document");
    }

    /**
     * Sets (or, with a null alias, removes) the name clients use for an upstream model of a provider entry; a model
     * the entry does not list yet is added to its {@code models:}.
     *
     * @throws IllegalArgumentException when no entry has that provider name
     */
    public void setAlias(String provider, String upstreamModel, String alias) {
        List<MappingNode> entries = providerEntries(provider);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("no provider entry named '" + provider + "' in "
                    + document.fileName());
        }
        for (MappingNode entry : entries) {
            SequenceNode models = YamlDocument.list(entry, "models", document.fileName());
            MappingNode model = null;
            for (Node item : models.getValue()) {
                if (item instanceof MappingNode m && YamlDocument.get(m, "name") instanceof ScalarNode n
                        && n.getValue().strip().equals(upstreamModel)) {
                    model = m;
                }
            }
            if (model == null) {
                model = YamlDocument.emptyMapping();
                YamlDocument.put(model, "name", YamlDocument.scalar(upstreamModel));
                models.getValue().add(model);
            }
            if (alias == null) {
                YamlDocument.remove(model, "alias");
            } else {
                YamlDocument.put(model, "alias", YamlDocument.scalar(alias));
            }
        }
    }

    /** Sets a model's fallback chain; an empty chain removes it (and an empty {@code fallbacks:} section). */
    public void setFallbacks(String model, List<String> chain) {
        MappingNode fallbacks = document.section("fallbacks");
        if (chain.isEmpty()) {
            YamlDocument.remove(fallbacks, model);
        } else {
            SequenceNode list = YamlDocument.strings(chain);
            list.setFlowStyle(fallbacks.getFlowStyle());
            YamlDocument.put(fallbacks, model, list);
        }
        if (fallbacks.getValue().isEmpty()) {
            YamlDocument.remove(document.root(), "fallbacks");
        }
    }

    /** The {@code payload:} section as plain values (maps, lists, strings, numbers), or null when there is none. */
    public Object payload() {
        Node node = YamlDocument.get(document.root(), "payload");
        return node == null || YamlDocument.isNull(node) ? null : YamlDocument.plain(node);
    }

    /** Replaces the {@code payload:} section (in place, so the comments above it stay); null or empty removes it. */
    public void setPayload(Object rules) {
        if (rules == null || rules instanceof Map<?, ?> m && m.isEmpty()) {
            YamlDocument.remove(document.root(), "payload");
        } else {
            YamlDocument.put(document.root(), "payload", YamlDocument.of(rules));
        }
    }

    /** The entries that make up a provider: a named entry, or the key entries that share a type and prefix. */
    private List<MappingNode> providerEntries(String provider) {
        ProviderEntries found = ProviderEntries.find(document, provider);
        return found == null ? List.of() : found.entries();
    }
}
