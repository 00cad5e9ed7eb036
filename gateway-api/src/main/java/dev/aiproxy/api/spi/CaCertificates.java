package dev.aiproxy.api.spi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Certificates an upstream's TLS connections trust on top of the JDK's default trust anchors, never instead of them:
 * a private CA, or the CA of a corporate proxy that inspects TLS. Immutable; two values are equal when they hold the
 * same certificates in the same order.
 *
 * @param certificates trust anchors, each once
 */
public record CaCertificates(List<X509Certificate> certificates) {
    /** Nothing beyond the JDK's default trust. */
    public static final CaCertificates NONE = new CaCertificates(List.of());
    private static final String BEGIN = "-----BEGIN CERTIFICATE-----";

    public CaCertificates {
        certificates = List.copyOf(new LinkedHashSet<>(certificates));
    }

    /** Whether there is nothing to add to the default trust. */
    public boolean isEmpty() {
        return certificates.isEmpty();
    }

    /** These certificates and then {@code more}'s, each once. */
    public CaCertificates and(CaCertificates more) {
        if (more.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return more;
        }
        List<X509Certificate> all = new ArrayList<>(certificates);
        all.addAll(more.certificates);
        return new CaCertificates(all);
    }

    /**
     * Reads a PEM file of one or more certificates ({@code -----BEGIN CERTIFICATE-----} blocks; text around the
     * blocks, as in the bundles that {@code openssl} or an operating system writes, is skipped).
     *
     * @throws UncheckedIOException when the file cannot be read, with the reason
     * @throws IllegalArgumentException when it holds no certificate, or a block is not a valid X.509 certificate
     */
    public static CaCertificates readPem(Path file) {
        byte[] pem;
        try {
            pem = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("no such file: " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e, e);
        }
        return parsePem(pem);
    }

    /**
     * Parses PEM text of one or more certificates.
     *
     * @throws IllegalArgumentException when it holds no certificate, or a block is not a valid X.509 certificate
     */
    public static CaCertificates parsePem(byte[] pem) {
        List<X509Certificate> out = new ArrayList<>();
        try {
            for (Certificate c : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem))) {
                out.add((X509Certificate) c);
            }
        } catch (CertificateException e) {
            if (!new String(pem, StandardCharsets.ISO_8859_1).contains(BEGIN)) {
                throw noCertificate();
            }
            throw new IllegalArgumentException("not a PEM file of X.509 certificates: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw noCertificate();
        }
        return new CaCertificates(out);
    }

    private static IllegalArgumentException noCertificate() {
        return new IllegalArgumentException("no certificate in it (expected PEM blocks from " + BEGIN
                + " to -----END CERTIFICATE-----)");
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("CaCertificates[");
        for (int i = 0; i < certificates.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(certificates.get(i).getSubjectX500Principal().getName());
        }
        return s.append(']').toString();
    }
}
