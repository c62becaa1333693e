package io.herald.replay.cli;

import io.herald.runtime.config.KafkaKeys;
import io.herald.runtime.config.Key;
import io.herald.runtime.config.KeyCatalogue;
import io.herald.schemas.registry.RegistryKeys;
import java.time.Duration;
import java.util.List;

/**
 * The operators' replay tool ({@code herald replay}) reads the same file as the services ({@code --config}):
 * {@code kafka.*} and {@code schema.registry.*}, plus these.
 */
public final class ReplayKeys {
    public static final Key<Duration> TIMEOUT = Key.duration("replay.timeout").defaultValue(Duration.ofSeconds(15))
            .check(d -> !d.isNegative() && !d.isZero(), "must be positive")
            .doc("Longest wait for the cluster or a stalled read (`--timeout` overrides it).").build();

    public static final KeyCatalogue CATALOGUE = KeyCatalogue.of("Replay tool",
            "`herald replay … --config FILE` reads `kafka.*` and `schema.registry.*` from the same file as the services; "
                    + "`--bootstrap-server`, `--registry-url` and `--command-config` override it.",
            TIMEOUT).owning("replay");

    /** Everything the replay tool reads. */
    public static final List<KeyCatalogue> ALL = List.of(KafkaKeys.CATALOGUE, RegistryKeys.CATALOGUE, CATALOGUE);

    private ReplayKeys() {
    }
}
