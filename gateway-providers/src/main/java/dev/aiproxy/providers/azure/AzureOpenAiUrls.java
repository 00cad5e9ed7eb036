package dev.aiproxy.providers.azure;

import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.api.spi.Operation;
import java.net.URI;
import java.util.regex.Pattern;

/**
 * Azure OpenAI's URLs, in its two schemes. With a dated {@code api-version} (the GA and preview data-plane inference
 * API, https://learn.microsoft.com/azure/ai-foundry/openai/reference): the deployment is in the path,
 * {@code {endpoint}/openai/deployments/{deployment}/chat/completions?api-version=2024-10-21}. With {@code v1} (the
 * v1 API, https://learn.microsoft.com/azure/ai-foundry/openai/api-version-lifecycle): no version parameter, the
 * deployment goes in the body's {@code model}, {@code {endpoint}/openai/v1/chat/completions}.
 */
final class AzureOpenAiUrls {
    /** The value of {@code api-version} that selects the v1 scheme. */
    static final String V1 = "v1";
    /** A dated version as Azure names them: {@code 2024-10-21}, {@code 2025-04-01-preview}. */
    private static final Pattern DATED = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(-preview)?");
    /** Azure's deployment names: letters, digits, '-', '_' and '.', which need no escaping in a path. */
    private static final Pattern DEPLOYMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private AzureOpenAiUrls() {
    }

    /** @throws IllegalArgumentException when the version is neither {@code v1} nor a dated one */
    static String checkVersion(String apiVersion) {
        if (!V1.equals(apiVersion) && !DATED.matcher(apiVersion).matches()) {
            throw new IllegalArgumentException("api-version: \"" + apiVersion + "\" is neither 'v1' nor a dated "
                    + "version such as '2024-10-21' or '2025-04-01-preview'");
        }
        return apiVersion;
    }

    /**
     * The URL of one call. A model list is {@code /openai/v1/models} or {@code /openai/models?api-version=...}: the
     * models the resource can deploy, which costs nothing (it serves the health check).
     *
     * @param endpoint the resource's endpoint, such as {@code https://my-resource.openai.azure.com}; a trailing
     *     {@code /openai} or {@code /openai/v1}, which users copy from Azure's samples, is ignored
     * @throws InvalidRequestException when a deployment name in the dated scheme is not one Azure allows, since it
     *     would change the path
     */
    static URI of(URI endpoint, String apiVersion, String deployment, Operation operation) {
        String root = root(endpoint);
        boolean v1 = V1.equals(apiVersion);
        if (operation == Operation.LIST_MODELS) {
            return URI.create(v1 ? root + "/openai/v1/models" : root + "/openai/models?api-version=" + apiVersion);
        }
        if (operation != Operation.GENERATE) {
            throw new IllegalStateException("Azure OpenAI serves no " + operation);
        }
        if (v1) {
            return URI.create(root + "/openai/v1/chat/completions");
        }
        if (!DEPLOYMENT.matcher(deployment).matches()) {
            throw new InvalidRequestException("model '" + deployment + "' is not an Azure deployment name (letters, "
                    + "digits, '.', '_' and '-')", "model", null);
        }
        return URI.create(root + "/openai/deployments/" + deployment + "/chat/completions?api-version="
                + apiVersion);
    }

    private static String root(URI endpoint) {
        String b = endpoint.toString();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        for (String tail : new String[] {"/openai/v1", "/openai"}) {
            if (b.endsWith(tail)) {
                return b.substring(0, b.length() - tail.length());
            }
        }
        return b;
    }
}
