package dev.aiproxy.api.spi;

/**
 * Creates providers of one type. Implementations are found with {@link java.util.ServiceLoader}, so they need a public
 * no-argument constructor and a line in {@code META-INF/services/dev.aiproxy.api.spi.ProviderFactory}.
 */
public interface ProviderFactory {

    /** The {@code type} this factory serves in the config, such as {@code openai-compatible}; unique. */
    String type();

    /**
     * Builds a provider for one configured entry. Called again on every config reload that changes the entry.
     *
     * @throws IllegalArgumentException when the entry is unusable; the message names the field and the value
     */
    Provider create(ProviderConfig config);
}
