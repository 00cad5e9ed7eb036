package dev.aiproxy.routing.config;

/**
 * One problem in a config file, printed as {@code file:line: key: message}.
 *
 * @param line 1-based, or 0 when the problem has no single line
 * @param key the dotted path of the key, such as {@code openai-compatibility[1].base-url}
 */
public record ConfigProblem(String file, int line, String key, String message) {
    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + (key.isEmpty() ? "" : key + ": ") + message;
    }
}
