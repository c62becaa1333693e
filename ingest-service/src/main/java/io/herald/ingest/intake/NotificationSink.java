package io.herald.ingest.intake;

import io.herald.contracts.NotificationRequest;
import java.util.concurrent.CompletableFuture;

/** Where accepted notifications go: the request topic. Completes only once the write is durable. */
public interface NotificationSink {
    /** Writes {@code request} under {@code key}; the future fails when the write was not acknowledged. */
    CompletableFuture<Void> send(String key, NotificationRequest request, String fingerprint);
}
