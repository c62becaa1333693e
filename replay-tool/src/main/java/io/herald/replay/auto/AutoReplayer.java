package io.herald.replay.auto;

import io.herald.contracts.Channel;
import io.herald.contracts.ControlCommand;
import io.herald.contracts.ControlType;
import io.herald.contracts.HealthState;
import io.herald.contracts.ProviderHealth;
import io.herald.replay.engine.ReplayClients;
import io.herald.replay.engine.ReplayListener;
import io.herald.replay.engine.ReplayRun;
import io.herald.replay.engine.ReplaySpec;
import io.herald.replay.engine.RunRecord;
import io.herald.replay.engine.RunState;
import io.herald.replay.engine.RunStore;
import io.herald.replay.engine.SourceKind;
import io.herald.replay.gate.ReplayGate;
import io.herald.replay.health.LiveHealth;
import io.herald.replay.select.BacklogEntry;
import io.herald.replay.select.FilterParser;
import io.herald.replay.select.ReplayFilter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases a channel's parked backlog when one of its providers returns to HEALTHY: waves of the configured size,
 * each asked of a live gate (that provider HEALTHY and its deferral ratio under the threshold); a provider leaving
 * HEALTHY stops the release at once (what was sent stays committed). A later return to HEALTHY starts a new
 * release that resumes where the last one stopped, because every release of a channel shares one consumer group
 * and one transactional id ({@code <groupPrefix>-<channel>}); the shared id also fences a second instance.
 *
 * <p>Health transitions alone would leave two kinds of parked messages behind: those parked while the provider
 * stayed HEALTHY (a recipient domain deferring, retries exhausted) and those of a release the deferral gate halted
 * while the router still saw the provider HEALTHY. A periodic sweep releases them: a channel with no release
 * running, a HEALTHY provider whose gate is open, and selected parked records past the release group's offsets.
 *
 * <p>An operator's RESUME_LANE / RESUME_TENANT releases what the pause parked (reason {@code paused}, that lane or
 * tenant) in the same waves, after a short settle so the router has applied the resume. Each resumed target has
 * its own consumer group ({@code <groupPrefix>-<channel>-resume-<target>}): a shared one would carry one target's
 * offsets past another target's records.
 *
 * <p>An operator's SET_REPLAY_PACE ({@link PaceCommand}: {@code replay:<replay id>}, {@code replay:<channel>} or
 * {@code replay:all}) changes the pace of the matching releases running now, within a second; later releases use
 * the configured waves again.
 *
 * <p>Every worker instance runs one, but only the elected one ({@link Leadership}, group
 * {@code <groupPrefix>-leader}) releases: the others follow health and wait. A new leader sweeps at once (with
 * {@code releaseOnStartup}), so a release its predecessor left unfinished resumes where it stopped.
 *
 * <p>Progress: each release is a replay run with records on the runs topic (see {@code herald-replay status}),
 * and Micrometer meters tagged by channel: {@code herald.replay.auto.running}, {@code .selected}, {@code .copied},
 * {@code .wave} (gauges) and {@code herald.replay.auto.releases} (counter, tags {@code result} and {@code trigger}:
 * {@code recovery}, {@code sweep} or {@code operator-resume}, see {@link ReleaseTrigger}; the same cause is in the
 * log line and in each replayed record's {@code herald.replay.reason}).
 */
public final class AutoReplayer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AutoReplayer.class);
    /** The parking reason the router gives paused traffic (its {@code Decider.PAUSED}). */
    static final String PAUSED = "paused";

    private final AutoReplayConfig config;
    private final ReplayClients clients;
    private final MeterRegistry meters;
    private final Clock clock;
    private final LiveHealth health;
    private final ExecutorService releases;
    private final ScheduledExecutorService sweeper;
    private final ParkedBacklog backlog;
    private final Leadership leadership;
    private final ControlFollower control;
    private final HeldCommands held = new HeldCommands();
    private final DestinationReleases destinations;
    private final Map<String, Resumed> resuming = new java.util.HashMap<>();
    private final Map<String, RunRecord> lastResume = new java.util.HashMap<>();
    private final AtomicLong leading = new AtomicLong();
    private final Map<Channel, Release> running = new EnumMap<>(Channel.class);
    private final Map<Channel, RunRecord> last = new EnumMap<>(Channel.class);
    private final Map<Channel, AtomicLong[]> gauges = new EnumMap<>(Channel.class);
    private volatile boolean closed;

    /** A release in progress: the run and the provider it is gated on. */
    private record Release(ReplayRun run, String providerId) {
    }

    /** A release of what an operator's pause parked. */
    private record Resumed(ReplayRun run, Channel channel) {
    }

    public AutoReplayer(AutoReplayConfig config, ReplayClients clients, MeterRegistry meters, Clock clock) {
        this.config = config;
        this.clients = clients;
        this.meters = meters;
        this.clock = clock;
        this.health = new LiveHealth(clients, config.healthTopic(), config.outcomeTopic(), config.deferralWindow(), clock, meters);
        this.releases = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "herald-auto-replay");
            t.setDaemon(true);
            return t;
        });
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "herald-auto-replay-sweep");
            t.setDaemon(true);
            return t;
        });
        this.backlog = new ParkedBacklog(clients);
        this.leadership = new Leadership(clients, config.healthTopic(), config.groupPrefix() + "-leader", new Leadership.Listener() {
            @Override
            public void elected() {
                onElected();
            }

            @Override
            public void deposed() {
                onDeposed();
            }
        }, meters);
        Gauge.builder("herald.replay.auto.leader", leading, AtomicLong::get)
                .description("1 while this instance leads automatic replay, else 0").register(meters);
        this.control = new ControlFollower(clients, config.controlTopic(), this::onControl, meters);
        this.destinations = new DestinationReleases(config, clients, health, releases, backlog, clock, leadership::leader);
        for (Channel channel : Channel.values()) {
            AtomicLong[] values = {new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong()};
            gauges.put(channel, values);
            String tag = channel.name().toLowerCase(Locale.ROOT);
            Gauge.builder("herald.replay.auto.running", values[0], AtomicLong::get).tag("channel", tag)
                    .description("1 while a release of the channel's parked backlog runs, else 0").register(meters);
            Gauge.builder("herald.replay.auto.selected", values[1], AtomicLong::get).tag("channel", tag)
                    .description("Parked messages the current or latest release selected").register(meters);
            Gauge.builder("herald.replay.auto.copied", values[2], AtomicLong::get).tag("channel", tag)
                    .description("Parked messages the current or latest release copied to the replay topic").register(meters);
            Gauge.builder("herald.replay.auto.wave", values[3], AtomicLong::get).tag("channel", tag)
                    .description("Wave (1-based) of the current or latest release").register(meters);
        }
    }

    /**
     * The composition a worker's Main needs: its Kafka client settings (at least {@code bootstrap.servers}) and
     * its shared registry client; blocking calls are bounded by 30 s.
     */
    public static AutoReplayer create(AutoReplayConfig config, java.util.Map<String, Object> kafka,
                                      io.herald.schemas.registry.SchemaRegistryClient registry, MeterRegistry meters) {
        return new AutoReplayer(config, ReplayClients.of(kafka, registry, Duration.ofSeconds(30)), meters, Clock.systemUTC());
    }

    /**
     * Follows provider health and stands for election; once elected, with {@code releaseOnStartup}, sweeps at once:
     * releases channels whose provider is HEALTHY now and whose parked backlog holds unreleased messages.
     */
    public void start() {
        if (!config.enabled()) {
            LOG.info("auto-replay disabled");
            return;
        }
        LOG.info("starting {}", config.describe());
        health.onHealth(this::onHealth);
        health.start();
        try {
            if (!health.awaitCaughtUp(clients.timeout())) LOG.warn("provider health history not read within {}", clients.timeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        leadership.start();
        control.start(); // RESUME releases (when configured) and operators' pace changes
        if (config.sweeps()) {
            long every = config.sweep().toMillis();
            sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Ready while its background loops are: the health view caught up (gates are closed otherwise) and the control
     * topic followed. True when disabled.
     */
    public boolean ready() {
        return !config.enabled() || (health.ready() && control.ready() && leadership.alive());
    }

    /** False only when one of its background loops stopped for good. */
    public boolean alive() {
        return !config.enabled() || (health.state().alive() && control.alive() && leadership.alive());
    }

    /** Operator commands read while this instance did not lead, kept for the next leader. */
    public int heldCommands() {
        return held.size();
    }

    /** Whether this instance is the cluster's elected automatic replayer. */
    public boolean leading() {
        return leadership.leader();
    }

    private void onElected() {
        leading.set(1);
        LOG.info("this instance now leads automatic replay for channels {}", config.channels());
        // A RESUME read while leadership moved was acted on by nobody: act on it now.
        List<ControlCommand> resumes = held.takeResumes(clock.instant());
        if (!resumes.isEmpty()) LOG.info("acting on {} RESUME command(s) read before this instance led", resumes.size());
        resumes.forEach(this::onControl);
        // Resumes what a previous leader (or this instance before a restart) left parked or half released.
        if (!config.releaseOnStartup() || closed) return;
        try {
            sweeper.execute(this::sweep);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    private void onDeposed() {
        leading.set(0);
        LOG.info("this instance no longer leads automatic replay");
        synchronized (this) {
            running.values().forEach(r -> r.run().stop("leadership moved to another instance"));
            destinations.stopAll("leadership moved to another instance");
            resuming.values().forEach(r -> r.run().stop("leadership moved to another instance"));
        }
    }

    /** An operator resumed a lane or a tenant: release what the pause parked, once the router has applied it. */
    private void onControl(ControlCommand command) {
        if (closed) return;
        if (!leadership.leader()) {
            held.hold(command, clock.instant());
            return;
        }
        if (command.getType() == ControlType.SET_REPLAY_PACE) {
            repace(command);
            return;
        }
        if (!config.releaseOnResume()) return;
        String reason = ReleaseTrigger.OPERATOR_RESUME.why(null,
                command.getType() + " by " + command.getIssuedBy() + " (" + command.getReason() + ")");
        if (command.getType() == ControlType.RESUME_LANE && command.getChannel() != null && command.getLane() != null
                && config.channels().contains(command.getChannel())) {
            String lane = command.getLane().name().toLowerCase(Locale.ROOT);
            later(() -> releaseResumed(command.getChannel(), "lane=" + lane, "lane-" + lane, reason));
        } else if (command.getType() == ControlType.RESUME_TENANT && command.getTenantId() != null) {
            for (Channel channel : config.channels()) {
                later(() -> releaseResumed(channel, "tenant=" + command.getTenantId(), "tenant-" + command.getTenantId(), reason));
            }
        }
    }

    /** Applies an operator's pace to the matching releases running now. */
    private void repace(ControlCommand command) {
        PaceCommand pace;
        try {
            pace = PaceCommand.of(command).orElseThrow();
        } catch (RuntimeException e) {
            LOG.warn("ignoring SET_REPLAY_PACE {} by {}: {}", command.getCommandId(), command.getIssuedBy(), e.getMessage());
            return;
        }
        int changed = 0;
        synchronized (this) {
            for (Map.Entry<Channel, Release> e : running.entrySet()) {
                if (pace.appliesTo(e.getValue().run().spec().replayId(), e.getKey())) {
                    e.getValue().run().changePace(pace.pace());
                    changed++;
                }
            }
            for (Resumed resumed : resuming.values()) {
                if (pace.appliesTo(resumed.run().spec().replayId(), resumed.channel())) {
                    resumed.run().changePace(pace.pace());
                    changed++;
                }
            }
        }
        LOG.info("SET_REPLAY_PACE {} by {} ({}): {} for {} running release(s)", command.getTarget(), command.getIssuedBy(),
                command.getReason(), pace.pace(), changed);
    }

    private void later(Runnable task) {
        try {
            sweeper.schedule(task, config.resumeSettle().toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    /** Releases a channel's {@code paused} records that {@code term} selects, if there are any. */
    private void releaseResumed(Channel channel, String term, String target, String why) {
        if (closed || !leadership.leader()) return;
        String group = group(channel) + "-resume-" + target.replaceAll("[^A-Za-z0-9._-]", "_");
        ReplayFilter filter = new FilterParser(clock).parse("reason=" + PAUSED + ";" + term);
        try {
            Optional<BacklogEntry> first = backlog.firstPending(config.parkedTopics().get(channel), group, filter);
            if (first.isEmpty()) return;
            // Gated like any release when the channel's health is known; the router parks again what it cannot send.
            List<String> providers = candidates(channel, first.get());
            ReplayGate gate = providers.isEmpty() ? ReplayGate.OPEN : health.gate(providers.get(0), config.gate());
            ReplayRun run = new ReplayRun(clients, new RunStore(clients, config.runsTopic()),
                    spec("resume", channel, filter, group, why), gate, new ReplayListener() {
                @Override
                public void onEnd(RunRecord end) {
                    LOG.info("{} resume release {} {}: {} of {} copied", channel, end.replayId(), end.state(), end.copied(), end.selected());
                    synchronized (AutoReplayer.this) {
                        lastResume.put(target, end);
                    }
                }
            }, clock);
            synchronized (this) {
                if (closed || resuming.containsKey(group)) return;
                resuming.put(group, new Resumed(run, channel));
            }
            LOG.info("releasing {} messages parked by the pause ({}; {}) in waves of {}", name(channel), term, why,
                    config.waves());
            releases.submit(() -> {
                String result = "failed";
                try {
                    result = run.call().state().name().toLowerCase(Locale.ROOT);
                } catch (RuntimeException e) {
                    LOG.error("{} resume release failed", name(channel), e);
                } finally {
                    synchronized (this) {
                        resuming.remove(group);
                    }
                    countRelease(name(channel), ReleaseTrigger.OPERATOR_RESUME, result);
                }
            });
        } catch (InterruptedException | org.apache.kafka.common.errors.InterruptException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("releasing {} messages parked by the pause failed: {}", name(channel), e.toString());
        }
    }

    /** The latest release after a RESUME of {@code target} ({@code lane-<lane>} or {@code tenant-<id>}), if any. */
    public synchronized Optional<RunRecord> lastResumeRelease(String target) {
        return Optional.ofNullable(lastResume.get(target));
    }

    /** One pass of the sweep over the configured channels; a failing channel does not stop the others. */
    private void sweep() {
        if (!closed && leadership.leader()) destinations.sweep();
        for (Channel channel : config.channels()) {
            if (closed || !leadership.leader()) return;
            if (releasing(channel)) continue;
            try {
                Optional<BacklogEntry> first = backlog.firstPending(config.parkedTopics().get(channel), group(channel), filter());
                if (first.isEmpty()) continue;
                Optional<String> provider = fitProvider(channel, first.get());
                if (provider.isEmpty()) continue;
                release(channel, provider.get(), ReleaseTrigger.SWEEP, null);
            } catch (InterruptedException | org.apache.kafka.common.errors.InterruptException e) {
                Thread.currentThread().interrupt(); // closing
                return;
            } catch (RuntimeException e) {
                LOG.warn("sweep of parked {} messages failed: {}", name(channel), e.toString());
            }
        }
    }

    /** The provider a sweep's release is gated on: a candidate whose gate is open now (a closed one would halt at once). */
    private Optional<String> fitProvider(Channel channel, BacklogEntry parked) {
        return candidates(channel, parked).stream().filter(id -> health.gate(id, config.gate()).check().open()).findFirst();
    }

    private List<String> candidates(Channel channel, BacklogEntry parked) {
        return ProviderChoice.candidates(channel, health.latest().values(), config.gate().unknownIsHealthy(), parked.provider());
    }

    /** Whether a release of {@code channel} is in progress. */
    public synchronized boolean releasing(Channel channel) {
        return running.containsKey(channel);
    }

    /** The last committed progress of the channel's current or latest release. */
    public synchronized Optional<RunRecord> lastRun(Channel channel) {
        return Optional.ofNullable(last.get(channel));
    }

    private void onHealth(ProviderHealth h, boolean live) {
        if (!live || closed || !leadership.leader() || !config.channels().contains(h.getChannel())) return;
        // A recipient destination's recovery releases only what was parked for it (DestinationReleases).
        if (destinations.onHealth(h)) return;
        if (h.getState() == HealthState.HEALTHY) {
            if (h.getPreviousState() != HealthState.HEALTHY) {
                release(h.getChannel(), h.getProviderId(), ReleaseTrigger.RECOVERY,
                        h.getPreviousState() == null ? null : h.getPreviousState().name());
            }
            return;
        }
        synchronized (this) {
            Release release = running.get(h.getChannel());
            if (release != null && release.providerId().equals(h.getProviderId())) {
                LOG.info("halting {} release: {} is {}", h.getChannel(), h.getProviderId(), h.getState());
                release.run().stop(h.getProviderId() + " is " + h.getState() + " (" + h.getReason() + ")");
            }
        }
    }

    private synchronized void release(Channel channel, String providerId, ReleaseTrigger trigger, String detail) {
        if (closed || !leadership.leader() || running.containsKey(channel) || !config.channels().contains(channel)) return;
        String name = name(channel);
        String why = trigger.why(providerId, detail);
        ReplaySpec spec = spec("auto", channel, filter(), group(channel), why);
        ReplayRun run = new ReplayRun(clients, new RunStore(clients, config.runsTopic()), spec,
                health.gate(providerId, config.gate()), new Meters(channel), clock);
        running.put(channel, new Release(run, providerId));
        gauges.get(channel)[0].set(1);
        LOG.info("releasing parked {} backlog ({}) in waves of {}", name, why, config.waves());
        releases.submit(() -> {
            String result = "failed";
            try {
                RunRecord end = run.call();
                result = end.state().name().toLowerCase(Locale.ROOT);
            } catch (RuntimeException e) {
                LOG.error("{} release failed", name, e);
            } finally {
                synchronized (this) {
                    running.remove(channel);
                }
                gauges.get(channel)[0].set(0);
                countRelease(name, trigger, result);
            }
        });
    }

    private void countRelease(String channel, ReleaseTrigger trigger, String result) {
        Counter.builder("herald.replay.auto.releases").description("Releases of parked backlogs by trigger and how they ended")
                .tag("channel", channel).tag("trigger", trigger.tag())
                .tag("result", result).register(meters).increment();
    }

    /**
     * A release of the channel's parked topic to the replay topic in the configured waves; {@code group} is both its
     * consumer group and its transactional id, so a later release with the same group resumes where this one stopped.
     */
    private ReplaySpec spec(String kind, Channel channel, ReplayFilter filter, String group, String why) {
        return new ReplaySpec(kind + "-" + name(channel) + "-" + clock.millis(), config.parkedTopics().get(channel),
                SourceKind.PARKED, config.targetTopic(), filter, config.waves(), config.abort(), "auto-replayer", why,
                group, group, config.commitInterval(), Duration.ofSeconds(5), config.outcomeTopic(), false);
    }

    private static String name(Channel channel) {
        return channel.name().toLowerCase(Locale.ROOT);
    }

    /** The consumer group (and transactional id) every release of {@code channel} shares. */
    private String group(Channel channel) {
        return config.groupPrefix() + "-" + name(channel);
    }

    /** The parking reasons a release takes; never a destination's backlog, which waits for that destination. */
    private ReplayFilter filter() {
        String notDestination = "reason!=" + io.herald.policy.destination.Destinations.DOWN_REASON_PREFIX + "*";
        return new FilterParser(clock).parse(config.reasons().isEmpty() ? notDestination
                : "reason=" + String.join(",", config.reasons()) + ";" + notDestination);
    }

    /** Whether a release of what was parked for {@code destination} is in progress. */
    public boolean releasingDestination(String destination) {
        return destinations.releasing(destination);
    }

    /** The last committed progress of {@code destination}'s current or latest release. */
    public Optional<RunRecord> lastDestinationRun(String destination) {
        return destinations.lastRun(destination);
    }

    /** Mirrors a release's progress into the channel's gauges. */
    private final class Meters implements ReplayListener {
        private final Channel channel;

        Meters(Channel channel) {
            this.channel = channel;
        }

        @Override
        public void onStart(RunRecord run) {
            record(run);
        }

        @Override
        public void onWave(long wave, long waves) {
            gauges.get(channel)[3].set(wave + 1);
        }

        @Override
        public void onCommit(RunRecord run) {
            record(run);
        }

        @Override
        public void onEnd(RunRecord run) {
            record(run);
            LOG.info("{} release {} {}: {} of {} copied{}", channel, run.replayId(), run.state(), run.copied(), run.selected(),
                    run.detail() == null ? "" : " (" + run.detail() + ")");
        }

        private void record(RunRecord run) {
            gauges.get(channel)[1].set(run.selected());
            gauges.get(channel)[2].set(run.copied());
            synchronized (AutoReplayer.this) {
                last.put(channel, run);
            }
        }
    }

    /** Stops every release (committing what was sent), then the health view. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        sweeper.shutdownNow();
        synchronized (this) {
            running.values().forEach(r -> r.run().stop("shutdown"));
            destinations.stopAll("shutdown");
            resuming.values().forEach(r -> r.run().stop("shutdown"));
        }
        releases.shutdown();
        try {
            if (!releases.awaitTermination(30, TimeUnit.SECONDS)) releases.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            releases.shutdownNow();
        }
        control.close();
        leadership.close(); // after the releases committed, so the next leader resumes from there
        health.close();
        LOG.info("auto-replay closed");
    }

    /** Whether the last release of {@code channel} ended in {@code state}. */
    public boolean lastEndedIn(Channel channel, RunState state) {
        return lastRun(channel).map(r -> r.state() == state).orElse(false);
    }
}
