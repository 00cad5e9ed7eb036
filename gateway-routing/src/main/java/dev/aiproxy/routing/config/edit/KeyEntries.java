package dev.aiproxy.routing.config.edit;

import static java.util.Objects.requireNonNull;

import dev.aiproxy.api.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Edits of a provider's keys in a config file's {@link YamlDocument}: add one, set its {@code disabled} flag or
 * {@code weight}, remove it. A key is found by its place among its provider's keys, as the parser numbers them (the
 * {@code n} of {@code openai#n}: a named entry's {@code api-key-entries}, then its {@code api-keys}; the
 * {@code claude-api-key} or {@code gemini-api-key} entries of that type and prefix), and, where the file writes the key
 * itself rather than a {@code ${VAR}}, checked against the fingerprint the caller expects, so a file changed by hand
 * since it was loaded is not edited at the wrong place. Not thread-safe.
 */
public final class KeyEntries {
    private final YamlDocument document;

    public KeyEntries(YamlDocument document) {
        this.document = requireNonNull(document, "document");
    }

    /** One key's place in the file: its mapping (null for a plain {@code api-keys} item), its list and index. */
    private record Place(MappingNode entry, SequenceNode list, int index) {
    }

    /**
     * Adds a key at the end of its provider's keys: a new {@code api-key-entries} item of a named entry, or a new
     * {@code claude-api-key} / {@code gemini-api-key} entry with the provider's prefix and its first entry's
     * {@code base-url}.
     *
     * @param apiKey the key, or a {@code ${VAR}} reference, written as given
     * @param weight null to leave the default
     * @param models the upstream model names this key serves; empty for its provider's list
     * @throws IllegalArgumentException when the file has no provider entry of that name
     */
    public void add(String provider, String apiKey, Integer weight, List<String> models) {
        ProviderEntries found = entries(provider);
        MappingNode entry = YamlDocument.emptyMapping();
        YamlDocument.put(entry, "api-key", YamlDocument.scalar(apiKey));
        if (found.named()) {
            YamlDocument.list(found.entries().getFirst(), "api-key-entries", document.fileName()).getValue()
                    .add(entry);
        } else {
            MappingNode first = found.entries().getFirst();
            for (String inherited : List.of("prefix", "base-url")) {
                Node value = YamlDocument.get(first, inherited);
                if (value instanceof ScalarNode s) {
                    YamlDocument.put(entry, inherited, YamlDocument.scalar(s.getValue()));
                }
            }
            ((SequenceNode) YamlDocument.get(document.root(), found.section())).getValue().add(entry);
        }
        if (weight != null) {
            YamlDocument.put(entry, "weight", YamlDocument.number(weight));
        }
        if (!models.isEmpty()) {
            YamlDocument.put(entry, "models", YamlDocument.of(models.stream().map(m -> Map.of("name", m)).toList()));
        }
    }

    /**
     * Sets or clears a key's {@code disabled} flag ({@code false} removes the line: it is the default).
     *
     * @throws IllegalStateException when the key is a plain {@code api-keys} item, which has no settings, or the file
     *     no longer holds that key at that place
     */
    public void setDisabled(String provider, int index, String fingerprint, boolean disabled) {
        MappingNode entry = settable(provider, index, fingerprint);
        if (disabled) {
            YamlDocument.put(entry, "disabled", YamlDocument.of(Boolean.TRUE));
        } else {
            YamlDocument.remove(entry, "disabled");
        }
    }

    /** Sets a key's {@code weight}; throws as {@link #setDisabled}. */
    public void setWeight(String provider, int index, String fingerprint, int weight) {
        YamlDocument.put(settable(provider, index, fingerprint), "weight", YamlDocument.number(weight));
    }

    /**
     * Removes a key from the file. The caller keeps at least one key per provider: a named entry without keys would
     * read as a key-less local upstream.
     *
     * @throws IllegalStateException when the file no longer holds that key at that place
     */
    public void remove(String provider, int index, String fingerprint) {
        Place place = place(provider, index, fingerprint);
        place.list().getValue().remove(place.index());
    }

    private MappingNode settable(String provider, int index, String fingerprint) {
        Place place = place(provider, index, fingerprint);
        if (place.entry() == null) {
            throw new IllegalStateException("key " + provider + "#" + index + " is a plain 'api-keys' item, which "
                    + "has no settings of its own; write it as an 'api-key-entries' item to manage it");
        }
        return place.entry();
    }

    private ProviderEntries entries(String provider) {
        ProviderEntries found = ProviderEntries.find(document, provider);
        if (found == null) {
            throw new IllegalArgumentException("the config file has no provider entry named '" + provider + "'");
        }
        return found;
    }

    private Place place(String provider, int index, String fingerprint) {
        ProviderEntries found = entries(provider);
        List<Place> places = new ArrayList<>();
        if (found.named()) {
            MappingNode entry = found.entries().getFirst();
            if (YamlDocument.get(entry, "api-key-entries") instanceof SequenceNode list) {
                for (int i = 0; i < list.getValue().size(); i++) {
                    places.add(new Place(list.getValue().get(i) instanceof MappingNode m ? m : null, list, i));
                }
            }
            if (YamlDocument.get(entry, "api-keys") instanceof SequenceNode plain) {
                for (int i = 0; i < plain.getValue().size(); i++) {
                    places.add(new Place(null, plain, i));
                }
            }
        } else {
            SequenceNode section = (SequenceNode) YamlDocument.get(document.root(), found.section());
            for (MappingNode entry : found.entries()) {
                places.add(new Place(entry, section, section.getValue().indexOf(entry)));
            }
        }
        if (index < 0 || index >= places.size()) {
            throw new IllegalStateException("the config file has no key " + provider + "#" + index
                    + "; it changed since it was loaded");
        }
        Place place = places.get(index);
        Node value = place.entry() != null ? YamlDocument.get(place.entry(), "api-key")
                : place.list().getValue().get(place.index());
        if (fingerprint != null && value instanceof ScalarNode s && !s.getValue().contains("${")
                && !s.getValue().isBlank() && !Secret.of(s.getValue().strip()).fingerprint().equals(fingerprint)) {
            throw new IllegalStateException("the config file's key " + provider + "#" + index + " is not the one "
                    + "running (fingerprint " + fingerprint + "); the file changed since it was loaded");
        }
        return place;
    }
}
