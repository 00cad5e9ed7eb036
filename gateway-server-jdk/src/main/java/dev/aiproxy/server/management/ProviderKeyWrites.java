package dev.aiproxy.server.management;

import dev.aiproxy.api.Secret;
import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.api.error.NotFoundException;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.KeyStatus;
import dev.aiproxy.routing.ProviderStatus;
import dev.aiproxy.routing.config.edit.KeyEntries;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The writes of a provider's keys, each made in the config file (comments kept, validated, atomic, made live through
 * the reload a hand edit takes), so that the file stays the one source of truth and a restart keeps the change:
 * {@code POST /providers/{name}/keys} adds a key, {@code PATCH /providers/{name}/keys/{fingerprint}} disables, enables
 * or reweighs one, {@code DELETE /providers/{name}/keys/{fingerprint}} removes one. An answer shows the key masked.
 */
final class ProviderKeyWrites {
    private static final int MAX_WEIGHT = 1_000_000;

    private final Gateway gateway;
    private final Supplier<ConfigFile> configFile;
    private final Function<String, ProviderStatus> entry;

    ProviderKeyWrites(Gateway gateway, Supplier<ConfigFile> configFile, Function<String, ProviderStatus> entry) {
        this.gateway = gateway;
        this.configFile = configFile;
        this.entry = entry;
    }

    /**
     * {@code POST /providers/{name}/keys}: the key, written as given (a {@code ${VAR}} reference stays one), with an
     * optional weight and the upstream models it alone serves.
     */
    record NewKey(String apiKey, Integer weight, List<String> models) {
    }

    /** {@code PATCH /providers/{name}/keys/{fingerprint}}: the fields to change; absent ones stay. */
    record KeyUpdate(Boolean disabled, Integer weight) {
    }

    ManagementAnswer add(ManagementRequest request) {
        ConfigFile file = ConfigResource.require(configFile.get());
        String name = request.path("name");
        ProviderStatus before = entry.apply(name);
        NewKey body = request.body(NewKey.class);
        if (body.apiKey() == null || body.apiKey().isBlank()) {
            throw new InvalidRequestException("field 'api_key' is required: the upstream key to add", "api_key", null);
        }
        String key = body.apiKey().strip();
        checkWeight(body.weight());
        List<String> models = body.models() == null ? List.of() : body.models();
        for (int i = 0; i < models.size(); i++) {
            if (models.get(i) == null || models.get(i).isBlank()) {
                throw new InvalidRequestException("field 'models[" + i + "]' must be an upstream model name",
                        "models", null);
            }
        }
        Set<String> known = fingerprints(before);
        if (!key.contains("${") && known.contains(Secret.of(key).fingerprint())) {
            throw ManagementException.conflict("provider '" + name + "' has this key already (fingerprint "
                    + Secret.of(key).fingerprint() + ")", "api_key");
        }
        edit(file, name, keys -> keys.add(name, key, body.weight(), models.stream().map(String::strip).toList()));
        KeyStatus added = entry.apply(name).keys().stream()
                .filter(k -> k.fingerprint() != null && !known.contains(k.fingerprint())).findFirst()
                .orElseThrow(() -> ManagementException.conflict("the key was written, but the running config has no "
                        + "new key for provider '" + name + "' (a ${VAR} that names an existing key?)", "api_key"));
        return ManagementAnswer.created(KeyView.Key.of(added));
    }

    ManagementAnswer update(ManagementRequest request) {
        ConfigFile file = ConfigResource.require(configFile.get());
        String name = request.path("name");
        String fingerprint = request.path("fingerprint");
        KeyStatus key = key(entry.apply(name), fingerprint);
        KeyUpdate body = request.body(KeyUpdate.class);
        if (body.disabled() == null && body.weight() == null) {
            throw new InvalidRequestException("the body changes nothing; send 'disabled' (true or false) and/or "
                    + "'weight'", null, null);
        }
        checkWeight(body.weight());
        int index = index(key);
        edit(file, name, keys -> {
            if (body.disabled() != null) {
                keys.setDisabled(name, index, fingerprint, body.disabled());
            }
            if (body.weight() != null) {
                keys.setWeight(name, index, fingerprint, body.weight());
            }
        });
        return ManagementAnswer.ok(KeyView.Key.of(key(entry.apply(name), fingerprint)));
    }

    ManagementAnswer remove(ManagementRequest request) {
        ConfigFile file = ConfigResource.require(configFile.get());
        String name = request.path("name");
        String fingerprint = request.path("fingerprint");
        ProviderStatus provider = entry.apply(name);
        KeyStatus key = key(provider, fingerprint);
        if (provider.keys().size() == 1) {
            throw ManagementException.conflict("key " + key.id() + " is the only key of provider '" + name + "'; "
                    + "a provider entry needs one (disable it instead, or remove the entry from the config file)",
                    null);
        }
        int index = index(key);
        edit(file, name, keys -> keys.remove(name, index, fingerprint));
        return ManagementAnswer.done();
    }

    /** @throws NotFoundException when the entry has no key of that fingerprint */
    static KeyStatus key(ProviderStatus provider, String fingerprint) {
        return provider.keys().stream().filter(k -> fingerprint.equals(k.fingerprint())
                        || k.fingerprint() == null && fingerprint.equals(k.id())).findFirst()
                .orElseThrow(() -> new NotFoundException("provider '" + provider.name() + "' has no key with the "
                        + "fingerprint '" + fingerprint + "' (GET /v0/management/providers/" + provider.name()
                        + " lists its keys)"));
    }

    private static Set<String> fingerprints(ProviderStatus provider) {
        Set<String> out = new HashSet<>();
        provider.keys().forEach(k -> out.add(k.fingerprint()));
        return out;
    }

    /** A key's place among its provider's keys: the {@code n} of {@code name#n}. */
    private static int index(KeyStatus key) {
        return Integer.parseInt(key.id().substring(key.id().lastIndexOf('#') + 1));
    }

    private static void checkWeight(Integer weight) {
        if (weight != null && (weight < 0 || weight > MAX_WEIGHT)) {
            throw new InvalidRequestException("field 'weight' must be 0.." + MAX_WEIGHT + ", was " + weight, "weight",
                    null);
        }
    }

    private static void edit(ConfigFile file, String provider, Consumer<KeyEntries> change) {
        file.editConfig(document -> {
            try {
                change.accept(new KeyEntries(document));
            } catch (IllegalArgumentException e) {
                throw ManagementException.conflict(e.getMessage() + " (it comes from the environment or from code, "
                        + "which the management API does not edit)", null);
            } catch (IllegalStateException e) {
                throw ManagementException.conflict(e.getMessage(), null);
            }
            return null;
        });
    }
}
