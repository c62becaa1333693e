package io.herald.ingest;

import io.herald.contracts.NotificationRequest;
import io.herald.ingest.intake.NotificationIntake;
import io.herald.ingest.support.Bodies;
import io.herald.ingest.validation.NotificationInput;
import io.herald.ingest.validation.NotificationValidator;
import io.herald.ingest.validation.RequestMapper;
import io.herald.ingest.validation.Validation;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The Herald code of one accepted request without HTTP or Kafka (parse, validate, fingerprint, id, Avro record), on
 * one thread, timed by that thread's CPU clock: other processes on a shared machine slow it down but barely change
 * its CPU time, so it compares builds where the end-to-end figure cannot. Not a test; run with
 * {@code java -cp <test classpath> io.herald.ingest.HotPathBenchmark [rounds=5] [perRound=200000]}.
 */
public final class HotPathBenchmark {
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        byte[] body = Bodies.otp().getBytes(StandardCharsets.UTF_8);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int round = 0; round <= rounds; round++) {
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < perRound; i++) sink += once(body, "bench-" + round + "-" + i);
            long nanos = threads.getCurrentThreadCpuTime() - start;
            // Round 0 is the JIT's warm-up.
            System.out.printf("round %d%s: %.2f us CPU per request%n", round, round == 0 ? " (warm-up)" : "",
                    nanos / 1000.0 / perRound);
        }
        System.out.println("(checksum " + sink + ")");
    }

    private static int once(byte[] body, String key) {
        Instant now = Instant.now();
        Validation<NotificationInput> validation = NotificationValidator.validate(body, now);
        Validation.Valid<NotificationInput> valid = (Validation.Valid<NotificationInput>) validation;
        String id = NotificationIntake.recordKey("acme", key);
        NotificationRequest request = RequestMapper.toAvro(valid.value(), "acme", key, id, now);
        return request.getNotificationId().length() + valid.fingerprint().length();
    }
}
