/**
 * The Provider SPI: a {@link dev.aiproxy.api.spi.ProviderFactory} found through {@link java.util.ServiceLoader}
 * builds a {@link dev.aiproxy.api.spi.Provider} from its {@link dev.aiproxy.api.spi.ProviderConfig}. Built-in
 * providers register exactly as a third party's does, in
 * {@code META-INF/services/dev.aiproxy.api.spi.ProviderFactory}.
 */
package dev.aiproxy.api.spi;
