package dev.aiproxy.providers.http;

import dev.aiproxy.api.spi.CaCertificates;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS context of a provider whose entry trusts extra CAs ({@code ca-file}): the JDK's default trust anchors
 * (its {@code cacerts}, or the {@code javax.net.ssl.trustStore} the JVM was started with) plus the entry's
 * certificates, checked by the JDK's own PKIX trust manager, so chains, expiry and host names are verified as for
 * any other upstream.
 */
final class TlsTrust {
    private TlsTrust() {
    }

    /**
     * A context trusting the default anchors and {@code extra}.
     *
     * @throws IllegalStateException when the JDK cannot build one (a broken security setup, not a config error)
     */
    static SSLContext context(CaCertificates extra) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager(extra)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context with the configured CA certificates: " + e, e);
        }
    }

    /** The JDK's PKIX trust manager over the default anchors and {@code extra}. */
    static X509TrustManager trustManager(CaCertificates extra) throws GeneralSecurityException {
        KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            anchors.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("cannot create an empty key store", e);
        }
        int n = 0;
        for (X509Certificate c : defaultTrustManager().getAcceptedIssuers()) {
            anchors.setCertificateEntry("default-" + n++, c);
        }
        for (X509Certificate c : extra.certificates()) {
            anchors.setCertificateEntry("ca-file-" + n++, c);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(anchors);
        return x509(factory);
    }

    /** The trust manager of the JDK's default trust store. */
    static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        return x509(factory);
    }

    private static X509TrustManager x509(TrustManagerFactory factory) throws GeneralSecurityException {
        for (TrustManager m : factory.getTrustManagers()) {
            if (m instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the trust manager factory made no X.509 trust manager");
    }
}
