package dev.aiproxy.routing.config;

import java.util.List;

/** A config file was rejected; {@link #problems()} lists every problem found, each with file, line and key. */
public final class ConfigException extends RuntimeException {
    private final List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String describe(List<ConfigProblem> problems) {
        StringBuilder sb = new StringBuilder("invalid configuration (" + problems.size()
                + (problems.size() == 1 ? " problem" : " problems") + "):");
        for (ConfigProblem p : problems) {
            sb.append("\n  ").append(p);
        }
        return sb.toString();
    }
}
