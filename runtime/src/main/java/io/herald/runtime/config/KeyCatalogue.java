package io.herald.runtime.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys one module (or one shared concern) declares, with a title and a paragraph for the reference
 * table. Each module has one, e.g. {@code RouterKeys.CATALOGUE}.
 *
 * @param owns top-level names ({@code router}) whose every key this catalogue declares: an unknown key
 *             under them in the file is a typo worth a warning, while keys of other services that share
 *             the file are not
 */
public record KeyCatalogue(String title, String description, List<Key<?>> keys, List<String> owns) {
    public KeyCatalogue {
        keys = List.copyOf(keys);
        owns = List.copyOf(owns);
        Map<String, String> envNames = new HashMap<>();
        for (Key<?> key : keys) {
            String clash = envNames.put(key.envName(), key.name());
            if (clash != null) throw new IllegalStateException(key.name() + " and " + clash + " share " + key.envName());
        }
    }

    public static KeyCatalogue of(String title, String description, Key<?>... keys) {
        return new KeyCatalogue(title, description, List.of(keys), List.of());
    }

    /** A copy that owns the given top-level names. */
    public KeyCatalogue owning(String... topLevels) {
        return new KeyCatalogue(title, description, keys, List.of(topLevels));
    }
}
