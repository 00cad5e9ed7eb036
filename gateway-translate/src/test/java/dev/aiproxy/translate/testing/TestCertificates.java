package dev.aiproxy.translate.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A test CA and a server certificate it signed for {@code 127.0.0.1} and {@code localhost}, made in memory (EC P-256,
 * valid from a day ago for two days), with the files TLS tests need: the CA as PEM (what a {@code ca-file} names) and
 * the server's key with its chain as a PKCS#12 key store (what WireMock's https loads). Making them takes
 * milliseconds, where {@code keytool} took seconds per step; no private key is committed, and nothing expires between
 * runs. The certificates are written as DER by hand: the JDK has no public API to issue one.
 */
public final class TestCertificates {
    /** The password of the key store and of its key. */
    public static final String PASSWORD = "changeit";

    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static TestCertificates shared;

    private final X509Certificate ca;
    private final X509Certificate server;
    private final PrivateKey serverKey;
    private final Path caPem;
    private final Path keyStore;

    private TestCertificates(String caName) throws GeneralSecurityException, IOException {
        KeyPair caKeys = keyPair();
        KeyPair serverKeys = keyPair();
        byte[] caSubject = name(caName);
        ca = certificate(caSubject, caSubject, caKeys, caKeys.getPrivate(), caExtensions());
        server = certificate(caSubject, name("localhost"), serverKeys, caKeys.getPrivate(), serverExtensions());
        serverKey = serverKeys.getPrivate();
        Path dir = Files.createTempDirectory("gateway-tls-");
        caPem = Files.writeString(dir.resolve("ca.pem"), pem(ca));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", serverKey, PASSWORD.toCharArray(), new Certificate[] {server, ca});
        keyStore = dir.resolve("server.p12");
        try (OutputStream out = Files.newOutputStream(keyStore)) {
            store.store(out, PASSWORD.toCharArray());
        }
        for (Path p : new Path[] {dir, caPem, keyStore}) {
            p.toFile().deleteOnExit();
        }
    }

    /** One set for the whole test run. */
    public static synchronized TestCertificates shared() {
        if (shared == null) {
            shared = create("Gateway Test CA");
        }
        return shared;
    }

    /** A new CA, with a server certificate of its own, that nothing else trusts. */
    public static TestCertificates create(String caName) {
        try {
            return new TestCertificates(caName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public X509Certificate ca() {
        return ca;
    }

    public X509Certificate server() {
        return server;
    }

    /** The CA certificate alone, as a PEM file. */
    public Path caPem() {
        return caPem;
    }

    /** A PKCS#12 key store with the entry {@code server}: the server's key, and its chain (server, CA). */
    public Path keyStore() {
        return keyStore;
    }

    /** A TLS context that presents the server certificate, for a test's own TLS server. */
    public SSLContext serverContext() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", serverKey, PASSWORD.toCharArray(), new Certificate[] {server, ca});
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Certificates as PEM text, one block each. */
    public static String pem(X509Certificate... certificates) {
        StringBuilder out = new StringBuilder();
        Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        for (X509Certificate c : certificates) {
            try {
                out.append("-----BEGIN CERTIFICATE-----\n").append(base64.encodeToString(c.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out.toString();
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** RFC 5280 4.1: a v3 certificate, signed with ECDSA over SHA-256. */
    private static X509Certificate certificate(byte[] issuer, byte[] subject, KeyPair keys, PrivateKey signer,
            byte[] extensions) throws GeneralSecurityException {
        Instant now = Instant.now();
        byte[] tbs = seq(
                der(0xA0, integer(BigInteger.TWO)),
                integer(new BigInteger(63, RANDOM).add(BigInteger.ONE)),
                seq(oid(ECDSA_WITH_SHA256)),
                issuer,
                seq(time(now.minus(Duration.ofDays(1))), time(now.plus(Duration.ofDays(1)))),
                subject,
                keys.getPublic().getEncoded(),
                der(0xA3, extensions));
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(signer);
        signature.update(tbs);
        byte[] signed = signature.sign();
        byte[] bits = new byte[signed.length + 1];
        System.arraycopy(signed, 0, bits, 1, signed.length);
        byte[] encoded = seq(tbs, seq(oid(ECDSA_WITH_SHA256)), der(0x03, bits));
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(encoded));
    }

    /** A CA: basic constraints CA (critical), key usage keyCertSign and cRLSign (critical). */
    private static byte[] caExtensions() {
        return seq(
                extension("2.5.29.19", true, seq(bool())),
                extension("2.5.29.15", true, der(0x03, new byte[] {1, 0x06})));
    }

    /** A TLS server: not a CA, digitalSignature, serverAuth, and the names 127.0.0.1 and localhost. */
    private static byte[] serverExtensions() {
        return seq(
                extension("2.5.29.19", true, seq()),
                extension("2.5.29.15", true, der(0x03, new byte[] {7, (byte) 0x80})),
                extension("2.5.29.37", false, seq(oid("1.3.6.1.5.5.7.3.1"))),
                extension("2.5.29.17", false, seq(
                        der(0x87, new byte[] {127, 0, 0, 1}),
                        der(0x82, "localhost".getBytes(StandardCharsets.US_ASCII)))));
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical ? seq(oid(oid), bool(), der(0x04, value)) : seq(oid(oid), der(0x04, value));
    }

    /** A name with one common name. */
    private static byte[] name(String commonName) {
        return seq(der(0x31, seq(oid("2.5.4.3"), der(0x0C, commonName.getBytes(StandardCharsets.UTF_8)))));
    }

    private static byte[] time(Instant t) {
        String utc = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC).format(t);
        return der(0x17, utc.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] bool() {
        return new byte[] {0x01, 0x01, (byte) 0xFF};
    }

    private static byte[] integer(BigInteger value) {
        return der(0x02, value.toByteArray());
    }

    private static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            long arc = Long.parseLong(arcs[i]);
            int shift = 63 - Long.numberOfLeadingZeros(arc | 1);
            for (int s = shift / 7 * 7; s > 0; s -= 7) {
                out.write((int) (arc >>> s) & 0x7F | 0x80);
            }
            out.write((int) arc & 0x7F);
        }
        return der(0x06, out.toByteArray());
    }

    private static byte[] seq(byte[]... parts) {
        return der(0x30, parts);
    }

    /** A DER value: tag, definite length, content. */
    private static byte[] der(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        int n = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(n + 4);
        out.write(tag);
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n & 0xFF);
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }
}
