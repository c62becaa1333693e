package io.herald.compose.faults;

import io.herald.contracts.OutcomeStatus;
import io.herald.policy.reconcile.ReconciliationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What one fault run did to the promise, in the figures {@code docs/guarantees.md} quotes: how many notifications
 * were accepted, how they ended (per terminal state), how many have no terminal state (split into parked,
 * UNCERTAIN — reported and deliberately not resent — and lost), how many have two, how many extra copies the sinks
 * received, and for a kill how many sends were in flight at that moment.
 *
 * @param fault          the fault injected
 * @param accepted       notifications the ingest API accepted (202) during the run
 * @param refused        posts it refused (503 while the broker was down, ...): never accepted, not counted
 * @param terminal       accepted notifications per (first) terminal state
 * @param withoutTerminal accepted notifications with no terminal state at the end of the run
 * @param parked         of those, visibly PARKED
 * @param uncertain      of those, UNCERTAIN: handed over ambiguously, reported, not resent
 * @param lost           of those, neither: lost
 * @param withTwo        notifications with two terminal states
 * @param sinkDuplicates extra copies the sinks received (a message received twice counts 1)
 * @param inFlightAtKill sends the sinks had received whose outcome was not committed when the process was killed;
 *                       null when nothing was killed
 * @param took           from the first post to the end of the reconciliation
 */
record FaultFigures(String fault, int accepted, long refused, Map<OutcomeStatus, Long> terminal, int withoutTerminal, int parked,
                    int uncertain, int lost, int withTwo, int sinkDuplicates, Integer inFlightAtKill, Duration took) {
    static final Path FILE = Path.of("target", "fault-figures.md");

    FaultFigures {
        terminal = new TreeMap<>(terminal);
    }

    /**
     * The figures of a reconciliation: {@code uncertain} ids are taken out of its {@code lost} list (the reconciliation
     * knows no UNCERTAIN state; for the promise it is reported, not lost).
     */
    static FaultFigures of(String fault, ReconciliationReport report, long refused, Set<String> uncertain, Integer inFlightAtKill,
                           Duration took) {
        List<String> lost = report.lost().stream().filter(id -> !uncertain.contains(id)).toList();
        int withoutTerminal = report.accepted() - (int) report.terminal();
        int extraCopies = report.sinkDuplicates().values().stream().mapToInt(n -> n - 1).sum();
        int uncertainWithout = (int) java.util.stream.Stream.of(report.lost(), report.inFlight(), report.parked())
                .flatMap(List::stream).filter(uncertain::contains).count();
        return new FaultFigures(fault, report.accepted(), refused, report.terminalCounts(), withoutTerminal, report.parked().size(),
                uncertainWithout, lost.size(), report.multipleTerminal().size(), extraCopies, inFlightAtKill, took);
    }

    /** One row of the table in docs/guarantees.md. */
    String row() {
        String states = terminal.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        return "| " + fault + " | " + accepted + " | " + states + " | " + withoutTerminal + " (parked " + parked + ", uncertain "
                + uncertain + ", lost " + lost + ") | " + withTwo + " | " + sinkDuplicates + " | "
                + (inFlightAtKill == null ? "—" : inFlightAtKill.toString()) + " | " + refused + " | " + took.toSeconds() + " s |";
    }

    /** Prints the figures in the test output and appends them to {@code target/fault-figures.md}. */
    FaultFigures report() {
        System.out.println("FAULT FIGURES " + row());
        try {
            Files.createDirectories(FILE.getParent());
            if (!Files.exists(FILE)) {
                Files.writeString(FILE, "| fault | accepted | terminal per state | without terminal | with two | sink duplicates "
                        + "| in flight at kill | refused (503) | run |\n|---|---|---|---|---|---|---|---|---|\n");
            }
            Files.writeString(FILE, row() + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + FILE, e);
        }
        return this;
    }
}
