package io.herald.runtime.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;

/**
 * A service's effective configuration: the values of its declared keys from a properties file,
 * overridden by the environment, each remembering where it came from. Built by {@link ConfigLoader};
 * every present value was parsed and validated when it was loaded, so a bad value stops the service at
 * start-up with a message naming the key and its source.
 *
 * <p>Every {@code kafka.*} key is passed untouched to Kafka clients ({@link #kafka()}).
 */
public final class Config {
    /** Prefix of the one Kafka pass-through. */
    public static final String KAFKA_PREFIX = "kafka.";

    private final Map<String, Value> values;
    private final List<Key<?>> declared;
    private final List<String> warnings;

    Config(Map<String, Value> values, List<Key<?>> declared, List<String> warnings) {
        this.values = Map.copyOf(values);
        this.declared = List.copyOf(declared);
        this.warnings = List.copyOf(warnings);
    }

    /** A raw value and where it came from, e.g. {@code environment variable HERALD_ROUTER_THREADS}. */
    record Value(String raw, String origin) {
    }

    // ---- entry points ----------------------------------------------------------------------------

    /** Reads {@code --config FILE} (or {@code $HERALD_CONFIG}) and the environment. */
    public static Config fromArgs(String[] args, Map<String, String> env, Collection<KeyCatalogue> catalogues) {
        return new ConfigLoader(catalogues).file(ConfigLoader.configFile(args, env)).env(env).load();
    }

    /** The environment (or any map of environment names and dotted key names) without a file. */
    public static Config fromEnv(Map<String, String> env, Collection<KeyCatalogue> catalogues) {
        return new ConfigLoader(catalogues).env(env).load();
    }

    // ---- reading ---------------------------------------------------------------------------------

    /**
     * The value of {@code key}: as given, else its default; null when neither exists and the key is optional.
     *
     * @throws ConfigException when the key is required and not given
     */
    public <T> T get(Key<T> key) {
        Value v = values.get(key.name());
        if (v != null) return parse(key, v);
        if (key.defaultValue() == null && key.required()) {
            throw new ConfigException(key.name(), "missing required configuration " + key.name()
                    + " (set it in the configuration file or as " + key.envName() + ")");
        }
        return key.defaultValue();
    }

    /** The value of an optional key without a default. */
    public <T> Optional<T> optional(Key<T> key) {
        Value v = values.get(key.name());
        return v == null ? Optional.ofNullable(key.defaultValue()) : Optional.of(parse(key, v));
    }

    /**
     * The concrete keys of a per-id key: one per id of its list key, or, without one, one per id found in
     * the file or environment ({@code topics.notify.outcome.v1.retention}).
     */
    @SuppressWarnings("unchecked")
    public <T> List<Key<T>> concreteKeys(Key<T> template) {
        List<Key<T>> out = new ArrayList<>();
        for (Key<?> key : declared) {
            if (template.equals(key.template())) out.add((Key<T>) key);
        }
        return out;
    }

    /** Whether the key was given (file or environment), as opposed to defaulted. */
    public boolean isSet(Key<?> key) {
        return values.containsKey(key.name());
    }

    /** Where the key's value came from: {@code file …}, {@code environment variable …}, or {@code default}. */
    public String origin(Key<?> key) {
        Value v = values.get(key.name());
        return v == null ? "default" : v.origin();
    }

    /**
     * Every {@code kafka.*} setting with the prefix removed, for every Kafka client as it is; declared
     * {@code kafka.*} keys contribute their defaults.
     */
    public Map<String, String> kafka() {
        Map<String, String> out = new TreeMap<>();
        for (Key<?> key : declared) {
            if (key.name().startsWith(KAFKA_PREFIX) && key.defaultValue() != null) {
                out.put(key.name().substring(KAFKA_PREFIX.length()), Key.render(key.defaultValue()));
            }
        }
        values.forEach((name, v) -> {
            if (name.startsWith(KAFKA_PREFIX)) out.put(name.substring(KAFKA_PREFIX.length()), v.raw().trim());
        });
        return out;
    }

    /** Deprecation and unknown-key warnings from loading (also logged by {@link #log}). */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * The effective configuration, one {@code key = value  (origin)} line per key, secrets masked: every
     * declared key with a value or default, and every {@code kafka.*} pass-through.
     */
    public List<String> describe() {
        Map<String, String> lines = new TreeMap<>();
        for (Key<?> key : declared) {
            Value v = values.get(key.name());
            if (v == null && key.defaultValue() == null) continue;
            String shown = v == null ? Key.render(key.defaultValue()) : v.raw().trim();
            lines.put(key.name(), key.name() + " = " + Secrets.mask(key.secret(), shown) + "   (" + origin(key) + ")");
        }
        values.forEach((name, v) -> {
            if (name.startsWith(KAFKA_PREFIX) && !lines.containsKey(name)) {
                lines.put(name, name + " = " + Secrets.mask(Secrets.looksSecret(name), v.raw().trim()) + "   (" + v.origin() + ")");
            }
        });
        return new ArrayList<>(lines.values());
    }

    /** Logs the effective configuration of {@code service} (secrets masked) at INFO. */
    public void log(Logger log, String service) {
        log.info("{} configuration (secrets masked):{}{}", service, System.lineSeparator() + "  ",
                String.join(System.lineSeparator() + "  ", describe()));
    }

    /** A copy where {@code overrides} (dotted key names) win, e.g. addresses the local stack assigns. */
    public Config with(Map<String, String> overrides, String origin) {
        Map<String, Value> merged = new LinkedHashMap<>(values);
        overrides.forEach((k, v) -> merged.put(k, new Value(v, origin)));
        return new ConfigLoader(declaredCatalogue()).values(merged).load();
    }

    private List<KeyCatalogue> declaredCatalogue() {
        List<Key<?>> keys = new ArrayList<>();
        for (Key<?> k : declared) keys.add(k.template() != null ? k.template() : k);
        return List.of(new KeyCatalogue("all", "", keys.stream().distinct().toList(), List.of()));
    }

    private <T> T parse(Key<T> key, Value v) {
        try {
            return key.parse(v.raw());
        } catch (RuntimeException e) {
            String reason = key.secret() ? "the value is not valid (not shown: secret)" : e.getMessage();
            throw new ConfigException(key.name(), "bad value for " + key.name() + " (from " + v.origin() + "): " + reason, e);
        }
    }
}
