package io.herald.router.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.router.topology.LedgerEntry;
import io.herald.router.topology.TimelineEntry;
import java.time.Instant;

/** The status timeline document (shared contract with ingest, which proxies it tenant-scoped). */
public final class StatusJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private StatusJson() {
    }

    public static String of(LedgerEntry e) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("notificationId", e.notificationId());
        root.put("tenantId", e.tenantId());
        root.put("state", e.state());
        root.put("terminal", e.terminal());
        root.put("channel", e.channel());
        root.put("provider", e.provider());
        root.put("updatedAt", e.updatedAtMs() == 0 ? null : Instant.ofEpochMilli(e.updatedAtMs()).toString());
        if ("DEFERRED".equals(e.state())) {
            // A deferral says when the next attempt is and how many are left, from its latest DEFERRED line.
            for (int i = e.timeline().size() - 1; i >= 0; i--) {
                TimelineEntry t = e.timeline().get(i);
                if ("DEFERRED".equals(t.status())) {
                    nextAttempt(root, t);
                    break;
                }
            }
        }
        ArrayNode timeline = root.putArray("timeline");
        for (TimelineEntry t : e.timeline()) {
            ObjectNode line = timeline.addObject();
            line.put("at", Instant.ofEpochMilli(t.atMs()).toString());
            line.put("stage", t.stage());
            line.put("status", t.status());
            line.put("channel", t.channel());
            line.put("provider", t.provider());
            line.put("providerCode", t.providerCode());
            line.put("detail", t.detail());
            nextAttempt(line, t);
        }
        return root.toString();
    }

    /** {@code nextAttemptAt} and {@code attemptsLeft} of a DEFERRED line, when it has them. */
    private static void nextAttempt(ObjectNode node, TimelineEntry t) {
        if (t.nextAttemptAtMs() != null) node.put("nextAttemptAt", Instant.ofEpochMilli(t.nextAttemptAtMs()).toString());
        if (t.attemptsLeft() != null) node.put("attemptsLeft", t.attemptsLeft());
    }

    /** RFC 9457 problem document. */
    static String problem(int status, String title, String detail) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("type", "about:blank");
        root.put("title", title);
        root.put("status", status);
        root.put("detail", detail);
        return root.toString();
    }
}
