package dev.aiproxy.server.management;

import dev.aiproxy.api.error.NotFoundException;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.ProviderStatus;
import java.util.List;
import java.util.function.Supplier;

/**
 * The provider entries and their keys: {@code GET /providers} (every entry with its keys masked, their state,
 * cooldowns, recent traffic and last health check), {@code GET /providers/{name}}, and {@code DELETE
 * /providers/{name}/keys/{fingerprint}/cooldown}, which puts a key back in rotation at once (in memory only: a cooldown
 * is not part of the config). The key writes, which go to the config file, are {@link ProviderKeyWrites}.
 */
public final class ProvidersResource implements ManagementApi.Resource {
    private final Gateway gateway;
    private final ProviderKeyWrites writes;

    public ProvidersResource(Gateway gateway, Supplier<ConfigFile> configFile) {
        this.gateway = gateway;
        this.writes = new ProviderKeyWrites(gateway, configFile, this::entry);
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.get("/providers", this::list), Route.get("/providers/{name}", this::show),
                Route.delete("/providers/{name}/keys/{fingerprint}/cooldown", this::clearCooldown),
                Route.post("/providers/{name}/keys", writes::add),
                Route.patch("/providers/{name}/keys/{fingerprint}", writes::update),
                Route.delete("/providers/{name}/keys/{fingerprint}", writes::remove));
    }

    /** Every provider entry, in config order. */
    public record Providers(List<KeyView.Provider> providers) {
    }

    /** What clearing a cooldown did. */
    public record Cleared(boolean wasCooling, KeyView.Key key) {
    }

    private ManagementAnswer list(ManagementRequest request) {
        return ManagementAnswer.ok(new Providers(gateway.providers().stream()
                .map(p -> KeyView.Provider.of(p, gateway.modelLists())).toList()));
    }

    private ManagementAnswer show(ManagementRequest request) {
        return ManagementAnswer.ok(KeyView.Provider.of(entry(request.path("name")), gateway.modelLists()));
    }

    private ManagementAnswer clearCooldown(ManagementRequest request) {
        String name = request.path("name");
        String fingerprint = request.path("fingerprint");
        entry(name);
        boolean was = gateway.clearCooldown(name, fingerprint);
        return ManagementAnswer.ok(new Cleared(was, KeyView.Key.of(ProviderKeyWrites.key(entry(name), fingerprint))));
    }

    /** @throws NotFoundException when the live config has no entry of that name */
    ProviderStatus entry(String name) {
        return gateway.providers().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new NotFoundException("no provider entry is named '" + name + "' (GET "
                        + "/v0/management/providers lists them)"));
    }
}
