package dev.aiproxy.bedrock.internal;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs a request with AWS Signature Version 4 (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html)
 * through AWS's own signer, {@link AwsV4HttpSigner}, rather than a hand-written canonical request. Thread-safe.
 */
public final class SigV4Signer {
    /** The headers the transport sets from the URL itself: signed, never copied onto the call. */
    private static final String HOST = "Host";

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final String service;
    private final String region;
    private final Clock clock;

    /**
     * @param service the signing name ({@code bedrock} for Bedrock's runtime)
     * @param region such as {@code us-east-1}
     * @param clock the signing time's source; the system clock in use, a fixed one in tests
     */
    public SigV4Signer(String service, String region, Clock clock) {
        this.service = service;
        this.region = region;
        this.clock = clock;
    }

    /**
     * The headers that authorise the request: {@code Authorization}, {@code X-Amz-Date} and, for temporary
     * credentials, {@code X-Amz-Security-Token}, plus any other the signer adds. {@code Host} is signed (from the URL,
     * as the transport sends it) but not returned.
     *
     * @param headers the headers that are sent and signed, besides {@code Host}
     * @param body the payload, empty for a GET
     */
    public Map<String, String> sign(String method, URI uri, Map<String, String> headers, byte[] body,
            AwsCredentialsIdentity credentials) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        headers.forEach(request::putHeader);
        SignedRequest signed = signer.sign(r -> r.identity(credentials)
                .request(request.build())
                .payload(body.length == 0 ? null : ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        Map<String, String> added = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
            String name = header.getKey();
            if (!name.equalsIgnoreCase(HOST) && !headers.containsKey(name) && !header.getValue().isEmpty()) {
                added.put(name, header.getValue().getFirst());
            }
        }
        return added;
    }
}
