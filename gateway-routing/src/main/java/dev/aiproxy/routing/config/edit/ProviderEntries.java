package dev.aiproxy.routing.config.edit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Where a provider entry is written in a config file: one named entry of {@code openai-compatibility},
 * {@code azure-openai} or {@code providers}, or the {@code claude-api-key} / {@code gemini-api-key} entries that share a type and prefix
 * (named {@code claude} or {@code claude-<prefix>}, as the parser names them).
 *
 * @param section the top-level key the entries are under
 * @param named whether it is one named entry (else one entry per key)
 * @param entries the entries, in file order
 */
record ProviderEntries(String section, boolean named, List<MappingNode> entries) {
    static final List<String> NAMED_SECTIONS = List.of("openai-compatibility", "azure-openai", "providers");
    /** Sections of single-key entries, and the provider name their entries form (with {@code -prefix} when set). */
    static final Map<String, String> KEY_SECTIONS = keySections();

    private static Map<String, String> keySections() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("claude-api-key", "claude");
        m.put("gemini-api-key", "gemini");
        return m;
    }

    /** The entries of a provider, or null when the file has none of that name. */
    static ProviderEntries find(YamlDocument document, String provider) {
        for (String section : NAMED_SECTIONS) {
            for (MappingNode entry : entries(document, section)) {
                if (YamlDocument.get(entry, "name") instanceof ScalarNode n && n.getValue().strip().equals(provider)) {
                    return new ProviderEntries(section, true, List.of(entry));
                }
            }
        }
        for (Map.Entry<String, String> s : KEY_SECTIONS.entrySet()) {
            List<MappingNode> out = new ArrayList<>();
            for (MappingNode entry : entries(document, s.getKey())) {
                if (nameOf(entry, s.getValue()).equals(provider)) {
                    out.add(entry);
                }
            }
            if (!out.isEmpty()) {
                return new ProviderEntries(s.getKey(), false, out);
            }
        }
        return null;
    }

    /** The provider name a single-key entry belongs to. */
    static String nameOf(MappingNode keyEntry, String type) {
        String prefix = YamlDocument.get(keyEntry, "prefix") instanceof ScalarNode p && !p.getValue().isBlank()
                ? p.getValue().strip() : null;
        return prefix == null ? type : type + "-" + prefix;
    }

    /** The mappings of a top-level list. */
    static List<MappingNode> entries(YamlDocument document, String section) {
        List<MappingNode> out = new ArrayList<>();
        if (YamlDocument.get(document.root(), section) instanceof SequenceNode list) {
            for (Node item : list.getValue()) {
                if (item instanceof MappingNode m) {
                    out.add(m);
                }
            }
        }
        return out;
    }
}
