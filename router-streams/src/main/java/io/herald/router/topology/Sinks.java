package io.herald.router.topology;

import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.DispatchCommand;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.ParkedNotification;
import io.herald.contracts.ProviderHealth;
import io.herald.schemas.topics.TopicNames;
import io.herald.schemas.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/** Sends each kind of {@link Emit} to its topic. Lane and parked topics are chosen per record. */
final class Sinks {
    private Sinks() {
    }

    /**
     * One branch node picks each emit's sink by its kind (the first matching branch; other kinds, such as
     * {@link Emit.Next}, are dropped): a filter per kind made every emitted record pass five filter nodes, each with
     * Streams' own latency sensors, on the routing path.
     */
    static void attach(String prefix, KStream<String, Emit> emits, Topics topics) {
        emits.split(Named.as(prefix + "-by-kind-"))
                .branch((k, v) -> v instanceof Emit.Dispatch, Branched.withConsumer(s -> s
                        .mapValues(v -> ((Emit.Dispatch) v).command(), Named.as(prefix + "-dispatch-value"))
                        // A critical dispatch asks for a commit at once instead of waiting for the commit interval.
                        .process(CriticalCommit::new, Named.as(prefix + "-critical-commit"))
                        .to((k, v, ctx) -> TopicNames.dispatch(v.getChannel(), v.getLane()),
                                Produced.<String, DispatchCommand>with(Serdes.String(), topics.dispatch(
                                        io.herald.contracts.Channel.EMAIL, io.herald.contracts.Priority.BULK).valueSerde())
                                        .withName(prefix + "-to-lane")), "dispatch"))
                .branch((k, v) -> v instanceof Emit.Outcome, Branched.withConsumer(s -> s
                        .mapValues(v -> ((Emit.Outcome) v).outcome(), Named.as(prefix + "-outcome-value"))
                        // Marked by stage, so the router's own outcome source drops them undecoded (RouterOutcomes).
                        .processValues(RouterOutcomes.Mark::new, Named.as(prefix + "-outcome-stage"))
                        .to(topics.outcome().name(), Produced.<String, DeliveryOutcome>with(Serdes.String(),
                                topics.outcome().valueSerde()).withName(prefix + "-to-outcome")), "outcome"))
                .branch((k, v) -> v instanceof Emit.Park, Branched.withConsumer(s -> s
                        .mapValues(v -> ((Emit.Park) v).parked(), Named.as(prefix + "-park-value"))
                        .to((k, v, ctx) -> TopicNames.parked(v.getChannel()),
                                Produced.<String, ParkedNotification>with(Serdes.String(),
                                        topics.parked(io.herald.contracts.Channel.EMAIL).valueSerde()).withName(prefix + "-to-parked")),
                        "park"))
                .branch((k, v) -> v instanceof Emit.DeadLetter, Branched.withConsumer(s -> s
                        .mapValues(v -> ((Emit.DeadLetter) v).request(), Named.as(prefix + "-dlq-value"))
                        // Same bytes as the original: the request serde writes Confluent-wire-format Avro.
                        .to(topics.dlq().name(), Produced.<String, NotificationRequest>with(Serdes.String(),
                                topics.request().valueSerde()).withName(prefix + "-to-dlq")), "dlq"))
                .branch((k, v) -> v instanceof Emit.Health, Branched.withConsumer(s -> s
                        .mapValues(v -> ((Emit.Health) v).health(), Named.as(prefix + "-health-value"))
                        .to(topics.providerHealth().name(), Produced.<String, ProviderHealth>with(Serdes.String(),
                                topics.providerHealth().valueSerde()).withName(prefix + "-to-health")), "health"))
                .noDefaultBranch();
    }
}
