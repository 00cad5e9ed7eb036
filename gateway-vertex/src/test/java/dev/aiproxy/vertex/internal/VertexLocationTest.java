package dev.aiproxy.vertex.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class VertexLocationTest {

    @Test
    void aRegionHasItsOwnEndpoint() {
        VertexLocation location = new VertexLocation("my-project", "europe-west4");

        assertThat(location.endpoint()).isEqualTo(URI.create("https://europe-west4-aiplatform.googleapis.com"));
        assertThat(location.modelUrl(location.endpoint(), VertexPublisher.GOOGLE, "gemini-2.5-pro", true))
                .hasToString("https://europe-west4-aiplatform.googleapis.com/v1/projects/my-project/locations/"
                        + "europe-west4/publishers/google/models/gemini-2.5-pro:streamGenerateContent?alt=sse");
    }

    @Test
    void theGlobalLocationIsServedByTheEndpointWithoutARegion() {
        VertexLocation location = new VertexLocation("my-project", "global");

        assertThat(location.modelUrl(location.endpoint(), VertexPublisher.ANTHROPIC, "claude-opus-4-1@20250805",
                false)).hasToString("https://aiplatform.googleapis.com/v1/projects/my-project/locations/global/"
                        + "publishers/anthropic/models/claude-opus-4-1@20250805:rawPredict");
    }

    @Test
    void aPrivateEndpointKeepsThePath() {
        VertexLocation location = new VertexLocation("my-project", "us-east5");

        assertThat(location.modelUrl(URI.create("https://vertex.internal.example.com/"), VertexPublisher.ANTHROPIC,
                "claude-sonnet-4-5@20250929", true)).hasToString("https://vertex.internal.example.com/v1/projects/"
                        + "my-project/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929"
                        + ":streamRawPredict");
    }

    @Test
    void aLocationThatIsNoRegionNameIsRefused() {
        assertThatThrownBy(() -> new VertexLocation("my-project", "us-central1/../x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("options.location");
        assertThatThrownBy(() -> new VertexLocation(null, "us-central1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("options.project: required");
    }
}
