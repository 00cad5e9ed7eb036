package dev.aiproxy.api.spi;

import static java.util.Objects.requireNonNull;

/**
 * One model a provider serves: {@code name} is the upstream's model id, {@code alias} the name clients use for it
 * (null when they use the upstream name).
 */
public record ModelMapping(String name, String alias) {
    public ModelMapping {
        requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a model name must not be blank");
        }
        alias = alias == null || alias.isBlank() ? null : alias;
    }

    public static ModelMapping of(String name) {
        return new ModelMapping(name, null);
    }

    /** The name clients use: the alias when there is one, else the upstream name. */
    public String visibleName() {
        return alias != null ? alias : name;
    }
}
