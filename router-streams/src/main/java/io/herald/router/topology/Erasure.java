package io.herald.router.topology;

/**
 * A tenant's request to forget a recipient, as the {@link PreferenceWriter} passes it to every ledger partition
 * (the recipient's notifications are spread over all of them). No address: only the tenant's own recipient id.
 */
record Erasure(String tenantId, String recipientId, String eventId, long atMs) {
    String recipientKey() {
        return tenantId + "/" + recipientId;
    }
}
