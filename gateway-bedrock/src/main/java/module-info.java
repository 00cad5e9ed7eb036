/**
 * Amazon Bedrock as an upstream ({@code type: bedrock}), registered through {@link java.util.ServiceLoader} exactly as
 * a third party's provider would be. A module of its own, so that an application that does not use Bedrock does not
 * carry the AWS libraries.
 */
module dev.aiproxy.bedrock {
    requires transitive dev.aiproxy.api;
    requires dev.aiproxy.translate;
    requires dev.aiproxy.providers;
    requires com.fasterxml.jackson.databind;
    requires software.amazon.awssdk.http.auth.aws;
    requires software.amazon.awssdk.http.auth.spi;
    requires software.amazon.awssdk.identity.spi;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.auth;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.eventstream;

    exports dev.aiproxy.bedrock;

    // the same factory as META-INF/services/dev.aiproxy.api.spi.ProviderFactory, which serves the class path
    provides dev.aiproxy.api.spi.ProviderFactory with dev.aiproxy.bedrock.BedrockProviderFactory;
}
