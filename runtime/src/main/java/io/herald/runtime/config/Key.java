package io.herald.runtime.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One configuration key: its dotted name ({@code retry.bulk.tiers}), type, default, validation, doc text,
 * whether it is secret, and the deprecated environment names it still answers to.
 *
 * <p>A name may hold one placeholder such as {@code email.provider.<id>.host}: a <em>per-id key</em>.
 * Its concrete keys are {@link #of(String) of(id)}; the ids come from a list key ({@link Builder#idsFrom})
 * or, when there is none, from whatever names appear in the file or environment.
 *
 * @param <T> the parsed value's type
 */
public final class Key<T> {
    private static final Pattern PLACEHOLDER = Pattern.compile("<[a-z-]+>");
    /** Ids of per-id keys: lower-case letters, digits and dashes, so the environment form maps back one-to-one. */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private final String name;
    private final String type;
    private final Function<String, T> parser;
    private final T defaultValue;
    private final String defaultText;
    private final boolean required;
    private final List<Check<T>> checks;
    private final String doc;
    private final boolean secret;
    private final List<String> legacyEnv;
    private final UnaryOperator<String> legacyValue;
    private final java.util.Map<String, UnaryOperator<String>> legacyValueByName;
    private final Key<List<String>> ids;
    private final String id;
    private final Key<T> template;

    private Key(Builder<T> b, String id, Key<T> template) {
        this.type = b.type;
        this.parser = b.parser;
        this.defaultValue = b.defaultValue;
        this.defaultText = b.defaultText;
        this.required = b.required;
        this.checks = List.copyOf(b.checks);
        this.doc = b.doc;
        this.secret = b.secret;
        this.legacyValue = b.legacyValue;
        this.legacyValueByName = java.util.Map.copyOf(b.legacyValueByName);
        this.ids = b.ids;
        this.id = id;
        this.template = template;
        if (id == null) {
            this.name = b.name;
            this.legacyEnv = b.legacyEnv.stream().filter(n -> !n.equals(envName())).toList();
        } else {
            this.name = PLACEHOLDER.matcher(b.name).replaceFirst(id);
            String envId = envForm(id);
            // <raw> stands for the id as it is (e.g. a topic name with dots), <ID> for its environment form.
            this.legacyEnv = b.legacyEnv.stream().map(n -> n.replace("<raw>", id).replaceFirst("<[A-Z_]+>", envId))
                    .filter(n -> !n.equals(envName())).toList();
        }
    }

    // ---- factories -------------------------------------------------------------------------------

    public static Builder<String> string(String name) {
        return new Builder<>(name, "string", s -> s);
    }

    public static Builder<Integer> integer(String name) {
        return new Builder<>(name, "integer", s -> {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "' is not an integer");
            }
        });
    }

    public static Builder<Long> longInteger(String name) {
        return new Builder<>(name, "integer", s -> {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "' is not an integer");
            }
        });
    }

    public static Builder<Double> decimal(String name) {
        return new Builder<>(name, "number", s -> {
            try {
                double d = Double.parseDouble(s);
                if (Double.isNaN(d) || Double.isInfinite(d)) throw new NumberFormatException();
                return d;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "' is not a number");
            }
        });
    }

    public static Builder<Boolean> bool(String name) {
        return new Builder<>(name, "boolean", s -> {
            if (s.equalsIgnoreCase("true")) return true;
            if (s.equalsIgnoreCase("false")) return false;
            throw new IllegalArgumentException("'" + s + "' is not true or false");
        });
    }

    public static Builder<Duration> duration(String name) {
        return new Builder<>(name, "duration", Durations::parse);
    }

    /** A comma-separated list; blanks are dropped. */
    public static Builder<List<String>> list(String name) {
        return new Builder<>(name, "list", s -> Arrays.stream(s.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList());
    }

    /** A comma-separated list of ids ({@code a-z 0-9 -}), as used by per-id keys. */
    public static Builder<List<String>> ids(String name) {
        return new Builder<>(name, "list of ids", s -> {
            List<String> out = new ArrayList<>();
            for (String part : s.split(",")) {
                String p = part.trim();
                if (p.isEmpty()) continue;
                if (!ID.matcher(p).matches()) throw new IllegalArgumentException("'" + p + "' is not an id (a-z, 0-9 and -)");
                if (out.contains(p)) throw new IllegalArgumentException("'" + p + "' is listed twice");
                out.add(p);
            }
            return List.copyOf(out);
        });
    }

    public static Builder<Path> path(String name) {
        return new Builder<>(name, "path", Path::of);
    }

    public static Builder<URI> uri(String name) {
        return new Builder<>(name, "URL", s -> {
            try {
                URI u = URI.create(s);
                if (u.getScheme() == null) throw new IllegalArgumentException("no scheme");
                return u;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + s + "' is not a URL");
            }
        });
    }

    /** One of the enum's constants, written in lower case ({@code starttls}); any case is accepted. */
    public static <E extends Enum<E>> Builder<E> enumeration(String name, Class<E> type) {
        String choices = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining("|"));
        return new Builder<>(name, choices, s -> {
            try {
                return Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + s + "' is not one of " + choices);
            }
        });
    }

    /** A value of any type with a custom parser; {@code type} is what the reference table shows. */
    public static <V> Builder<V> custom(String name, String type, Function<String, V> parser) {
        return new Builder<>(name, type, parser);
    }

    // ---- accessors -------------------------------------------------------------------------------

    /** The dotted name; per-id keys show their placeholder. */
    public String name() {
        return name;
    }

    /** The environment variable of this key: {@code HERALD_} + the name upper-cased, dots and dashes as underscores. */
    public String envName() {
        return "HERALD_" + envForm(name);
    }

    public String type() {
        return type;
    }

    public String doc() {
        return doc;
    }

    public boolean secret() {
        return secret || Secrets.looksSecret(name);
    }

    public boolean required() {
        return required;
    }

    /** The default as the reference table shows it ({@code none} when there is none). */
    public String defaultText() {
        if (defaultText != null) return defaultText;
        if (defaultValue == null) return required ? "required" : "none";
        return render(defaultValue);
    }

    public T defaultValue() {
        return defaultValue;
    }

    public List<String> legacyEnv() {
        return legacyEnv;
    }

    /** Whether this is a per-id key such as {@code email.provider.<id>.host}. */
    public boolean isTemplate() {
        return id == null && PLACEHOLDER.matcher(name).find();
    }

    /** The list key naming this per-id key's ids, or null. */
    public Key<List<String>> idsKey() {
        return template != null ? template.ids : ids;
    }

    /** The per-id key this one was made from, or null. */
    public Key<T> template() {
        return template;
    }

    /** The concrete key of a per-id key for {@code id}. */
    public Key<T> of(String id) {
        if (!isTemplate()) throw new IllegalStateException(name + " is not a per-id key");
        if (!ID.matcher(id).matches() && ids != null) throw new IllegalArgumentException("'" + id + "' is not an id");
        return new Key<>(builder(), id, this);
    }

    /** The id this concrete key was made for, or null. */
    public String id() {
        return id;
    }

    /** Parses and validates {@code raw}; the exception message says why it is wrong (without the key). */
    T parse(String raw) {
        T value = parser.apply(raw.trim());
        for (Check<T> check : checks) {
            if (!check.test().test(value)) throw new IllegalArgumentException(check.message() + ", was '" + raw.trim() + "'");
        }
        return value;
    }

    /** Applied to a value given under the deprecated name {@code legacyName}, e.g. milliseconds without a unit. */
    String fromLegacy(String legacyName, String raw) {
        for (java.util.Map.Entry<String, UnaryOperator<String>> e : legacyValueByName.entrySet()) {
            if (legacyName.equals(e.getKey()) || (id != null && legacyName.equals(e.getKey().replaceFirst("<[A-Z_]+>", envForm(id))))) {
                return e.getValue().apply(raw);
            }
        }
        return legacyValue.apply(raw);
    }

    @Override
    public String toString() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Key<?> k && k.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    static String envForm(String dotted) {
        return dotted.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    static String render(Object value) {
        if (value instanceof Duration d) return Durations.format(d);
        if (value instanceof List<?> l) return l.stream().map(Key::render).collect(Collectors.joining(","));
        if (value instanceof Enum<?> e) return e.name().toLowerCase(Locale.ROOT);
        return String.valueOf(value);
    }

    private Builder<T> builder() {
        Builder<T> b = new Builder<>(name, type, parser);
        b.defaultValue = defaultValue;
        b.defaultText = defaultText;
        b.required = required;
        b.checks.addAll(checks);
        b.doc = doc;
        b.secret = secret;
        b.legacyEnv.addAll(legacyEnv);
        b.legacyValue = legacyValue;
        b.legacyValueByName.putAll(legacyValueByName);
        b.ids = ids;
        return b;
    }

    private record Check<T>(Predicate<T> test, String message) {
    }

    /** Builds a {@link Key}; {@link #doc(String)} is mandatory, so the reference table has no blank rows. */
    public static final class Builder<T> {
        private final String name;
        private final String type;
        private final Function<String, T> parser;
        private T defaultValue;
        private String defaultText;
        private boolean required;
        private final List<Check<T>> checks = new ArrayList<>();
        private String doc;
        private boolean secret;
        private final List<String> legacyEnv = new ArrayList<>();
        private UnaryOperator<String> legacyValue = UnaryOperator.identity();
        private final java.util.Map<String, UnaryOperator<String>> legacyValueByName = new java.util.HashMap<>();
        private Key<List<String>> ids;

        private Builder(String name, String type, Function<String, T> parser) {
            if (!name.matches("[a-z0-9<>.-]+")) throw new IllegalArgumentException("bad key name " + name);
            this.name = name;
            this.type = type;
            this.parser = parser;
        }

        public Builder<T> defaultValue(T value) {
            this.defaultValue = value;
            return this;
        }

        /** What the reference table shows as default when it is computed, e.g. {@code 587 (465 with smtps)}. */
        public Builder<T> defaultText(String text) {
            this.defaultText = text;
            return this;
        }

        public Builder<T> required() {
            this.required = true;
            return this;
        }

        public Builder<T> check(Predicate<T> test, String message) {
            checks.add(new Check<>(test, message));
            return this;
        }

        public Builder<T> doc(String text) {
            this.doc = text;
            return this;
        }

        public Builder<T> secret() {
            this.secret = true;
            return this;
        }

        /** Environment names this key answered to before; they work for one more release, with a warning. */
        public Builder<T> legacy(String... envNames) {
            legacyEnv.addAll(List.of(envNames));
            return this;
        }

        /** A deprecated environment name whose values read differently, converted by {@code conversion}. */
        public Builder<T> legacy(String envName, UnaryOperator<String> conversion) {
            legacyEnv.add(envName);
            legacyValueByName.put(envName, conversion);
            return this;
        }

        /** How a value given under a legacy name reads in the new grammar (e.g. {@code v -> v + "ms"}). */
        public Builder<T> legacyValue(UnaryOperator<String> conversion) {
            this.legacyValue = conversion;
            return this;
        }

        /** For per-id keys: the list key whose ids this key exists for. */
        public Builder<T> idsFrom(Key<List<String>> list) {
            this.ids = list;
            return this;
        }

        public Key<T> build() {
            Objects.requireNonNull(doc, () -> name + " needs doc text");
            if (defaultValue != null) {
                for (Check<T> check : checks) {
                    if (!check.test().test(defaultValue)) throw new IllegalStateException(name + ": default fails " + check.message());
                }
            }
            return new Key<>(this, null, null);
        }
    }
}
