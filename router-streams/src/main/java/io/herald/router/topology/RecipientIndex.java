package io.herald.router.topology;

import io.herald.contracts.NotificationRequest;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The ledger's notifications per recipient, so an erasure finds them by prefix scan instead of reading the whole
 * ledger. Key: the length of {@code tenant/recipientId} (8 hex digits), the recipient key, '/', notificationId —
 * the length prefix keeps one recipient's prefix from matching another whose id merely starts the same way.
 * One line per entry that has a recipient key; the line goes with the entry (purge) or the erasure.
 */
final class RecipientIndex {
    static final String STORE = "router-ledger-recipients";

    private final KeyValueStore<String, String> index;

    RecipientIndex(KeyValueStore<String, String> index) {
        this.index = index;
    }

    /** What a notification is filed under: {@code tenant/recipientId}. */
    static String recipientKey(NotificationRequest request) {
        return request.getTenantId() + "/" + request.getRecipient().getRecipientId();
    }

    static String prefix(String recipientKey) {
        // Eight hex digits of the length, zero-padded; not String.format, which showed in the routing path's profile.
        String hex = Integer.toHexString(recipientKey.length());
        return "00000000".substring(hex.length()) + hex + recipientKey + "/";
    }

    static String key(String recipientKey, String notificationId) {
        return prefix(recipientKey) + notificationId;
    }

    /** Files {@code e} under {@code recipientKey}. */
    LedgerEntry file(LedgerEntry e, String recipientKey) {
        index.put(key(recipientKey, e.notificationId()), e.notificationId());
        return e.withRecipientKey(recipientKey);
    }

    /** Removes {@code e}'s line, if it has one. */
    LedgerEntry drop(LedgerEntry e) {
        if (e.recipientKey() == null) return e;
        index.delete(key(e.recipientKey(), e.notificationId()));
        return e.withRecipientKey(null);
    }

    /** Index keys and notification ids filed under {@code recipientKey}. */
    List<KeyValue<String, String>> of(String recipientKey) {
        List<KeyValue<String, String>> out = new ArrayList<>();
        try (KeyValueIterator<String, String> it = index.prefixScan(prefix(recipientKey), Serdes.String().serializer())) {
            while (it.hasNext()) out.add(it.next());
        }
        return out;
    }

    void dropLine(String key) {
        index.delete(key);
    }
}
