package io.herald.devkit.kafka;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.coordinator.group.GroupCoordinatorConfig;
import org.apache.kafka.coordinator.share.ShareCoordinatorConfig;
import org.apache.kafka.coordinator.transaction.TransactionLogConfig;
import org.apache.kafka.network.SocketServerConfigs;
import org.apache.kafka.raft.KRaftConfigs;
import org.apache.kafka.raft.MetadataLogConfig;
import org.apache.kafka.raft.QuorumConfig;
import org.apache.kafka.server.config.ReplicationConfigs;
import org.apache.kafka.server.config.ServerLogConfigs;
import org.apache.kafka.storage.internals.log.CleanerConfig;

/**
 * The broker configuration of the embedded single-node KRaft cluster, as a pure function of its
 * directory, ports and caller overrides, so it can be checked without starting anything.
 */
final class BrokerProperties {

    static final int NODE_ID = 1;
    static final String HOST = "127.0.0.1";
    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    /** 4 MiB: the 128 MiB default is allocated eagerly by the log cleaner and OOMs small test heaps. */
    static final long DEDUPE_BUFFER_BYTES = 4L * 1024 * 1024;

    /**
     * Keys that define where the node lives and how it finds itself. Letting callers override them
     * would break restart-on-the-same-port and the static quorum, so they are refused up front.
     */
    static final Set<String> RESERVED = Set.of(
            KRaftConfigs.PROCESS_ROLES_CONFIG,
            KRaftConfigs.NODE_ID_CONFIG,
            KRaftConfigs.CONTROLLER_LISTENER_NAMES_CONFIG,
            QuorumConfig.QUORUM_VOTERS_CONFIG,
            SocketServerConfigs.LISTENERS_CONFIG,
            SocketServerConfigs.ADVERTISED_LISTENERS_CONFIG,
            SocketServerConfigs.LISTENER_SECURITY_PROTOCOL_MAP_CONFIG,
            ReplicationConfigs.INTER_BROKER_LISTENER_NAME_CONFIG,
            ServerLogConfigs.LOG_DIRS_CONFIG,
            ServerLogConfigs.LOG_DIR_CONFIG,
            MetadataLogConfig.METADATA_LOG_DIR_CONFIG);

    private BrokerProperties() {
    }

    /**
     * Builds the full broker configuration.
     *
     * @param overrides extra broker settings; they win over every default here except the
     *                  {@link #RESERVED} keys, which are rejected
     */
    static Map<String, Object> build(Path logDir, int brokerPort, int controllerPort,
                                     boolean autoCreateTopics, Map<String, ?> overrides) {
        for (String key : overrides.keySet()) {
            if (RESERVED.contains(key)) {
                throw new IllegalArgumentException("broker property " + key
                        + " is managed by EmbeddedKafka and cannot be overridden");
            }
        }
        // Values are strings, as in server.properties: Kafka parses them into whatever type each
        // key has (some are shorts), where a boxed Integer for a short key would be rejected.
        Map<String, Object> props = new LinkedHashMap<>();
        // One process is both the broker and the only voter of a static quorum: no dynamic
        // quorum bootstrap is needed, and the voter address is known before start-up.
        props.put(KRaftConfigs.PROCESS_ROLES_CONFIG, "broker,controller");
        props.put(KRaftConfigs.NODE_ID_CONFIG, String.valueOf(NODE_ID));
        props.put(KRaftConfigs.CONTROLLER_LISTENER_NAMES_CONFIG, CONTROLLER_LISTENER);
        props.put(QuorumConfig.QUORUM_VOTERS_CONFIG, NODE_ID + "@" + HOST + ":" + controllerPort);
        props.put(SocketServerConfigs.LISTENERS_CONFIG,
                BROKER_LISTENER + "://" + HOST + ":" + brokerPort + ","
                        + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        props.put(SocketServerConfigs.ADVERTISED_LISTENERS_CONFIG, BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
        props.put(SocketServerConfigs.LISTENER_SECURITY_PROTOCOL_MAP_CONFIG,
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put(ReplicationConfigs.INTER_BROKER_LISTENER_NAME_CONFIG, BROKER_LISTENER);
        // Data and the metadata log share one directory, so a single path is all a restart needs.
        props.put(ServerLogConfigs.LOG_DIRS_CONFIG, logDir.toString());
        props.put(MetadataLogConfig.METADATA_LOG_DIR_CONFIG, logDir.toString());

        // The internal topics default to replication factor 3; on one node they could never be
        // created, and consumer groups and transactions (exactly-once) would stall forever.
        props.put(GroupCoordinatorConfig.OFFSETS_TOPIC_REPLICATION_FACTOR_CONFIG, "1");
        props.put(TransactionLogConfig.TRANSACTIONS_TOPIC_REPLICATION_FACTOR_CONFIG, "1");
        props.put(TransactionLogConfig.TRANSACTIONS_TOPIC_MIN_ISR_CONFIG, "1");
        props.put(ShareCoordinatorConfig.STATE_TOPIC_REPLICATION_FACTOR_CONFIG, "1");
        props.put(ShareCoordinatorConfig.STATE_TOPIC_MIN_ISR_CONFIG, "1");
        // Fifty partitions per internal topic cost seconds on the first group or transaction and
        // buy nothing on a single node.
        props.put(GroupCoordinatorConfig.OFFSETS_TOPIC_PARTITIONS_CONFIG, "5");
        props.put(TransactionLogConfig.TRANSACTIONS_TOPIC_PARTITIONS_CONFIG, "5");
        // Tests start one consumer at a time; waiting 3 s for more members to join only adds latency.
        props.put(GroupCoordinatorConfig.GROUP_INITIAL_REBALANCE_DELAY_MS_CONFIG, "0");
        props.put(GroupCoordinatorConfig.STREAMS_GROUP_INITIAL_REBALANCE_DELAY_MS_CONFIG, "0");
        props.put(CleanerConfig.LOG_CLEANER_DEDUPE_BUFFER_SIZE_PROP, String.valueOf(DEDUPE_BUFFER_BYTES));
        // Off by default so that tests exercise Herald's own topic provisioning, as in production.
        props.put(ServerLogConfigs.AUTO_CREATE_TOPICS_ENABLE_CONFIG, String.valueOf(autoCreateTopics));

        props.putAll(overrides);
        return props;
    }
}
