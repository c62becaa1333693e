package io.herald.compose.config;

import io.herald.analytics.AnalyticsKeys;
import io.herald.ingest.IngestKeys;
import io.herald.replay.auto.AutoReplayKeys;
import io.herald.replay.cli.ReplayKeys;
import io.herald.router.RouterKeys;
import io.herald.runtime.config.KafkaKeys;
import io.herald.runtime.config.KeyCatalogue;
import io.herald.runtime.config.ReferenceDoc;
import io.herald.schemas.config.ProviderKeys;
import io.herald.schemas.registry.RegistryKeys;
import io.herald.schemas.topics.TopicKeys;
import io.herald.workers.WorkerKeys;
import java.util.List;

/**
 * Every key catalogue of every module, in the order the reference shows them, and the reference itself
 * ({@code docs/configuration.md}, checked by {@code ConfigurationReferenceTest}).
 */
public final class ConfigurationReference {
    /** The command that rewrites {@code docs/configuration.md}. */
    public static final String REGENERATE = "bin/herald config reference > docs/configuration.md";

    /** Every catalogue, shared ones first. */
    public static final List<KeyCatalogue> ALL = List.of(KafkaKeys.CATALOGUE, RegistryKeys.CATALOGUE, ProviderKeys.CATALOGUE,
            TopicKeys.CATALOGUE, RouterKeys.CATALOGUE, RouterKeys.HEALTH, WorkerKeys.CATALOGUE, AutoReplayKeys.CATALOGUE, IngestKeys.CATALOGUE,
            ReplayKeys.CATALOGUE, AnalyticsKeys.CATALOGUE, LocalKeys.CATALOGUE, io.herald.policy.destination.DestinationKeys.CATALOGUE);

    private ConfigurationReference() {
    }

    /** The reference document. */
    public static String markdown() {
        return ReferenceDoc.markdown(ALL, REGENERATE);
    }
}
