package dev.aiproxy.routing;

import java.util.List;

/**
 * A model clients can ask for.
 *
 * @param id the name clients use (alias and prefix applied)
 * @param provider the name of the first provider entry that serves it
 * @param servedBy every key of every entry that serves it, in the order routing tries them
 */
public record ModelInfo(String id, String provider, List<Serving> servedBy) {
    public ModelInfo {
        servedBy = List.copyOf(servedBy);
    }

    /** A model served by one provider entry, without the detail of its keys. */
    public ModelInfo(String id, String provider) {
        this(id, provider, List.of());
    }

    /**
     * One way a model is served.
     *
     * @param provider the provider entry's name
     * @param credential the key's stable id, such as {@code openai#1} (never the key)
     * @param upstreamModel the model name the upstream is sent
     */
    public record Serving(String provider, String credential, String upstreamModel) {
    }
}
