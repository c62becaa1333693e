package io.herald.replay.auto;

import io.herald.contracts.Channel;
import io.herald.contracts.HealthState;
import io.herald.contracts.ProviderHealth;
import io.herald.policy.destination.Destinations;
import io.herald.replay.engine.ReplayClients;
import io.herald.replay.engine.ReplayListener;
import io.herald.replay.engine.ReplayRun;
import io.herald.replay.engine.ReplaySpec;
import io.herald.replay.engine.RunRecord;
import io.herald.replay.engine.RunStore;
import io.herald.replay.engine.SourceKind;
import io.herald.replay.gate.DeferralWindow;
import io.herald.replay.gate.ReplayGate;
import io.herald.replay.gate.GateVerdict;
import io.herald.replay.health.LiveHealth;
import io.herald.replay.select.BacklogEntry;
import io.herald.replay.select.FilterParser;
import io.herald.replay.select.ReplayFilter;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-destination half of the automatic replayer (issue 14): when a recipient destination returns to
 * HALF_OPEN or HEALTHY, what the router parked for it (reason {@code destination-down:<name>}) is released in the
 * usual health-gated waves (the first of them is the destination's half-open test), gated on that destination's own health and deferral ratio; a relapse of that destination
 * halts its release only, and releases of the channel's providers or of other destinations go on.
 *
 * <p>Each destination has its own consumer group and transactional id
 * ({@code <groupPrefix>-<channel>-destination-<name>}): sharing the channel's would carry one destination's
 * offsets past another's records. The channel's provider releases never take these records (their filter
 * excludes the reason), so a provider's recovery does not pour a destination's backlog into a destination that
 * is still down.
 */
final class DestinationReleases {
    private static final Logger LOG = LoggerFactory.getLogger(DestinationReleases.class);

    private final AutoReplayConfig config;
    private final ReplayClients clients;
    private final LiveHealth health;
    private final ExecutorService releases;
    private final ParkedBacklog backlog;
    private final Clock clock;
    private final BooleanSupplier leading;
    private final Map<String, ReplayRun> running = new HashMap<>();
    private final Map<String, RunRecord> last = new HashMap<>();

    DestinationReleases(AutoReplayConfig config, ReplayClients clients, LiveHealth health, ExecutorService releases,
                        ParkedBacklog backlog, Clock clock, BooleanSupplier leading) {
        this.config = config;
        this.clients = clients;
        this.health = health;
        this.releases = releases;
        this.backlog = backlog;
        this.clock = clock;
        this.leading = leading;
    }

    /** Whether {@code h} is a destination's record (then it was handled here and means nothing to provider releases). */
    boolean onHealth(ProviderHealth h) {
        String destination = h.getDestination();
        if (destination == null) return false;
        if (h.getState() == HealthState.HEALTHY || h.getState() == HealthState.HALF_OPEN) {
            // Nobody probes a destination: its first released wave is its half-open test (the router lets released
            // notifications through to a HALF_OPEN destination), and a failure there takes it DOWN and halts this.
            if (h.getPreviousState() != h.getState()) {
                release(h.getChannel(), destination, "recovery: destination " + destination + " is " + h.getState()
                        + (h.getPreviousState() == null ? "" : " after " + h.getPreviousState()));
            }
        } else {
            stop(destination, "destination " + destination + " is " + h.getState() + " (" + h.getReason() + ")");
        }
        return true;
    }

    /** Releases destinations that are HEALTHY now but still hold unreleased parked records (a new leader, a halted run). */
    void sweep() {
        for (ProviderHealth h : health.latest().values()) {
            if (h.getDestination() == null || h.getState() != HealthState.HEALTHY || !config.channels().contains(h.getChannel())) {
                continue;
            }
            if (releasing(h.getDestination())) continue;
            try {
                Optional<BacklogEntry> first = backlog.firstPending(config.parkedTopics().get(h.getChannel()),
                        group(h.getChannel(), h.getDestination()), filter(h.getDestination()));
                if (first.isPresent()) {
                    release(h.getChannel(), h.getDestination(), "sweep: parked messages not yet released while destination "
                            + h.getDestination() + " is HEALTHY");
                }
            } catch (InterruptedException | org.apache.kafka.common.errors.InterruptException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("sweep of messages parked for destination {} failed: {}", h.getDestination(), e.toString());
            }
        }
    }

    synchronized boolean releasing(String destination) {
        return running.containsKey(destination);
    }

    synchronized Optional<RunRecord> lastRun(String destination) {
        return Optional.ofNullable(last.get(destination));
    }

    synchronized void stopAll(String why) {
        running.values().forEach(r -> r.stop(why));
    }

    private synchronized void stop(String destination, String why) {
        ReplayRun run = running.get(destination);
        if (run == null) return;
        LOG.info("halting the release for destination {}: {}", destination, why);
        run.stop(why);
    }

    private synchronized void release(Channel channel, String destination, String why) {
        if (!leading.getAsBoolean() || running.containsKey(destination) || !config.channels().contains(channel)) return;
        String group = group(channel, destination);
        String name = channel.name().toLowerCase(Locale.ROOT);
        ReplaySpec spec = new ReplaySpec("auto-" + name + "-destination-" + clock.millis(), config.parkedTopics().get(channel),
                SourceKind.PARKED, config.targetTopic(), filter(destination), config.waves(), config.abort(), "auto-replayer",
                why, group, group, config.commitInterval(), Duration.ofSeconds(5), config.outcomeTopic(), false);
        ReplayRun run = new ReplayRun(clients, new RunStore(clients, config.runsTopic()), spec,
                gate(destination), new ReplayListener() {
            @Override
            public void onCommit(RunRecord record) {
                remember(destination, record);
            }

            @Override
            public void onEnd(RunRecord end) {
                remember(destination, end);
                LOG.info("release for destination {} {} {}: {} of {} copied{}", destination, end.replayId(), end.state(),
                        end.copied(), end.selected(), end.detail() == null ? "" : " (" + end.detail() + ")");
            }
        }, clock);
        running.put(destination, run);
        LOG.info("releasing {} messages parked for destination {} ({}) in waves of {}", name, destination, why, config.waves());
        releases.submit(() -> {
            try {
                run.call();
            } catch (RuntimeException e) {
                LOG.error("release for destination {} failed", destination, e);
            } finally {
                synchronized (this) {
                    running.remove(destination);
                }
            }
        });
    }

    private synchronized void remember(String destination, RunRecord record) {
        last.put(destination, record);
    }

    /** Open while the destination is HEALTHY or HALF_OPEN (its recovery test) and its deferrals stay under the limit. */
    private ReplayGate gate(String destination) {
        String key = Destinations.healthKey(destination);
        return () -> {
            GateVerdict blind = health.unavailable();
            if (blind != null) return blind;
            HealthState state = health.state(key);
            DeferralWindow window = health.deferrals(key);
            return config.gate().decide(key, state == HealthState.HALF_OPEN ? HealthState.HEALTHY : state,
                    window.attempts(), window.deferred());
        };
    }

    private ReplayFilter filter(String destination) {
        return new FilterParser(clock).parse("reason=" + Destinations.downReason(destination));
    }

    private String group(Channel channel, String destination) {
        return config.groupPrefix() + "-" + channel.name().toLowerCase(Locale.ROOT) + "-destination-"
                + destination.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
