package dev.aiproxy.server.management;

import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.routing.GatewayResponse;
import dev.aiproxy.routing.config.ConfigException;
import dev.aiproxy.routing.config.ConfigProblem;
import dev.aiproxy.routing.config.edit.SecretValues;
import dev.aiproxy.server.internal.RequestBodies;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code GET /config}: the config file's text with its secrets redacted, and its version in {@code ETag};
 * {@code PUT /config}: the whole file replaced, when {@code If-Match} names the version now on disk. Secrets left as
 * {@value SecretValues#PLACEHOLDER} keep their values. A gateway whose config was not loaded from a file has nothing
 * to show or replace here (409).
 */
public final class ConfigResource implements ManagementApi.Resource {
    private final Supplier<ConfigFile> configFile;

    /** @param configFile the live config file, or null (through the supplier) when there is none */
    public ConfigResource(Supplier<ConfigFile> configFile) {
        this.configFile = configFile;
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.get("/config", this::read), Route.put("/config", this::replace));
    }

    /** What a replaced file answers: its new version and where it is. */
    public record Replaced(String etag, String path) {
    }

    private ManagementAnswer read(ManagementRequest request) {
        ConfigFile file = require(configFile.get());
        ConfigFile.Version version = file.read();
        String redacted;
        try {
            redacted = SecretValues.redact(version.text(), file.path().getFileName().toString());
        } catch (ConfigException e) {
            // a hand edit the watcher refused: its text cannot be sorted into secrets and the rest, so none is shown
            throw ManagementException.conflict("the config file on disk is not valid YAML, so it cannot be shown "
                    + "with its secrets redacted: " + e.problems().stream().map(ConfigProblem::toString)
                            .collect(Collectors.joining("; ")) + ". Fix it, or replace it with PUT /config", null);
        }
        return new ManagementAnswer.Raw(new GatewayResponse(200, Map.of("Content-Type",
                ConfigFile.YAML_TYPES.getFirst() + "; charset=utf-8", "ETag", quoted(version.etag()),
                "Cache-Control", "no-store"), new GatewayResponse.Bytes(redacted.getBytes(StandardCharsets.UTF_8))));
    }

    private ManagementAnswer replace(ManagementRequest request) {
        ConfigFile file = require(configFile.get());
        String ifMatch = ifMatch(request);
        String text = new String(RequestBodies.read(request.exchange(), ManagementRequest.MAX_BODY,
                ConfigFile.YAML_TYPES), StandardCharsets.UTF_8);
        String name = file.path().getFileName().toString();
        ConfigFile.Version now;
        try {
            now = file.replace(ifMatch, current -> SecretValues.restore(text, current, name));
        } catch (ConfigException e) {
            ConfigProblem first = e.problems().getFirst();
            throw new InvalidRequestException(e.problems().stream().map(ConfigProblem::toString)
                    .collect(Collectors.joining("; ")), first.key().isEmpty() ? null : first.key(), e);
        }
        return ManagementAnswer.json(200, new Replaced(now.etag(), file.path().toString()),
                Map.of("ETag", quoted(now.etag())));
    }

    /** The version {@code If-Match} names, without quotes; required. */
    static String ifMatch(ManagementRequest request) {
        String header = request.header("If-Match");
        if (header == null || header.isBlank()) {
            throw ManagementException.preconditionRequired("replacing the config file needs 'If-Match' with the "
                    + "ETag of the version it was made from (GET /v0/management/config answers it), so that two "
                    + "editors cannot overwrite each other");
        }
        String value = header.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        return value;
    }

    static String quoted(String etag) {
        return "\"" + etag + "\"";
    }

    /** The config file, or 409 when the gateway's config was not loaded from one. */
    static ConfigFile require(ConfigFile file) {
        if (file == null) {
            throw ManagementException.conflict("this gateway's config was not loaded from a file (it was built in "
                    + "code or from the environment), so there is no file to read or change; start it with "
                    + "--config FILE", null);
        }
        return file;
    }
}
