package io.herald.router.topology;

import io.herald.contracts.DecisionContext;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.ErrorClass;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.OutcomeStatus;
import io.herald.router.decision.RequestValidator;
import io.herald.router.decision.Violation;
import io.herald.schemas.HeraldHeaders;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * First step of the request side: semantic validation. A valid request goes on; an invalid one goes
 * to the DLQ (reason in headers) and gets a FAILED outcome naming the field — never silently dropped.
 */
final class RequestCheck extends ContextualProcessor<String, NotificationRequest, String, Emit> {
    static final String RULE = "validation";
    private final DecisionListener listener;

    RequestCheck(DecisionListener listener) {
        this.listener = listener;
    }

    @Override
    public void process(Record<String, NotificationRequest> record) {
        NotificationRequest request = record.value();
        if (request == null) return; // a tombstone on the request topic means nothing
        List<Violation> violations = RequestValidator.validate(request);
        if (violations.isEmpty()) {
            context().forward(record.withValue(new Emit.Next(request)));
            return;
        }
        String reason = violations.stream().map(Violation::describe).collect(Collectors.joining("; "));
        Instant now = Instant.ofEpochMilli(context().currentSystemTimeMs());
        context().forward(record.withValue((Emit) new Emit.DeadLetter(request)).withHeaders(dlqHeaders(record, reason, now)));

        String id = blank(request.getNotificationId()) ? record.key() : request.getNotificationId();
        DeliveryOutcome failed = DeliveryOutcome.newBuilder(Verdicts.outcome(request, OutcomeStatus.FAILED, null, null,
                        null, "invalid " + reason, now, DecisionContext.newBuilder().setRule(RULE).build()))
                .setNotificationId(id).setErrorClass(ErrorClass.INVALID).build();
        listener.decided(failed);
        context().forward(new Record<String, Emit>(id, new Emit.Outcome(failed), record.timestamp()));
        if (!blank(request.getNotificationId())) {
            LedgerIntake intake = new LedgerIntake(request.getTenantId(), null, List.of(TimelineEntry.of(failed)), null, null);
            context().forward(new Record<String, Emit>(id, new Emit.Intake(intake, id.equals(record.key())),
                    record.timestamp()));
        }
    }

    private Headers dlqHeaders(Record<String, NotificationRequest> record, String reason, Instant now) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        HeraldHeaders.put(headers, HeraldHeaders.DLQ_STAGE, "router");
        HeraldHeaders.put(headers, HeraldHeaders.DLQ_CAUSE, "validation");
        HeraldHeaders.put(headers, HeraldHeaders.DLQ_REASON, reason);
        context().recordMetadata().ifPresent((RecordMetadata m) -> {
            HeraldHeaders.put(headers, HeraldHeaders.DLQ_SOURCE_TOPIC, m.topic());
            HeraldHeaders.put(headers, HeraldHeaders.DLQ_SOURCE_PARTITION, Integer.toString(m.partition()));
            HeraldHeaders.put(headers, HeraldHeaders.DLQ_SOURCE_OFFSET, Long.toString(m.offset()));
        });
        HeraldHeaders.put(headers, HeraldHeaders.DLQ_AT, now.toString());
        return headers;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
