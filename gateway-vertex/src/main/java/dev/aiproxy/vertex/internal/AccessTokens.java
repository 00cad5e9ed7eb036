package dev.aiproxy.vertex.internal;

import com.google.auth.RequestMetadataCallback;
import com.google.auth.Retryable;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import dev.aiproxy.api.Secret;
import dev.aiproxy.api.error.ErrorType;
import dev.aiproxy.api.error.UpstreamException;
import dev.aiproxy.api.error.UpstreamTimeoutException;
import dev.aiproxy.api.spi.Credential;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The OAuth 2.0 access tokens of a Vertex entry's credentials, scoped to {@value #SCOPE}. A key's {@code api-key},
 * when set, is its own service-account key (the JSON itself, or the path of its file); keys without one share the
 * entry's {@code credentials} file, or else Application Default Credentials. Google's auth library caches each token,
 * refreshes it in the background once it is within minutes of expiring, and makes callers wait only when it has
 * expired, all of them on one refresh (https://github.com/googleapis/google-auth-library-java, "OAuth2Credentials").
 * Thread-safe.
 */
final class AccessTokens {
    /** The scope Vertex AI's generative methods need (https://cloud.google.com/vertex-ai/docs/reference/rest). */
    static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    /** As gateway-routing names an error that rejects the gateway's own credential, which takes the key out. */
    private static final String CREDENTIAL_REJECTED = "upstream_credential_rejected";
    private static final int MAX_REASON = 500;
    /** Runs the library's refreshes: each on a virtual thread of its own, so none holds a request's thread. */
    private static final Executor REFRESHER = task -> Thread.ofVirtual().name("gw-vertex-token-refresh").start(task);

    /** What a call sends to authenticate: the token, and headers the credentials add (a quota project). */
    record Authorization(Secret token, Map<String, String> headers) {
    }

    /** A key's credentials, and how messages name them: the service account and where its key came from. */
    private record Source(String description, GoogleCredentials credentials) {
    }

    /** The authorization last made for a key, and the library's metadata it was made from. */
    private record Made(Map<String, List<String>> metadata, Authorization authorization) {
    }

    private final Map<String, Source> byCredential;
    private final ConcurrentMap<String, Made> made = new ConcurrentHashMap<>();

    private AccessTokens(Map<String, Source> byCredential) {
        // in the keys' order: the first key's project is the entry's default
        this.byCredential = Collections.unmodifiableMap(new LinkedHashMap<>(byCredential));
    }

    /**
     * Reads every key's credentials; a file named by several keys, and Application Default Credentials, are read
     * once and shared, so they share one token.
     *
     * @param credentialsFile the entry's service-account key file, or null
     * @throws IllegalArgumentException when a key file cannot be read or is not a service-account key, or no
     *     Application Default Credentials are found; the message names the option, never the key's content
     */
    static AccessTokens load(List<Credential> credentials, Path credentialsFile) {
        Map<String, Source> sources = new HashMap<>();
        Map<String, Source> byCredential = new LinkedHashMap<>();
        for (Credential c : credentials) {
            String own = c.apiKey() == null ? null : c.apiKey().reveal().strip();
            Source source;
            if (own != null && own.startsWith("{")) {
                source = serviceAccount(own.getBytes(StandardCharsets.UTF_8), "the api-key of " + c.id(),
                        c.id() + " api-key");
            } else if (own != null) {
                source = sources.computeIfAbsent(own, f -> serviceAccount(Path.of(f), c.id() + " api-key"));
            } else if (credentialsFile != null) {
                source = sources.computeIfAbsent(credentialsFile.toString(),
                        f -> serviceAccount(credentialsFile, "options.credentials"));
            } else {
                source = sources.computeIfAbsent("", f -> applicationDefault());
            }
            byCredential.put(c.id(), source);
        }
        return new AccessTokens(byCredential);
    }

    /** The project of the first service-account key, which serves as the entry's default project; or null. */
    String defaultProject() {
        for (Source s : byCredential.values()) {
            if (s.credentials() instanceof ServiceAccountCredentials sa && sa.getProjectId() != null) {
                return sa.getProjectId();
            }
        }
        return null;
    }

    /**
     * The authorization of one call with {@code credential}: its current token, after waiting for a refresh when it
     * has expired. Blocks only then, for at most {@code wait}.
     *
     * @throws UpstreamTimeoutException when the refresh takes longer than {@code wait}
     * @throws UpstreamException (502) when no token could be had: retryable when the token endpoint could not be
     *     reached or failed, and as a rejected credential (taken out of rotation) when it refused the key
     */
    Authorization authorize(Credential credential, URI uri, Duration wait) {
        Source source = byCredential.get(credential.id());
        if (source == null) {
            throw new IllegalStateException("no credentials for " + credential.id() + " in this entry");
        }
        Map<String, List<String>> metadata = metadata(credential, source, uri, wait);
        Made last = made.get(credential.id());
        if (last != null && last.metadata() == metadata) {
            // the library hands out the same metadata until it refreshes: the token is unchanged
            return last.authorization();
        }
        Authorization authorization = authorization(credential, metadata);
        made.put(credential.id(), new Made(metadata, authorization));
        return authorization;
    }

    /**
     * The key's request metadata. The callback form, given an executor of its own: a token about to expire is
     * refreshed there while this call goes on with it, where the blocking form would refresh it on the caller's
     * thread; an expired one makes every caller wait for the same refresh.
     */
    private static Map<String, List<String>> metadata(Credential credential, Source source, URI uri, Duration wait) {
        CompletableFuture<Map<String, List<String>>> metadata = new CompletableFuture<>();
        source.credentials().getRequestMetadata(uri, REFRESHER, new RequestMetadataCallback() {
            @Override
            public void onSuccess(Map<String, List<String>> value) {
                metadata.complete(value);
            }

            @Override
            public void onFailure(Throwable failure) {
                metadata.completeExceptionally(failure);
            }
        });
        try {
            return metadata.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new UpstreamTimeoutException("an access token for " + credential.id() + " ("
                    + source.description() + ")", wait, e);
        } catch (ExecutionException e) {
            throw refreshFailed(credential, source, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw UpstreamException.unreachable("interrupted while waiting for an access token for "
                    + credential.id(), e);
        }
    }

    private static Authorization authorization(Credential credential, Map<String, List<String>> metadata) {
        String token = null;
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : metadata.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            String value = e.getValue().getFirst();
            if ("Authorization".equalsIgnoreCase(e.getKey()) && value.startsWith("Bearer ")) {
                token = value.substring("Bearer ".length());
            } else {
                headers.put(e.getKey(), value);
            }
        }
        if (token == null) {
            throw UpstreamException.badGateway("the credentials of " + credential.id() + " gave no bearer token", null);
        }
        return new Authorization(Secret.of(token), headers);
    }

    private static UpstreamException refreshFailed(Credential credential, Source source, Throwable e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getMessage().replaceAll("\\s+", " ").strip();
        if (reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON) + "...";
        }
        String message = "no Vertex AI access token for " + credential.id() + " (" + source.description() + "): "
                + reason;
        if (e instanceof Retryable r && !r.isRetryable()) {
            // the token endpoint refused the key itself, as a 401 from Vertex would: the key is out until the config
            // changes, and the client gets a 502, since the key is the gateway's, not the client's
            return new UpstreamException(502, ErrorType.UPSTREAM, message, CREDENTIAL_REJECTED, 401, true, null, e);
        }
        return UpstreamException.unreachable(message, e);
    }

    private static Source serviceAccount(Path file, String option) {
        byte[] json;
        try {
            json = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(option + ": no such file: " + file, e);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + ": cannot read " + file + ": " + e.getMessage(), e);
        }
        return serviceAccount(json, "key file " + file, option);
    }

    /**
     * @param description where the key came from, for messages
     * @param option the setting its errors name
     */
    private static Source serviceAccount(byte[] json, String description, String option) {
        try (InputStream in = new ByteArrayInputStream(json)) {
            ServiceAccountCredentials sa = ServiceAccountCredentials.fromStream(in);
            return new Source(sa.getClientEmail() + ", " + description, sa.createScoped(List.of(SCOPE)));
        } catch (IOException | UncheckedIOException e) {
            // the library's message names the missing field; the key itself is never quoted
            throw new IllegalArgumentException(option + ": not a service-account key: " + e.getMessage(), e);
        }
    }

    private static Source applicationDefault() {
        try {
            return new Source("Application Default Credentials",
                    GoogleCredentials.getApplicationDefault().createScoped(List.of(SCOPE)));
        } catch (IOException e) {
            throw new IllegalArgumentException("options.credentials: not set, and no Application Default Credentials "
                    + "were found (GOOGLE_APPLICATION_CREDENTIALS, gcloud auth application-default login, or a "
                    + "Google Cloud runtime): " + e.getMessage(), e);
        }
    }
}
