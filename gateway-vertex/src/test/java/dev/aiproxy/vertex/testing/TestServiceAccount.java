package dev.aiproxy.vertex.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

/**
 * A service-account key made for a test: a fresh RSA key pair, in the JSON Google Cloud writes when it creates a key
 * (https://cloud.google.com/iam/docs/keys-create-delete, "Create a service account key": type, project_id,
 * private_key_id, private_key in PKCS#8 PEM, client_email, client_id, token_uri), with {@code token_uri} pointing at
 * a local fake. Nothing in it is valid anywhere else.
 *
 * @param publicKey verifies the assertions signed with the private key
 */
public record TestServiceAccount(String projectId, String clientEmail, URI tokenUri, RSAPublicKey publicKey,
        String json) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A new key for {@code project}, whose tokens come from {@code tokenUri}. */
    public static TestServiceAccount create(String project, URI tokenUri) {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        String email = "gateway-test@" + project + ".iam.gserviceaccount.com";
        ObjectNode key = JSON.createObjectNode()
                .put("type", "service_account")
                .put("project_id", project)
                .put("private_key_id", "0123456789abcdef0123456789abcdef01234567")
                .put("private_key", pem)
                .put("client_email", email)
                .put("client_id", "101234567890123456789")
                .put("auth_uri", "https://accounts.google.com/o/oauth2/auth")
                .put("token_uri", tokenUri.toString())
                .put("universe_domain", "googleapis.com");
        return new TestServiceAccount(project, email, tokenUri, (RSAPublicKey) pair.getPublic(), key.toString());
    }

    /** Writes the key to {@code dir/<name>} and returns its path. */
    public Path write(Path dir, String name) {
        try {
            return Files.writeString(dir.resolve(name), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
