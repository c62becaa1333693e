package io.herald.ingest.intake;

import io.herald.ingest.problem.Problem;

/** What became of one submitted notification. */
public sealed interface IntakeResult {
    /** Newly written and acknowledged by Kafka: 202. */
    record Accepted(String notificationId) implements IntakeResult {
    }

    /** Same key, same body as an accepted request: 200 with the original id. */
    record Replayed(String notificationId) implements IntakeResult {
    }

    record Rejected(Problem problem) implements IntakeResult {
    }
}
