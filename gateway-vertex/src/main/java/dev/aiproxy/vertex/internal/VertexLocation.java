package dev.aiproxy.vertex.internal;

import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.providers.http.UpstreamHttp;
import java.net.URI;
import java.util.regex.Pattern;

/**
 * A Vertex AI project and location, and the URLs of its publishers' models: {@code POST
 * https://{location}-aiplatform.googleapis.com/v1/projects/{project}/locations/{location}/publishers/{publisher}/models/{model}:{method}},
 * on {@code aiplatform.googleapis.com} for the {@code global} location
 * (https://cloud.google.com/vertex-ai/generative-ai/docs/learn/locations).
 *
 * @param project the Google Cloud project id (or number)
 * @param location a region such as {@code us-central1}, or {@code global}
 */
record VertexLocation(String project, String location) {
    /** Project ids: letters, digits, '-', and a domain-scoped project's "example.com:" prefix. */
    private static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:-]*");
    private static final Pattern LOCATION = Pattern.compile("[a-z][a-z0-9-]*");
    /** Vertex's model ids: {@code gemini-2.5-flash}, {@code claude-sonnet-4-5@20250929}; nothing that changes the path. */
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]*");
    static final String GLOBAL = "global";

    /** @throws IllegalArgumentException when either is missing or not a name Google Cloud gives */
    VertexLocation {
        if (project == null || project.isBlank()) {
            throw new IllegalArgumentException("options.project: required, the Google Cloud project id (or the "
                    + "service account's project_id)");
        }
        if (!PROJECT.matcher(project).matches()) {
            throw new IllegalArgumentException("options.project: not a Google Cloud project id: \"" + project + "\"");
        }
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("options.location: required, a region such as us-central1, or global");
        }
        if (!LOCATION.matcher(location).matches()) {
            throw new IllegalArgumentException("options.location: not a region or 'global': \"" + location + "\"");
        }
    }

    /** Vertex AI's endpoint for this location, where calls go unless the entry sets a {@code base-url}. */
    URI endpoint() {
        return URI.create(GLOBAL.equals(location) ? "https://aiplatform.googleapis.com"
                : "https://" + location + "-aiplatform.googleapis.com");
    }

    /**
     * The URL of a generation.
     *
     * @param base the entry's or key's endpoint, {@link #endpoint()} by default
     * @throws InvalidRequestException when the model id would change the path
     */
    URI modelUrl(URI base, VertexPublisher publisher, String model, boolean stream) {
        if (!MODEL.matcher(model).matches()) {
            throw new InvalidRequestException("model '" + model + "' is not a Vertex AI model id (letters, digits, "
                    + "'.', '_', '-' and '@')", "model", null);
        }
        return UpstreamHttp.resolve(base, "/v1/projects/" + project + "/locations/" + location + "/publishers/"
                + publisher.id() + "/models/" + model + publisher.method(stream));
    }
}
