package io.herald.compose.drill;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.compose.sinks.SinksClient;
import io.herald.contracts.ControlCommand;
import io.herald.contracts.ControlType;
import io.herald.contracts.HealthState;
import io.herald.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/** How a drill makes the mail providers fail, and how it ends that. */
public interface Injection {
    /** Starts the outage for (at most) {@code window}. */
    void inject(Duration window);

    /** Ends it. */
    void restore();

    /** {@code scripted}: every RCPT of every local mail sink answers {@code 451 4.3.2} (through the sink console). */
    static Injection scripted(SinksClient sinks) {
        return new Scripted(sinks);
    }

    /**
     * A recipient destination's outage: the mail server of {@code domains} answers {@code 451 4.3.2} to every RCPT of
     * theirs, whichever provider asks (every local mail sink), while everyone else's mail is accepted.
     */
    static Injection destination(SinksClient sinks, List<String> domains) {
        return new Scripted(sinks, domains.stream().map(d -> "@" + d).collect(java.util.stream.Collectors.joining(",")));
    }

    /** {@code override}: an operator forces each mail provider DOWN on the control topic, for real providers. */
    static Injection override(String bootstrap, Topics topics, List<String> providers) {
        return new OperatorOverride(bootstrap, topics, providers);
    }

    /** The reply Exchange Online gave for hours in January 2026. */
    String EXCHANGE_451 = "451 4.3.2 Temporary server error. Please try again later";

    final class Scripted implements Injection {
        private final SinksClient sinks;
        private final String recipients;
        private final List<String> faultIds = new ArrayList<>();

        Scripted(SinksClient sinks) {
            this(sinks, "*");
        }

        /** @param recipients {@code *} or the console's list of addresses and {@code @domain}s */
        Scripted(SinksClient sinks, String recipients) {
            this.sinks = sinks;
            this.recipients = recipients;
        }

        @Override
        public void inject(Duration window) {
            // A margin past the window: the drill removes the fault itself; expiry is only the safety net.
            JsonNode installed = sinks.smtpFault("all", Map.of("stage", "RCPT", "reply", EXCHANGE_451, "recipients", recipients,
                    "for", (window.toMillis() + 60_000) + "ms"));
            installed.forEach(f -> faultIds.add(f.path("id").asText()));
        }

        @Override
        public void restore() {
            for (String id : faultIds) {
                try {
                    sinks.remove(id);
                } catch (IllegalArgumentException alreadyGone) {
                    // expired by itself: restored either way
                }
            }
            faultIds.clear();
        }
    }

    final class OperatorOverride implements Injection {
        private final String bootstrap;
        private final Topics topics;
        private final List<String> providers;

        OperatorOverride(String bootstrap, Topics topics, List<String> providers) {
            this.bootstrap = bootstrap;
            this.topics = topics;
            this.providers = List.copyOf(providers);
        }

        @Override
        public void inject(Duration window) {
            send(ControlType.FORCE_PROVIDER_STATE, HealthState.DOWN);
        }

        @Override
        public void restore() {
            send(ControlType.CLEAR_PROVIDER_STATE, null);
        }

        private void send(ControlType type, HealthState state) {
            try (KafkaProducer<String, ControlCommand> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.ACKS_CONFIG, "all"), topics.control().keySerde().serializer(), topics.control().valueSerde().serializer())) {
                for (String provider : providers) {
                    String target = "provider:" + provider;
                    ControlCommand command = ControlCommand.newBuilder().setCommandId(UUID.randomUUID().toString()).setType(type)
                            .setTarget(target).setProviderId(provider).setForcedState(state).setIssuedBy("herald drill")
                            .setReason("exchange-outage drill").setAt(Instant.now()).build();
                    producer.send(new ProducerRecord<>(topics.control().name(), target, command)).get();
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot publish the operator override on " + topics.control().name() + ": " + e.getCause(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
