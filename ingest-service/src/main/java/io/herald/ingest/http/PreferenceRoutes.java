package io.herald.ingest.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.contracts.ConsentRecord;
import io.herald.contracts.OptOut;
import io.herald.contracts.PreferenceEvent;
import io.herald.contracts.QuietHours;
import io.herald.contracts.RecipientPreference;
import io.herald.ingest.preferences.PreferenceInput;
import io.herald.ingest.preferences.PreferenceService;
import io.herald.ingest.preferences.PreferenceValidator;
import io.herald.ingest.problem.Problems;
import io.herald.ingest.tenancy.Caller;
import io.herald.ingest.validation.Validation;
import io.javalin.http.Context;
import java.util.Locale;

/**
 * Handlers of {@code /v1/recipients/{id}/preferences} and of the erasure {@code DELETE /v1/recipients/{id}}. A PUT
 * or DELETE is answered 202 once its event is durably in Kafka; the router merges it (one writer per recipient)
 * and GET shows the merged preferences and consent trail from then on.
 */
final class PreferenceRoutes {
    private final Guards guards;
    private final PreferenceService preferences;

    PreferenceRoutes(Guards guards, PreferenceService preferences) {
        this.guards = guards;
        this.preferences = preferences;
    }

    void put(Context ctx) {
        Caller caller = guards.caller(ctx);
        guards.json(ctx);
        byte[] body = guards.body(ctx);
        guards.rate(caller, 1);
        String recipientId = Guards.pathId(ctx, "id");
        Validation<PreferenceInput> validation = PreferenceValidator.validate(body);
        if (validation instanceof Validation.Invalid<PreferenceInput> invalid) throw invalid.problem().toException();
        PreferenceEvent accepted = preferences.put(caller, recipientId, ((Validation.Valid<PreferenceInput>) validation).value());
        ctx.header("Location", "/v1/recipients/" + recipientId + "/preferences");
        Responses.json(ctx, 202, accepted(accepted));
    }

    /** Forgets the recipient: the router deletes its preferences (tombstone) and scrubs its notifications. */
    void erase(Context ctx) {
        Caller caller = guards.caller(ctx);
        guards.rate(caller, 1);
        String recipientId = Guards.pathId(ctx, "id");
        PreferenceEvent accepted = preferences.erase(caller, recipientId);
        Responses.json(ctx, 202, Responses.object().put("recipientId", recipientId).put("eventId", accepted.getEventId())
                .put("status", "accepted").put("erasure", "preferences and consent trail deleted, notifications scrubbed "
                        + "from the router's ledger (see docs/privacy.md)"));
    }

    /** What a PUT was accepted with: the desired state and the evidence, merged into the trail by the router. */
    static ObjectNode accepted(PreferenceEvent e) {
        ObjectNode node = Responses.object().put("recipientId", e.getRecipientId()).put("eventId", e.getEventId())
                .put("status", "accepted");
        ArrayNode optOuts = node.putArray("optOuts");
        for (OptOut o : e.getOptOuts()) {
            optOuts.addObject().put("channel", lower(o.getChannel())).put("category", o.getCategory());
        }
        QuietHours q = e.getQuietHours();
        if (q == null) node.putNull("quietHours");
        else node.putObject("quietHours").put("start", hhmm(q.getStartMinute())).put("end", hhmm(q.getEndMinute()))
                .put("timezone", q.getTimezone());
        node.put("timezone", e.getTimezone());
        node.putObject("consent").put("source", e.getSource()).put("proof", e.getEvidence()).put("actor", e.getActor())
                .put("at", e.getAt().toString());
        return node;
    }

    void get(Context ctx) {
        Caller caller = guards.caller(ctx);
        guards.rate(caller, 1);
        String recipientId = Guards.pathId(ctx, "id");
        RecipientPreference preference = preferences.get(caller.tenantId(), recipientId)
                .orElseThrow(() -> Problems.notFound("no preferences recorded for this recipient").toException());
        Responses.json(ctx, 200, view(preference));
    }

    static ObjectNode view(RecipientPreference p) {
        ObjectNode node = Responses.object().put("recipientId", p.getRecipientId());
        ArrayNode optOuts = node.putArray("optOuts");
        for (OptOut o : p.getOptOuts()) {
            optOuts.addObject().put("channel", lower(o.getChannel())).put("category", o.getCategory());
        }
        QuietHours q = p.getQuietHours();
        if (q == null) node.putNull("quietHours");
        else node.putObject("quietHours").put("start", hhmm(q.getStartMinute())).put("end", hhmm(q.getEndMinute()))
                .put("timezone", q.getTimezone());
        node.put("timezone", p.getTimezone());
        ArrayNode consents = node.putArray("consents");
        for (ConsentRecord c : p.getConsents()) {
            consents.addObject().put("channel", lower(c.getChannel())).put("category", c.getCategory())
                    .put("granted", c.getGranted()).put("at", c.getAt().toString()).put("source", c.getSource())
                    .put("actor", c.getActor()).put("proof", c.getEvidence());
        }
        node.put("updatedAt", p.getUpdatedAt().toString());
        return node;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static String hhmm(int minute) {
        return String.format(Locale.ROOT, "%02d:%02d", minute / 60, minute % 60);
    }
}
