package dev.aiproxy.routing.config.internal;

import static dev.aiproxy.routing.config.internal.YamlNodes.join;

import dev.aiproxy.routing.config.SystemPrompt;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/** Reads a {@code system-prompt}: a string prepends; {@code {mode: prepend|replace, text}} says which. */
final class SystemPrompts {
    private static final Set<String> KEYS = Set.of("mode", "text");

    private SystemPrompts() {
    }

    /** The prompt, or null when absent or broken (the problem is recorded). */
    static SystemPrompt parse(YamlNodes yaml, Node node, String path) {
        if (node == null) {
            return null;
        }
        if (!(node instanceof MappingNode)) {
            String text = yaml.string(node, path);
            return text == null || text.isBlank() ? null : new SystemPrompt(SystemPrompt.Mode.PREPEND, text);
        }
        Map<String, Node> m = yaml.mapping(node, path, KEYS);
        String text = yaml.string(m.get("text"), join(path, "text"));
        String mode = yaml.string(m.get("mode"), join(path, "mode"));
        if (text == null || text.isBlank()) {
            yaml.problem(node, join(path, "text"), "required: the prompt's text");
            return null;
        }
        SystemPrompt.Mode parsed = SystemPrompt.Mode.PREPEND;
        if (mode != null) {
            try {
                parsed = SystemPrompt.Mode.valueOf(mode.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                yaml.problem(m.get("mode"), join(path, "mode"), "expected prepend or replace, got \"" + mode + "\"");
            }
        }
        return new SystemPrompt(parsed, text);
    }
}
