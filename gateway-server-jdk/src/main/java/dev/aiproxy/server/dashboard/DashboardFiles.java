package dev.aiproxy.server.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's files, read from the class path once: its own under {@value #OWN}, and uPlot's from its WebJar
 * ({@value #UPLOT}), served as {@code vendor/uPlot.*}. A fixed list: nothing else in the jar can be asked for by name.
 */
final class DashboardFiles {
    static final String OWN = "dev/aiproxy/server/dashboard/";
    static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";

    /** What the dashboard serves, by the name under /dashboard/, and where it is on the class path. */
    static final Map<String, String> SOURCES = sources();

    private final Map<String, File> files;

    /** One file: its bytes, type and version. */
    record File(byte[] bytes, String contentType, String etag) {
    }

    private DashboardFiles(Map<String, File> files) {
        this.files = Map.copyOf(files);
    }

    private static Map<String, String> sources() {
        Map<String, String> sources = new LinkedHashMap<>();
        for (String own : List.of("index.html", "style.css", "app.js", "api.js", "feed.js", "format.js",
                "overview.js", "charts.js", "providers.js", "clients.js", "models.js", "config.js",
                "favicon.svg")) {
            sources.put(own, OWN + own);
        }
        sources.put("vendor/uPlot.iife.min.js", UPLOT + "uPlot.iife.min.js");
        sources.put("vendor/uPlot.min.css", UPLOT + "uPlot.min.css");
        return sources;
    }

    /**
     * Reads every file.
     *
     * @throws IllegalStateException when one is missing from the class path: the jar was built wrong
     */
    static DashboardFiles load() {
        Map<String, File> files = new LinkedHashMap<>();
        SOURCES.forEach((name, resource) -> {
            // the own files through the class (found in this module on a module path), the WebJar's through the loader
            try (InputStream in = resource.startsWith(OWN) ? DashboardFiles.class.getResourceAsStream("/" + resource)
                    : DashboardFiles.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("the dashboard's file " + resource + " is not on the class path");
                }
                byte[] bytes = in.readAllBytes();
                files.put(name, new File(bytes, contentType(name), "\"" + sha256(bytes).substring(0, 32) + "\""));
            } catch (IOException e) {
                throw new UncheckedIOException("reading the dashboard's file " + resource, e);
            }
        });
        return new DashboardFiles(files);
    }

    /** The file served as {@code name}, or null. */
    File find(String name) {
        return files.get(name);
    }

    /** Every file, by name. */
    Map<String, File> all() {
        return files;
    }

    static String contentType(String name) {
        String extension = name.substring(name.lastIndexOf('.') + 1);
        return switch (extension) {
            case "html" -> "text/html; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "svg" -> "image/svg+xml";
            default -> throw new IllegalArgumentException("no content type for the dashboard's file " + name);
        };
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
