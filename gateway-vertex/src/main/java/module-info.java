/**
 * Google Vertex AI as an upstream ({@code type: vertex-ai}), registered through {@link java.util.ServiceLoader} like
 * any third party's provider. A module of its own: Google's auth library and what it brings reach only the
 * applications that use Vertex.
 */
// Google's auth library ships no module-info; its jars name themselves with Automatic-Module-Name, which is stable
@SuppressWarnings("requires-automatic")
module dev.aiproxy.vertex {
    requires transitive dev.aiproxy.api;
    requires dev.aiproxy.providers;
    requires com.fasterxml.jackson.databind;
    requires com.google.auth;
    requires com.google.auth.oauth2;

    exports dev.aiproxy.vertex;

    // the same factory as META-INF/services/dev.aiproxy.api.spi.ProviderFactory, which serves the class path
    provides dev.aiproxy.api.spi.ProviderFactory with dev.aiproxy.vertex.VertexAiProviderFactory;
}
