package dev.aiproxy.routing.config.internal;

import java.net.URI;
import org.yaml.snakeyaml.nodes.Node;

/** Reads a key's {@code proxy-url}. */
final class ProxyUrls {
    private ProxyUrls() {
    }

    /**
     * A key's {@code proxy-url}: an HTTP proxy, spoken to in plain HTTP (an https upstream is reached through it in
     * a CONNECT tunnel, TLS end to end). The JDK client can neither speak TLS to a proxy nor send proxy credentials
     * over CONNECT without a JVM-wide setting, so both are refused here rather than failing on every call.
     */
    static URI read(YamlNodes yaml, Node node, String path) {
        URI proxy = yaml.url(node, path);
        if (proxy == null) {
            return null;
        }
        if (proxy.getRawUserInfo() != null) {
            yaml.problem(node, path, "credentials in a proxy URL are not supported; use a proxy that admits the "
                    + "gateway without them");
            return null;
        }
        if (!"http".equalsIgnoreCase(proxy.getScheme())) {
            yaml.problem(node, path, "an https proxy (TLS to the proxy itself) is not supported; write http://"
                    + proxy.getHost() + (proxy.getPort() > 0 ? ":" + proxy.getPort() : "") + " (an https upstream is "
                    + "still reached over TLS, through a CONNECT tunnel)");
            return null;
        }
        return proxy;
    }
}
