package io.herald.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.ingest.intake.IntakeResult;
import io.herald.ingest.intake.NotificationIntake;
import io.herald.ingest.ops.IngestMetrics;
import io.herald.ingest.problem.Problem;
import io.herald.ingest.problem.ProblemException;
import io.herald.ingest.problem.Problems;
import io.herald.ingest.status.StatusClient;
import io.herald.ingest.tenancy.Caller;
import io.herald.ingest.validation.Errors;
import io.herald.ingest.validation.JsonBody;
import io.herald.ingest.validation.NotificationInput;
import io.herald.ingest.validation.NotificationValidator;
import io.herald.ingest.validation.ObjectView;
import io.herald.ingest.validation.Validation;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Handlers of {@code /v1/notifications}: single and batch intake, and the tenant-scoped status. */
final class NotificationRoutes {
    private final Guards guards;
    private final NotificationIntake intake;
    private final StatusClient status;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final int batchMax;

    NotificationRoutes(Guards guards, NotificationIntake intake, StatusClient status, IngestMetrics metrics,
                       Clock clock, int batchMax) {
        this.guards = guards;
        this.intake = intake;
        this.status = status;
        this.metrics = metrics;
        this.clock = clock;
        this.batchMax = batchMax;
    }

    void post(Context ctx) {
        Caller caller = guards.caller(ctx);
        guards.json(ctx);
        byte[] body = guards.body(ctx);
        String key = guards.idempotencyKey(ctx);
        guards.rate(caller, 1);
        Validation<NotificationInput> validation = NotificationValidator.validate(body, clock.instant());
        if (validation instanceof Validation.Invalid<NotificationInput> invalid) {
            metrics.outcome("invalid");
            throw invalid.problem().toException();
        }
        CompletableFuture<IntakeResult> result = intake.submit(caller, key, (Validation.Valid<NotificationInput>) validation);
        ctx.future(() -> result.thenAccept(r -> answer(ctx, r)));
    }

    void batch(Context ctx) {
        Caller caller = guards.caller(ctx);
        guards.json(ctx);
        JsonNode root = JsonBody.parse(guards.body(ctx));
        Errors errors = new Errors();
        ObjectView envelope = ObjectView.of(root, "", errors, true, Set.of("items"));
        List<JsonNode> items = envelope.array("items", true, 1, batchMax);
        if (!errors.isEmpty()) throw Problems.invalid(errors.list()).toException();
        guards.rate(caller, items.size());
        List<CompletableFuture<ObjectNode>> results = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) results.add(item(caller, items.get(i), i));
        CompletableFuture<Void> all = CompletableFuture.allOf(results.toArray(CompletableFuture[]::new));
        ctx.future(() -> all.thenAccept(done -> {
            ObjectNode body = Responses.object();
            ArrayNode list = body.putArray("results");
            results.forEach(r -> list.add(r.join()));
            Responses.json(ctx, 200, body);
        }));
    }

    void status(Context ctx) {
        Caller caller = guards.caller(ctx);
        guards.rate(caller, 1);
        String id = ctx.pathParam("id");
        if (!isUuid(id)) throw Problems.notFound("no notification with this id").toException();
        JsonNode timeline = status.status(caller.tenantId(), id)
                .orElseThrow(() -> Problems.notFound("no notification with this id: never accepted, or forgotten after the "
                        + "router's ledger retention (router.ledger.retention, default 7 days after its terminal state)").toException());
        Responses.json(ctx, 200, timeline);
    }

    private CompletableFuture<ObjectNode> item(Caller caller, JsonNode item, int index) {
        String at = Errors.index("/items", index);
        Errors errors = new Errors();
        ObjectView view = ObjectView.of(item, at, errors, true, Set.of("idempotencyKey", "notification"));
        String key = view.text("idempotencyKey", true, 255, k -> {
            try {
                Guards.checkIdempotencyKey(k, "idempotencyKey");
                return null;
            } catch (ProblemException e) {
                return "must be 1-255 visible ASCII characters";
            }
        });
        NotificationInput input = null;
        if (view.present()) {
            JsonNode notification = view.member("notification");
            if (notification == null) errors.add(view.pointer("notification"), "is required");
            else input = NotificationValidator.bind(notification, view.pointer("notification"), errors, clock.instant());
        }
        if (!errors.isEmpty() || input == null || key == null) {
            metrics.outcome("invalid");
            return CompletableFuture.completedFuture(itemResult(index, Problems.invalid(errors.list())));
        }
        var valid = new Validation.Valid<>(input, io.herald.ingest.validation.Fingerprint.of(view.member("notification")));
        return intake.submit(caller, key, valid).thenApply(r -> itemResult(index, r));
    }

    private ObjectNode itemResult(int index, IntakeResult result) {
        if (result instanceof IntakeResult.Accepted a) return accepted(index, 202, a.notificationId(), false);
        if (result instanceof IntakeResult.Replayed r) return accepted(index, 200, r.notificationId(), true);
        return itemResult(index, ((IntakeResult.Rejected) result).problem());
    }

    private ObjectNode accepted(int index, int code, String id, boolean replayed) {
        metrics.outcome(replayed ? "replayed" : "accepted");
        ObjectNode node = Responses.object().put("index", index).put("status", code).put("id", id).put("result", "ACCEPTED");
        if (replayed) node.put("replayed", true);
        return node;
    }

    private ObjectNode itemResult(int index, Problem problem) {
        ObjectNode node = Responses.object().put("index", index).put("status", problem.status());
        node.set("problem", Responses.problemJson(problem));
        return node;
    }

    private void answer(Context ctx, IntakeResult result) {
        if (result instanceof IntakeResult.Accepted a) {
            metrics.outcome("accepted");
            ctx.header("Location", "/v1/notifications/" + a.notificationId());
            Responses.accepted(ctx, 202, a.notificationId());
        } else if (result instanceof IntakeResult.Replayed r) {
            metrics.outcome("replayed");
            ctx.header("Idempotent-Replayed", "true");
            ctx.header("Location", "/v1/notifications/" + r.notificationId());
            Responses.accepted(ctx, 200, r.notificationId());
        } else {
            Problem problem = ((IntakeResult.Rejected) result).problem();
            metrics.outcome(problem.status() == 503 ? "unavailable" : "rejected");
            Responses.problem(ctx, problem);
        }
    }

    static boolean isUuid(String id) {
        if (id.length() != 36) return false;
        try {
            return UUID.fromString(id).toString().equals(id.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
