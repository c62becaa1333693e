package io.herald.workers.runtime;

import java.time.Duration;

/**
 * How one channel worker consumes.
 *
 * @param groupId         consumer group of the channel's workers
 * @param instanceId      stable per instance: the transactional id is derived from it, so a restarted
 *                        instance fences its predecessor
 * @param concurrency     provider calls in parallel
 * @param maxPollRecords  records per batch = the bound on re-sends after a crash
 */
public record WorkerSettings(String groupId, String instanceId, int concurrency, int maxPollRecords, Duration pollTimeout,
                             Duration shutdownTimeout) {
    public WorkerSettings {
        if (groupId == null || groupId.isBlank()) throw new IllegalArgumentException("HERALD_WORKER_GROUP_ID is required");
        if (instanceId == null || instanceId.isBlank()) throw new IllegalArgumentException("HERALD_WORKER_INSTANCE_ID is required");
        if (concurrency < 1) throw new IllegalArgumentException("HERALD_WORKER_CONCURRENCY must be >= 1, was " + concurrency);
        if (maxPollRecords < 1) throw new IllegalArgumentException("HERALD_WORKER_MAX_POLL_RECORDS must be >= 1, was " + maxPollRecords);
    }
}
