package io.herald.workers.runtime;

import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.DispatchCommand;
import io.herald.contracts.ErrorClass;
import io.herald.contracts.HealthState;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Priority;
import io.herald.policy.destination.Destinations;
import io.herald.policy.reply.ReplyRules;
import io.herald.workers.channel.AttemptResult;
import io.herald.workers.channel.ChannelProvider;
import io.herald.workers.classify.Classification;
import io.herald.workers.classify.Classifier;
import io.herald.workers.classify.Failure;
import io.herald.workers.classify.IoKind;
import io.herald.policy.choice.ProviderChoice;
import io.herald.workers.pacing.FailoverPacer;
import io.herald.workers.pacing.ProviderPacer;
import io.herald.workers.retry.LaneRetryPolicy;
import io.herald.workers.retry.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Delivers one dispatch command on one channel: tries the usable providers in order for the same
 * message at once (within-channel failover), paced per provider; classifies each failure; ends in SENT,
 * FAILED, UNCERTAIN (never resent), a retry tier, or CHANNEL_EXHAUSTED, as the lane's deadline rule
 * ({@link LaneRetryPolicy}) says. Knows nothing about Kafka.
 * Thread-safe: one engine serves all worker threads of a channel.
 */
public final class DeliveryEngine {
    /** Detail of the DEFERRED outcome of a message waiting for its slot on the failover ramp ({@code failover-ramp until <instant>}). */
    public static final String FAILOVER_RAMP = "failover-ramp";
    private final Map<String, ChannelProvider> providers;
    private final Map<String, ProviderPacer> pacers;
    private final HealthView health;
    private final LaneRetryPolicy retryPolicy;
    private final int halfOpenTricklePercent;
    private final Clock clock;
    private final DoubleSupplier random;
    private final WorkerMetrics metrics;
    private final ReplyRules replyRules;
    private final FailoverPacer failover;
    private final String primary;

    /**
     * @param providers              the channel's providers in configured order
     * @param halfOpenTricklePercent share of notifications (0–100, by id) a HALF_OPEN provider takes: the
     *                               same share the router grants, so both sides pick the same probes
     */
    public DeliveryEngine(List<ChannelProvider> providers, Map<String, ProviderPacer> pacers, HealthView health, LaneRetryPolicy retryPolicy,
                          int halfOpenTricklePercent, Clock clock, WorkerMetrics metrics) {
        this(providers, pacers, health, retryPolicy, halfOpenTricklePercent, clock, metrics, ReplyRules.defaults());
    }

    /** @param replyRules what providers' replies mean (operator rules first, then the defaults) */
    public DeliveryEngine(List<ChannelProvider> providers, Map<String, ProviderPacer> pacers, HealthView health, LaneRetryPolicy retryPolicy,
                          int halfOpenTricklePercent, Clock clock, WorkerMetrics metrics, ReplyRules replyRules) {
        this(providers, pacers, health, retryPolicy, halfOpenTricklePercent, clock, metrics, replyRules, FailoverPacer.none(clock));
    }

    /** @param failover the channel's failover ramp: how fast the other providers take over while the primary is DOWN */
    public DeliveryEngine(List<ChannelProvider> providers, Map<String, ProviderPacer> pacers, HealthView health, LaneRetryPolicy retryPolicy,
                          int halfOpenTricklePercent, Clock clock, WorkerMetrics metrics, ReplyRules replyRules, FailoverPacer failover) {
        this(providers, pacers, health, retryPolicy, halfOpenTricklePercent, clock, () -> ThreadLocalRandom.current().nextDouble(),
                metrics, replyRules, failover);
    }

    DeliveryEngine(List<ChannelProvider> providers, Map<String, ProviderPacer> pacers, HealthView health, LaneRetryPolicy retryPolicy,
                   int halfOpenTricklePercent, Clock clock, DoubleSupplier random, WorkerMetrics metrics) {
        this(providers, pacers, health, retryPolicy, halfOpenTricklePercent, clock, random, metrics, ReplyRules.defaults());
    }

    DeliveryEngine(List<ChannelProvider> providers, Map<String, ProviderPacer> pacers, HealthView health, LaneRetryPolicy retryPolicy,
                   int halfOpenTricklePercent, Clock clock, DoubleSupplier random, WorkerMetrics metrics, ReplyRules replyRules) {
        this(providers, pacers, health, retryPolicy, halfOpenTricklePercent, clock, random, metrics, replyRules, FailoverPacer.none(clock));
    }

    DeliveryEngine(List<ChannelProvider> providers, Map<String, ProviderPacer> pacers, HealthView health, LaneRetryPolicy retryPolicy,
                   int halfOpenTricklePercent, Clock clock, DoubleSupplier random, WorkerMetrics metrics, ReplyRules replyRules,
                   FailoverPacer failover) {
        if (halfOpenTricklePercent < 0 || halfOpenTricklePercent > 100) {
            throw new IllegalArgumentException("HERALD_HEALTH_HALF_OPEN_TRICKLE_PERCENT must be in 0..100, was " + halfOpenTricklePercent);
        }
        this.providers = new LinkedHashMap<>();
        for (ChannelProvider p : providers) {
            this.providers.put(p.id(), p);
            if (!pacers.containsKey(p.id())) throw new IllegalArgumentException("no pacer for provider " + p.id());
        }
        this.halfOpenTricklePercent = halfOpenTricklePercent;
        this.pacers = Map.copyOf(pacers);
        this.health = health;
        this.retryPolicy = retryPolicy;
        this.clock = clock;
        this.random = random;
        this.metrics = metrics;
        this.replyRules = replyRules;
        this.failover = failover;
        this.primary = providers.isEmpty() ? null : providers.get(0).id();
    }

    /** Processes one command. Blocks while pacing; {@link InterruptedException} means "hand it back unprocessed". */
    public Delivery deliver(DispatchCommand command) throws InterruptedException {
        List<DeliveryOutcome> outcomes = new ArrayList<>();
        Instant now = clock.instant();
        // A late one-time code is worse than none: never deliver after expiry.
        if (command.getExpiresAt() != null && !now.isBefore(command.getExpiresAt())) {
            outcomes.add(OutcomeFactory.outcome(command, now, OutcomeStatus.EXPIRED, null, null, null, "expired-before-attempt", null));
            return done(outcomes);
        }
        // The recipient's mail service is down (issue 14): any attempt would only defer again and waste a retry round,
        // so a message that reached a retry tier before the destination was known DOWN goes back to the router now.
        if (destinationDown(command)) {
            RetryPolicy.Decision decision = retryPolicy.whenDestinationDown(command.getLane(), hasFallback(command), command.getAttempt(),
                    now, command.getExpiresAt(), random.getAsDouble());
            if (decision instanceof RetryPolicy.Retry) {
                outcomes.add(OutcomeFactory.outcome(command, now, OutcomeStatus.DEFERRED, null, ErrorClass.TRANSIENT,
                        command.getLastProviderCode(), RetryPolicy.DESTINATION_DOWN, null));
            }
            return after(decision, command, outcomes, null, command.getLastProviderCode());
        }
        // The router's rule, applied again with this worker's fresher view of the same health topic.
        ProviderChoice.Choice selection = ProviderChoice.choose(command.getNotificationId(), List.copyOf(providers.keySet()),
                routerOrder(command), health::state, halfOpenTricklePercent);
        if (selection.allDown()) {
            RetryPolicy.Decision decision = retryPolicy.whenAllDown(command.getLane(), hasFallback(command), command.getAttempt(), now,
                    command.getExpiresAt(), random.getAsDouble());
            if (decision instanceof RetryPolicy.Retry) {
                // A critical code with nowhere else to go waits for a provider to come back, without an attempt.
                outcomes.add(OutcomeFactory.outcome(command, now, OutcomeStatus.DEFERRED, null, ErrorClass.TRANSIENT,
                        command.getLastProviderCode(), RetryPolicy.ALL_PROVIDERS_DOWN, null));
            }
            return after(decision, command, outcomes, null, command.getLastProviderCode());
        }
        String lastProvider = null;
        String lastCode = command.getLastProviderCode();
        boolean throttledOnly = !selection.usable().isEmpty();
        for (String providerId : selection.usable()) {
            // While the primary is DOWN the others take bulk and transactional on the failover ramp's schedule: a message
            // whose slot is further off than a short wait goes to the retry tier until shortly before it (no attempt, no
            // blame, no round counted) instead of holding a worker thread, so critical traffic is not held back behind it.
            if (failover.acquire(providerId, command.getLane(), command.getNotificationId(), health.state(primary))
                    instanceof FailoverPacer.Hold hold) {
                outcomes.add(OutcomeFactory.outcome(command, clock.instant(), OutcomeStatus.DEFERRED, null, ErrorClass.TRANSIENT, lastCode,
                        FAILOVER_RAMP + " until " + hold.slot(), null));
                RetryPolicy lane = retryPolicy.of(command.getLane());
                return after(new RetryPolicy.Retry(lane.tiers().get(0), command.getAttempt(), hold.retryAt(),
                        lane.attemptsLeft(command.getAttempt(), hold.retryAt(), command.getExpiresAt())),
                        command, outcomes, lastProvider, lastCode);
            }
            Attempt attempt = attempt(providerId, command);
            lastProvider = providerId;
            if (attempt.result() instanceof AttemptResult.Sent sent) {
                outcomes.add(OutcomeFactory.outcome(command, clock.instant(), OutcomeStatus.SENT, providerId, null, sent.providerCode(),
                        sent.units() > 1 ? "units=" + sent.units() : null, attempt.latencyMs()));
                return done(outcomes);
            }
            Classification c = attempt.classification();
            lastCode = c.providerCode();
            if (c.errorClass() != ErrorClass.THROTTLED) throttledOnly = false;
            OutcomeStatus status = switch (c.errorClass()) {
                case PERMANENT, INVALID -> OutcomeStatus.FAILED;
                case UNCERTAIN -> OutcomeStatus.UNCERTAIN;
                default -> OutcomeStatus.DEFERRED;
            };
            outcomes.add(OutcomeFactory.outcome(command, clock.instant(), status, providerId, c.errorClass(), c.providerCode(), c.reason(),
                    attempt.latencyMs()));
            // Permanent: no provider can change the verdict. Uncertain: the provider may have it; resending risks a duplicate.
            if (status != OutcomeStatus.DEFERRED) return done(outcomes);
        }
        if (selection.usable().isEmpty()) {
            // Only half-open providers, and this notification is outside their trickle: wait like a deferral, without blaming anyone.
            outcomes.add(OutcomeFactory.outcome(command, clock.instant(), OutcomeStatus.DEFERRED, null, ErrorClass.TRANSIENT, lastCode,
                    "waiting-for-half-open-provider", null));
        }
        // Every provider asked us to slow down: they still deliver, so the message waits here instead of leaving the channel.
        RetryPolicy.Decision decision = throttledOnly
                ? retryPolicy.afterThrottledRound(command.getLane(), command.getAttempt(), clock.instant(), command.getExpiresAt(),
                        random.getAsDouble())
                : retryPolicy.afterTransientRound(command.getLane(), hasFallback(command), command.getAttempt(), clock.instant(),
                        command.getExpiresAt(), random.getAsDouble());
        return after(decision, command, outcomes, lastProvider, lastCode);
    }

    /** Whether the command's recipient destination is DOWN in this worker's view (HALF_OPEN lets its recovery traffic through). */
    private boolean destinationDown(DispatchCommand command) {
        String destination = command.getDestination();
        return destination != null && health.state(Destinations.healthKey(destination)) == HealthState.DOWN;
    }

    /** The router's order: its hint first, then its list. */
    private static List<String> routerOrder(DispatchCommand command) {
        List<String> order = new ArrayList<>();
        if (command.getProviderHint() != null) order.add(command.getProviderHint());
        for (String p : command.getProviders()) if (!order.contains(p)) order.add(p);
        return order;
    }

    /** Whether the router could still fail this notification over to another channel. */
    private static boolean hasFallback(DispatchCommand command) {
        return command.getFallbackChannels() != null && !command.getFallbackChannels().isEmpty();
    }

    /** Puts the message on its retry tier, or hands it back to the router as CHANNEL_EXHAUSTED. */
    private Delivery after(RetryPolicy.Decision decision, DispatchCommand command, List<DeliveryOutcome> outcomes, String lastProvider,
                           String lastCode) {
        if (decision instanceof RetryPolicy.Retry retry) {
            DispatchCommand next = DispatchCommand.newBuilder(command)
                    .setAttempt(retry.nextAttempt())
                    .setNotBefore(retry.notBefore())
                    .setLastProviderCode(lastCode)
                    .build();
            return new Delivery(withNextAttempt(outcomes, retry), retry.tier(), next);
        }
        String reason = ((RetryPolicy.Exhausted) decision).reason();
        outcomes.add(OutcomeFactory.outcome(command, clock.instant(), OutcomeStatus.CHANNEL_EXHAUSTED, lastProvider, null, lastCode, reason,
                null));
        return done(outcomes);
    }

    /** The round's last DEFERRED outcome says when the next attempt is and how many are left, for the status timeline. */
    static List<DeliveryOutcome> withNextAttempt(List<DeliveryOutcome> outcomes, RetryPolicy.Retry retry) {
        for (int i = outcomes.size() - 1; i >= 0; i--) {
            if (outcomes.get(i).getStatus() == OutcomeStatus.DEFERRED) {
                outcomes.set(i, DeliveryOutcome.newBuilder(outcomes.get(i)).setNextAttemptAt(retry.notBefore())
                        .setAttemptsLeft(retry.attemptsLeft()).build());
                break;
            }
        }
        return outcomes;
    }

    private Attempt attempt(String providerId, DispatchCommand command) throws InterruptedException {
        ChannelProvider provider = providers.get(providerId);
        ProviderPacer pacer = pacers.get(providerId);
        pacer.acquire(command.getLane() == Priority.CRITICAL);
        long start = System.nanoTime();
        AttemptResult result;
        Classification classification = null;
        try {
            metrics.inFlight(+1);
            result = provider.send(command);
        } catch (RuntimeException e) {
            // A provider bug must not kill the worker; the message was not handed over as far as we know.
            result = new AttemptResult.Failed(new Failure.Io(IoKind.OTHER, false, e.getClass().getSimpleName()));
        } finally {
            metrics.inFlight(-1);
        }
        long latencyMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        if (result instanceof AttemptResult.Failed failed) {
            classification = Classifier.classify(replyRules, command.getChannel(), failed.failure());
            pacer.release(classification.errorClass() == ErrorClass.THROTTLED ? ProviderPacer.Outcome.THROTTLED : ProviderPacer.Outcome.OTHER,
                    classification.retryAfter());
            metrics.attempt(command.getChannel(), providerId, classification.providerCode(), classification.errorClass().name());
        } else {
            pacer.release(ProviderPacer.Outcome.SUCCESS);
            metrics.attempt(command.getChannel(), providerId, ((AttemptResult.Sent) result).providerCode(), "SENT");
            metrics.units(command.getChannel(), providerId, ((AttemptResult.Sent) result).units());
        }
        return new Attempt(result, classification, latencyMs);
    }

    /** The providers' health as this engine sees it (for diagnostics). */
    public Map<String, HealthState> health() {
        Map<String, HealthState> view = new LinkedHashMap<>();
        for (String id : providers.keySet()) view.put(id, health.state(id));
        return view;
    }

    private static Delivery done(List<DeliveryOutcome> outcomes) {
        return new Delivery(outcomes, null, null);
    }

    private record Attempt(AttemptResult result, Classification classification, long latencyMs) {
    }
}
