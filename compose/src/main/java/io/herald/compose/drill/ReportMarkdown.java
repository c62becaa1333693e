package io.herald.compose.drill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The drill report for people (Markdown) and for tools (JSON), and writing both to the report directory. */
public final class ReportMarkdown {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportMarkdown() {
    }

    /** Writes {@code <name>.json} and {@code <name>.md} into {@code dir}; returns the Markdown. */
    public static String write(DrillReport report, Path dir, String name) {
        String markdown = render(report);
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".json"), JSON.writeValueAsBytes(report));
            Files.writeString(dir.resolve(name + ".md"), markdown, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the drill report to " + dir + " (--report-dir)", e);
        }
        return markdown;
    }

    /** Reads a report written by {@link #write}. */
    public static DrillReport read(Path json) {
        try {
            return JSON.readValue(json.toFile(), DrillReport.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable drill report " + json, e);
        }
    }

    public static String render(DrillReport r) {
        StringBuilder md = new StringBuilder();
        md.append(r.destination() == null ? "# Drill: exchange outage\n\n" : "# Drill: exchange recipients\n\n");
        md.append("Outage window ").append(r.outageStart()).append(" → ").append(r.outageEnd())
                .append(". Settings: ").append(settings(r.drill())).append(".\n\n");
        md.append("## Promises\n\n| promise | kept | detail |\n|---|---|---|\n");
        r.promises().forEach(p -> md.append("| ").append(p.promise()).append(" | ").append(p.kept() ? "yes" : "**NO**").append(" | ")
                .append(p.detail()).append(" |\n"));

        if (r.destination() != null) destination(md, r.destination());
        md.append("\n## Detection and failover\n\n| measure | value |\n|---|---|\n");
        r.mttdMs().forEach((provider, ms) -> md.append("| MTTD ").append(provider).append(" (outage start → DOWN) | ").append(ms(ms)).append(" |\n"));
        md.append("| first critical code delivered by SMS (after outage start) | ").append(ms(r.firstCriticalSmsMs())).append(" |\n");
        DrillReport.Critical c = r.critical();
        md.append("| criticals posted during the outage | ").append(c.postedDuringOutage()).append(" (SMS ").append(c.deliveredBySms())
                .append(", email ").append(c.deliveredByEmail()).append(", not delivered ").append(c.notDelivered().size()).append(") |\n");
        md.append("| critical latency POST → SENT during the outage | p50 ").append(ms(c.latencyP50Ms())).append(", p99 ")
                .append(ms(c.latencyP99Ms())).append(", max ").append(ms(c.latencyMaxMs())).append(" |\n");

        md.append("\n## Provider health\n\n");
        if (r.health().isEmpty()) md.append("No transition after the outage started.\n");
        else {
            md.append("| +time | provider | state | reason | source |\n|---|---|---|---|---|\n");
            r.health().forEach(h -> md.append("| ").append(ms(h.sinceOutageStartMs())).append(" | ").append(h.provider()).append(" | ")
                    .append(h.state()).append(" | ").append(h.reason()).append(" | ").append(h.source()).append(" |\n"));
        }

        md.append("\n## Outcomes per lane\n\n| lane | posted | terminal | parked | in flight | lost |\n|---|---|---|---|---|---|\n");
        r.lanes().forEach((lane, l) -> md.append("| ").append(lane).append(" | ").append(l.posted()).append(" | ").append(terminal(l.terminal()))
                .append(" | ").append(l.parked()).append(" | ").append(l.inFlight()).append(" | ").append(l.lost()).append(" |\n"));
        md.append("\nCodes: ").append(r.codes().posted()).append(" posted, ").append(r.codes().expired()).append(" expired, ")
                .append(r.codes().sentAfterExpiry().size()).append(" sent after their expiry.\n");

        DrillReport.Parked p = r.parked();
        md.append("\n## Parked backlog and its release\n\n").append(p.total()).append(" parked (").append(terminal(p.byLane())).append("); ")
                .append(p.stillParked()).append(" still parked at the end; drain after the outage ended: ").append(ms(p.drainMs())).append(".\n");
        for (DrillReport.Release rel : p.releases()) {
            md.append("\nRelease `").append(rel.replayId()).append("` (").append(rel.state()).append(", pace ").append(rel.pace())
                    .append(", ").append(rel.copied()).append(" of ").append(rel.selected()).append(" released):\n\n| wave | planned | actual |\n|---|---|---|\n");
            rel.waves().forEach(w -> md.append("| ").append(w.wave()).append(" | ").append(w.planned()).append(" | ").append(w.actual()).append(" |\n"));
        }

        DrillReport.Sinks s = r.sinks();
        md.append("\n## Reconciliation\n\n");
        md.append(r.reconciliation().accepted()).append(" accepted, ").append(r.reconciliation().terminal()).append(" terminal, ")
                .append(r.reconciliation().parked()).append(" parked, ").append(r.reconciliation().inFlight()).append(" in flight, ")
                .append(r.reconciliation().lost().size()).append(" lost, ").append(r.reconciliation().multipleTerminal().size())
                .append(" with two terminal states.\n");
        md.append(s.measured() ? "Sinks: " + s.mailReceived() + " mails and " + s.smsReceived() + " SMS received, " + s.duplicates().size()
                + " notifications delivered more than once" + (s.unknownDeliveries() > 0 ? ", " + s.unknownDeliveries()
                + " messages of notifications this drill did not post (other traffic, or a post whose answer was lost)" : "") + ".\n" : "Sinks: not read (real providers); duplicates judged from the event log only.\n");
        return md.toString();
    }

    /** The recipient-destination drill's own section: detection per destination, its recipients' codes, everyone else's mail. */
    private static void destination(StringBuilder md, DrillReport.Destination d) {
        md.append("\n## Recipient destination ").append(d.destination()).append("\n\n")
                .append(d.sharePercent()).append("% of each lane's recipients on ").append(String.join(", ", d.domains())).append(".\n\n")
                .append("| measure | value |\n|---|---|\n");
        d.mttdMs().forEach((name, ms) -> md.append("| MTTD destination ").append(name).append(" (outage start → DOWN) | ").append(ms(ms)).append(" |\n"));
        md.append("| mail providers DOWN during the outage | ").append(d.providersDown().isEmpty() ? "none" : String.join(", ", d.providersDown())).append(" |\n");
        DrillReport.Critical c = d.critical();
        md.append("| critical codes to affected recipients | ").append(c.postedDuringOutage()).append(" (SMS ").append(c.deliveredBySms())
                .append(", email ").append(c.deliveredByEmail()).append(", not delivered ").append(c.notDelivered().size()).append(") |\n");
        md.append("| their latency POST → SENT | p50 ").append(ms(c.latencyP50Ms())).append(", p99 ").append(ms(c.latencyP99Ms()))
                .append(", max ").append(ms(c.latencyMaxMs())).append(" |\n");
        DrillReport.Unaffected u = d.unaffected();
        md.append("| mail to unaffected recipients during the outage | ").append(u.posted()).append(" (sent by ").append(terminal(u.sentBy()))
                .append("; deferred ").append(u.deferred()).append(", parked ").append(u.parked()).append(") |\n");
        md.append("| its latency POST → SENT | p50 ").append(ms(u.latencyP50DuringMs())).append(" (before the outage ")
                .append(ms(u.latencyP50BeforeMs())).append("), p99 ").append(ms(u.latencyP99DuringMs())).append(" |\n");
        for (DrillReport.Release rel : d.releases()) {
            md.append("\nRelease `").append(rel.replayId()).append("` of ").append(d.destination()).append("'s backlog (").append(rel.state())
                    .append(", pace ").append(rel.pace()).append(", ").append(rel.copied()).append(" of ").append(rel.selected())
                    .append(" released):\n\n| wave | planned | actual |\n|---|---|---|\n");
            rel.waves().forEach(w -> md.append("| ").append(w.wave()).append(" | ").append(w.planned()).append(" | ").append(w.actual()).append(" |\n"));
        }
    }

    private static String settings(Map<String, Object> drill) {
        StringBuilder out = new StringBuilder();
        drill.forEach((k, v) -> out.append(out.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
        return out.toString();
    }

    private static String terminal(Map<String, Long> counts) {
        if (counts.isEmpty()) return "-";
        StringBuilder out = new StringBuilder();
        counts.forEach((k, v) -> out.append(out.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
        return out.toString();
    }

    static String ms(Long ms) {
        if (ms == null) return "—";
        return ms < 10_000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
