package io.herald.ingest.intake;

import io.herald.contracts.Channel;
import io.herald.ingest.tenancy.DailyQuota;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * What the request topic says the ingest instances accepted, applied to this instance's memory. Every record an
 * instance writes carries, in headers, its body fingerprint and id (for the {@link IdempotencyLedger}), the
 * instance that wrote it and the channels it counts against (for the {@link DailyQuota}). So a key or a quota
 * used on one instance — or by this instance before a restart — holds on every instance. Headers only, no decoding.
 */
public final class AcceptedRequests {
    public static final String FINGERPRINT_HEADER = "herald.ingest.fingerprint";
    public static final String ID_HEADER = "herald.ingest.id";
    public static final String INSTANCE_HEADER = "herald.ingest.instance";
    public static final String CHANNELS_HEADER = "herald.ingest.channels";

    private final IdempotencyLedger ledger;
    private final DailyQuota quota;
    private final String instanceId;

    public AcceptedRequests(IdempotencyLedger ledger, DailyQuota quota, String instanceId) {
        this.ledger = ledger;
        this.quota = quota;
        this.instanceId = instanceId;
    }

    /** Applies one record; false for a record without Herald's headers (another producer wrote it). */
    public boolean learn(ConsumerRecord<String, byte[]> record) {
        String fingerprint = header(record, FINGERPRINT_HEADER);
        String id = header(record, ID_HEADER);
        if (fingerprint == null || id == null || record.key() == null) return false;
        ledger.remember(record.key(), fingerprint, id, record.timestamp());
        // This instance counted its own writes when it reserved them; everyone else's are counted here.
        if (!instanceId.equals(header(record, INSTANCE_HEADER))) {
            quota.observe(tenantOf(record.key()), channels(header(record, CHANNELS_HEADER)), Instant.ofEpochMilli(record.timestamp()));
        }
        return true;
    }

    /** Request keys are {@code tenant/idempotencyKey}. */
    static String tenantOf(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? key : key.substring(0, slash);
    }

    /** The channels header: names separated by commas; unknown names (a newer writer) are skipped. */
    static List<Channel> channels(String header) {
        List<Channel> channels = new ArrayList<>();
        if (header == null || header.isBlank()) return channels;
        for (String name : header.split(",")) {
            try {
                channels.add(Channel.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                // a channel this version does not know has no quota here either
            }
        }
        return channels;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
