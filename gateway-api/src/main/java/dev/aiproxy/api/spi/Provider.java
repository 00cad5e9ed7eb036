package dev.aiproxy.api.spi;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.GatewayException;

/**
 * One configured upstream: it speaks one wire format and sends requests for a given credential. A provider holds no
 * routing state; the gateway chooses the credential and the model. Implementations must be thread-safe.
 */
public interface Provider extends AutoCloseable {

    /** The configuration this provider was built from. */
    ProviderConfig config();

    /** The wire format of the bodies {@link #send} takes and returns. */
    ApiFormat format();

    /**
     * The wire format of the bodies {@link #send} takes and returns for one upstream model; {@link #format()} unless a
     * provider speaks several APIs, one per kind of model (Amazon Bedrock: Anthropic Messages for Claude, Converse for
     * the others). Must not block; called per request.
     */
    default ApiFormat format(String upstreamModel) {
        return format();
    }

    /** Whether {@link #send} accepts this operation; every provider can {@link Operation#GENERATE}. */
    default boolean supports(Operation operation) {
        return operation == Operation.GENERATE;
    }

    /**
     * Sends one request upstream and returns once the status and headers have arrived; the body is read from the
     * returned response, which the caller must close. Blocks: call it on a virtual thread.
     *
     * @throws GatewayException ({@code UpstreamException}, {@code UpstreamTimeoutException}) when no HTTP answer came;
     *     an HTTP error status is not thrown but returned, so the caller can read the body
     */
    UpstreamResponse send(UpstreamRequest request);

    /** Releases connections; in-flight calls may fail. */
    @Override
    default void close() {
    }
}
