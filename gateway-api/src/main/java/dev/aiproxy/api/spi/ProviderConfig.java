package dev.aiproxy.api.spi;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One configured upstream entry, as the config file describes it.
 *
 * @param name unique name of the entry, such as {@code deepseek}; credential ids and logs use it
 * @param type selects the {@link ProviderFactory}, such as {@code openai-compatible}
 * @param baseUrl the upstream's base URL, or null for the factory's default for {@code name}
 * @param prefix when set, clients reach this entry's models only as {@code prefix/model}
 * @param headers extra headers sent on every call
 * @param credentials the keys, each with its own settings; at least one
 * @param models the models served, with aliases; a credential's own list replaces this one for that key
 * @param excludedModels globs of models not served
 * @param options factory-specific settings, by name
 * @param connectTimeout how long to wait for a TCP (and TLS) connection
 * @param caCertificates trusted by this entry's TLS connections on top of the JDK's default trust anchors (the
 *     {@code ca-file} settings); {@link CaCertificates#NONE} by default
 */
public record ProviderConfig(String name, String type, URI baseUrl, String prefix, Map<String, String> headers,
        List<Credential> credentials, List<ModelMapping> models, List<String> excludedModels,
        Map<String, String> options, Duration connectTimeout, CaCertificates caCertificates) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    public ProviderConfig {
        requireNonNull(name, "name");
        requireNonNull(type, "type");
        prefix = prefix == null || prefix.isBlank() ? null : prefix;
        headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        credentials = List.copyOf(credentials);
        if (credentials.isEmpty()) {
            throw new IllegalArgumentException("provider '" + name + "' needs at least one credential");
        }
        models = models == null ? List.of() : List.copyOf(models);
        excludedModels = excludedModels == null ? List.of() : List.copyOf(excludedModels);
        options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        caCertificates = caCertificates == null ? CaCertificates.NONE : caCertificates;
    }

    public static Builder builder(String name, String type) {
        return new Builder(name, type);
    }

    public Builder toBuilder() {
        Builder b = new Builder(name, type);
        b.baseUrl = baseUrl;
        b.prefix = prefix;
        b.headers = new LinkedHashMap<>(headers);
        b.credentials = new ArrayList<>(credentials);
        b.models = new ArrayList<>(models);
        b.excludedModels = new ArrayList<>(excludedModels);
        b.options = new LinkedHashMap<>(options);
        b.connectTimeout = connectTimeout;
        b.caCertificates = caCertificates;
        return b;
    }

    /** The models a credential serves: its own list when it has one, else the provider's. */
    public List<ModelMapping> modelsOf(Credential credential) {
        return credential.models().isEmpty() ? models : credential.models();
    }

    /** Builds a {@link ProviderConfig}; not thread-safe. */
    public static final class Builder {
        private final String name;
        private final String type;
        private URI baseUrl;
        private String prefix;
        private Map<String, String> headers = new LinkedHashMap<>();
        private List<Credential> credentials = new ArrayList<>();
        private List<ModelMapping> models = new ArrayList<>();
        private List<String> excludedModels = new ArrayList<>();
        private Map<String, String> options = new LinkedHashMap<>();
        private Duration connectTimeout;
        private CaCertificates caCertificates = CaCertificates.NONE;

        private Builder(String name, String type) {
            this.name = name;
            this.type = type;
        }

        public Builder baseUrl(URI baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        public Builder baseUrl(String baseUrl) {
            return baseUrl(URI.create(baseUrl));
        }

        public Builder prefix(String prefix) {
            this.prefix = prefix;
            return this;
        }

        public Builder header(String name, String value) {
            this.headers.put(name, value);
            return this;
        }

        public Builder headers(Map<String, String> headers) {
            this.headers = new LinkedHashMap<>(headers);
            return this;
        }

        public Builder credentials(List<Credential> credentials) {
            this.credentials = new ArrayList<>(credentials);
            return this;
        }

        /** Adds a plain key with no settings of its own; its id is {@code name#index}. */
        public Builder apiKey(String key) {
            this.credentials.add(new Credential(name + "#" + credentials.size(),
                    key == null ? null : dev.aiproxy.api.Secret.of(key), null, null, null, null, null));
            return this;
        }

        public Builder models(List<ModelMapping> models) {
            this.models = new ArrayList<>(models);
            return this;
        }

        public Builder model(String name) {
            this.models.add(ModelMapping.of(name));
            return this;
        }

        public Builder model(String name, String alias) {
            this.models.add(new ModelMapping(name, alias));
            return this;
        }

        public Builder excludedModels(List<String> globs) {
            this.excludedModels = new ArrayList<>(globs);
            return this;
        }

        public Builder option(String key, String value) {
            this.options.put(key, value);
            return this;
        }

        public Builder options(Map<String, String> options) {
            this.options = new LinkedHashMap<>(options);
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** Certificates this entry's TLS connections trust on top of the JDK's default trust; replaces earlier ones. */
        public Builder caCertificates(CaCertificates caCertificates) {
            this.caCertificates = caCertificates;
            return this;
        }

        /**
         * Adds the certificates of a PEM file (a private or corporate CA) to those this entry's TLS connections trust
         * on top of the JDK's default trust. Reads the file now.
         *
         * @throws java.io.UncheckedIOException when the file cannot be read
         * @throws IllegalArgumentException when it holds no certificate or a block is not a valid certificate
         */
        public Builder caFile(java.nio.file.Path pemFile) {
            this.caCertificates = (caCertificates == null ? CaCertificates.NONE : caCertificates)
                    .and(CaCertificates.readPem(pemFile));
            return this;
        }

        /** @throws IllegalArgumentException when there is no credential */
        public ProviderConfig build() {
            return new ProviderConfig(name, type, baseUrl, prefix, headers, credentials, models, excludedModels,
                    options, connectTimeout, caCertificates);
        }
    }
}
