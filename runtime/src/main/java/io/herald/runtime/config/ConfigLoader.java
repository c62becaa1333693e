package io.herald.runtime.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link Config} from a properties file and the environment. Precedence, lowest first: the
 * key's default, the file, a deprecated environment name, the environment name.
 *
 * <h2>Environment names</h2>
 * A key {@code foo.bar-baz} is {@code HERALD_FOO_BAR_BAZ}: {@code HERALD_}, then the name upper-cased with
 * dots and dashes as underscores. That is not reversible on its own, so environment names are resolved
 * against the declared keys, never guessed:
 * <ol>
 *   <li>a name equal to a declared key's environment name is that key (no two declared keys may share one);</li>
 *   <li>per-id keys ({@code email.provider.<id>.max-rate}) are matched for each id listed by their list key
 *       ({@code email.providers=smtp-primary}): {@code HERALD_EMAIL_PROVIDER_SMTP_PRIMARY_MAX_RATE}. Ids are
 *       {@code a-z 0-9 -}, so their environment form maps back one-to-one. Per-id keys without a list key
 *       (per-topic settings) take the id from the name, underscores read as dots
 *       ({@code HERALD_TOPICS_NOTIFY_OUTCOME_V1_RETENTION} → {@code topics.notify.outcome.v1.retention});</li>
 *   <li>any other {@code HERALD_KAFKA_*} is a Kafka client setting, underscores read as dots
 *       ({@code HERALD_KAFKA_SASL_JAAS_CONFIG} → {@code kafka.sasl.jaas.config});</li>
 *   <li>a map entry that already is a dotted key name ({@code kafka.bootstrap.servers}) is taken as it is, so
 *       tests and the local stack can pass key names directly.</li>
 * </ol>
 * Deprecated names ({@link Key.Builder#legacy}) and {@code KAFKA_*} still work for one release, each with a
 * warning naming the new key.
 */
public final class ConfigLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
    private static final String LEGACY_KAFKA_PREFIX = "KAFKA_";
    /** Origin of values given by {@link #defaults(Map)}. */
    public static final String PROVIDED_DEFAULT = "default of the launcher";

    private final List<Key<?>> plain = new ArrayList<>();
    private final List<Key<?>> templates = new ArrayList<>();
    private final Set<String> knownTopLevels = new HashSet<>();
    private Path file;
    private Map<String, String> env = Map.of();
    private Map<String, Config.Value> preset;
    private Map<String, String> defaults = Map.of();

    public ConfigLoader(Collection<KeyCatalogue> catalogues) {
        for (KeyCatalogue catalogue : catalogues) {
            knownTopLevels.addAll(catalogue.owns());
            for (Key<?> key : catalogue.keys()) {
                if (plain.contains(key) || templates.contains(key)) continue;
                (key.isTemplate() ? templates : plain).add(key);
            }
        }
    }

    /** The properties file, or null for none. */
    public ConfigLoader file(Path file) {
        this.file = file;
        return this;
    }

    public ConfigLoader env(Map<String, String> env) {
        this.env = Map.copyOf(env);
        return this;
    }

    /**
     * Values below the file and the environment, as if they were the keys' defaults (origin {@link #PROVIDED_DEFAULT}),
     * e.g. the provider ids of the local stack's sinks, so that per-id keys of those ids are read from the environment.
     */
    public ConfigLoader defaults(Map<String, String> defaults) {
        this.defaults = Map.copyOf(defaults);
        return this;
    }

    ConfigLoader values(Map<String, Config.Value> values) {
        this.preset = values;
        return this;
    }

    /** The file named by {@code --config FILE} / {@code --config=FILE}, else by {@code $HERALD_CONFIG}, else null. */
    public static Path configFile(String[] args, Map<String, String> env) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) return Path.of(args[i + 1]);
            if (args[i].startsWith("--config=")) return Path.of(args[i].substring("--config=".length()));
        }
        String fromEnv = env.get("HERALD_CONFIG");
        return fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv.trim());
    }

    /** Loads and validates every given value; throws {@link ConfigException} naming the first bad key. */
    public Config load() {
        List<String> warnings = new ArrayList<>();
        Map<String, Config.Value> values = preset != null ? new LinkedHashMap<>(preset) : new LinkedHashMap<>();
        Set<String> fromEnv = new HashSet<>();
        if (preset == null) {
            defaults.forEach((k, v) -> values.put(k, new Config.Value(v, PROVIDED_DEFAULT)));
            readFile(values, warnings);
            readEnv(values, fromEnv, warnings);
        }

        List<Key<?>> declared = new ArrayList<>(plain);
        for (Key<?> template : templates) declared.addAll(concrete(template, values, fromEnv, warnings));

        warnUnknown(values, declared, warnings);
        Config config = new Config(values, declared, warnings);
        for (Key<?> key : declared) {
            if (config.isSet(key)) config.get(key);
        }
        for (String w : warnings) LOG.warn(w);
        return config;
    }

    private void readFile(Map<String, Config.Value> values, List<String> warnings) {
        if (file == null) return;
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            throw new ConfigException("config", "cannot read configuration file " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
        String origin = "file " + file;
        new TreeMap<>(props).forEach((k, v) -> values.put(k.toString().trim(), new Config.Value(v.toString(), origin)));
    }

    private void readEnv(Map<String, Config.Value> values, Set<String> fromEnv, List<String> warnings) {
        Map<String, Key<?>> byEnvName = new HashMap<>();
        Map<String, Key<?>> byLegacyName = new HashMap<>();
        for (Key<?> key : plain) {
            byEnvName.put(key.envName(), key);
            for (String legacy : key.legacyEnv()) byLegacyName.put(legacy, key);
        }
        Map<String, String> sorted = new TreeMap<>(env);
        // Dotted names first: the environment proper (upper case) wins over them only by being more specific.
        sorted.forEach((name, value) -> {
            if (isDotted(name) && !byLegacyName.containsKey(name)) put(values, fromEnv, name, value, "environment entry " + name);
        });
        sorted.forEach((name, value) -> {
            Key<?> key = byEnvName.get(name);
            if (key != null) put(values, fromEnv, key.name(), value, "environment variable " + name);
            else if (name.startsWith("HERALD_KAFKA_") && !byLegacyName.containsKey(name)) {
                put(values, fromEnv, Config.KAFKA_PREFIX + kafkaName(name.substring("HERALD_KAFKA_".length())), value,
                        "environment variable " + name);
            }
        });
        sorted.forEach((name, value) -> {
            Key<?> key = byLegacyName.get(name);
            if (key != null) legacy(values, fromEnv, key, name, value, warnings);
            else if (name.startsWith(LEGACY_KAFKA_PREFIX) && !name.endsWith("_OPTS")) {
                String target = Config.KAFKA_PREFIX + kafkaName(name.substring(LEGACY_KAFKA_PREFIX.length()));
                if (!fromEnv.contains(target)) {
                    values.put(target, new Config.Value(value, "deprecated environment variable " + name));
                    warnings.add("environment variable " + name + " is deprecated and will stop working in the next release: use "
                            + target + " (" + "HERALD_" + Key.envForm(target) + ")");
                }
            }
        });
    }

    private static void put(Map<String, Config.Value> values, Set<String> fromEnv, String name, String value, String origin) {
        values.put(name, new Config.Value(value, origin));
        fromEnv.add(name);
    }

    private static void legacy(Map<String, Config.Value> values, Set<String> fromEnv, Key<?> key, String legacyName, String value,
                               List<String> warnings) {
        warnings.add("environment variable " + legacyName + " is deprecated and will stop working in the next release: use "
                + key.name() + " (" + key.envName() + ")" + (fromEnv.contains(key.name()) ? "; ignored because " + key.envName()
                + " is set" : ""));
        if (fromEnv.contains(key.name())) return;
        values.put(key.name(), new Config.Value(key.fromLegacy(legacyName, value.trim()), "deprecated environment variable " + legacyName));
        fromEnv.add(key.name());
    }

    /** The concrete keys of a per-id key, reading their environment names on the way. */
    private List<Key<?>> concrete(Key<?> template, Map<String, Config.Value> values, Set<String> fromEnv, List<String> warnings) {
        List<String> ids = new ArrayList<>();
        Key<List<String>> idsKey = template.idsKey();
        if (idsKey != null) {
            ids.addAll(new Config(values, List.of(idsKey), List.of()).get(idsKey));
        } else {
            Pattern dotted = Pattern.compile(Pattern.quote(template.name()).replaceAll("<[a-z-]+>", "\\\\E(.+)\\\\Q"));
            for (String name : values.keySet()) {
                Matcher m = dotted.matcher(name);
                if (m.matches() && !ids.contains(m.group(1))) ids.add(m.group(1));
            }
            List<String> envNames = new ArrayList<>(template.legacyEnv());
            envNames.add(0, template.envName());
            for (String pattern : envNames) {
                boolean raw = pattern.contains("<raw>");
                Pattern envPattern = Pattern.compile(Pattern.quote(pattern).replace("<raw>", "\\E(.+)\\Q")
                        .replaceAll("<[A-Z_]+>", "\\\\E(.+)\\\\Q"));
                for (String name : env.keySet()) {
                    Matcher m = envPattern.matcher(name);
                    if (!m.matches()) continue;
                    String id = raw ? m.group(1) : m.group(1).toLowerCase(Locale.ROOT).replace('_', '.');
                    if (!ids.contains(id)) ids.add(id);
                }
            }
        }
        List<Key<?>> out = new ArrayList<>();
        for (String id : ids) {
            Key<?> key = template.of(id);
            out.add(key);
            if (preset != null) continue;
            String value = env.get(key.envName());
            if (value != null) put(values, fromEnv, key.name(), value, "environment variable " + key.envName());
            for (String legacyName : key.legacyEnv()) {
                String legacyValue = env.get(legacyName);
                if (legacyValue != null) legacy(values, fromEnv, key, legacyName, legacyValue, warnings);
            }
        }
        return out;
    }

    private void warnUnknown(Map<String, Config.Value> values, List<Key<?>> declared, List<String> warnings) {
        Set<String> names = new HashSet<>();
        for (Key<?> key : declared) names.add(key.name());
        values.forEach((name, v) -> {
            if (names.contains(name) || name.startsWith(Config.KAFKA_PREFIX)) return;
            // Keys of other services share the file; a typo under one of ours is worth a warning.
            if (knownTopLevels.contains(name.split("\\.")[0]) && v.origin().startsWith("file")) {
                warnings.add("unknown configuration key " + name + " in " + v.origin() + " (ignored)");
            }
        });
    }

    private static boolean isDotted(String name) {
        return name.indexOf('.') > 0 && name.equals(name.toLowerCase(Locale.ROOT));
    }

    private static String kafkaName(String envTail) {
        return envTail.toLowerCase(Locale.ROOT).replace('_', '.');
    }
}
