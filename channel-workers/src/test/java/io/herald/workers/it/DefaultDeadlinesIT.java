package io.herald.workers.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contracts.Channel;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.DispatchCommand;
import io.herald.contracts.HealthSource;
import io.herald.contracts.HealthState;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Priority;
import io.herald.contracts.ProviderHealth;
import io.herald.devkit.junit.WithKafka;
import io.herald.devkit.junit.WithRegistry;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import io.herald.devkit.smtp.Replies;
import io.herald.devkit.smtp.ScriptedSmtpServer;
import io.herald.devkit.smtp.SmtpRule;
import io.herald.schemas.topics.RetryTier;
import io.herald.schemas.topics.TopicLayout;
import io.herald.schemas.topics.TopicProvisioner;
import io.herald.workers.WorkerApp;
import io.herald.workers.WorkerConfig;
import io.herald.workers.runtime.ChannelWorker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-lane deadlines on DEFAULT settings: the workers are configured the way an operator does it, with no
 * {@code HERALD_RETRY_*} key at all, so critical mail uses the default critical schedule and bulk the default
 * {@code 10s,1m,10m}. Two SMTP providers answer every RCPT with Exchange's {@code 451 4.3.2}.
 */
@WithKafka
@WithRegistry
class DefaultDeadlinesIT {
    private final WorkerHarness harness;
    private final KafkaCluster kafka;
    private final ScriptedSmtpServer primary = ScriptedSmtpServer.builder().build().start();
    private final ScriptedSmtpServer secondary = ScriptedSmtpServer.builder().build().start();
    /** Every RCPT TO either server was offered, lower-cased. */
    private final Set<String> offered = ConcurrentHashMap.newKeySet();
    private String primaryId;
    private String secondaryId;
    private WorkerApp app;

    DefaultDeadlinesIT(KafkaCluster kafka, SchemaRegistryEndpoint registry) {
        this.kafka = kafka;
        this.harness = new WorkerHarness(kafka, registry);
    }

    @BeforeEach
    void start() {
        // The default lanes' tiers name retry topics the shared harness layout (1s,2s) does not create.
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            new TopicProvisioner(admin).provision(TopicLayout.local(3).specs());
        }
        for (ScriptedSmtpServer server : List.of(primary, secondary)) {
            server.script(SmtpRule.onRcptTo(Replies.TEMPORARY_SERVER_ERROR_451).when(a -> {
                a.recipient().ifPresent(r -> offered.add(r.toLowerCase(Locale.ROOT)));
                return true;
            }));
        }
        primaryId = "smtp-dl-primary-" + harness.runId;
        secondaryId = "smtp-dl-secondary-" + harness.runId;
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", String.valueOf(kafka.clientProperties().get("bootstrap.servers")));
        env.put("HERALD_SCHEMA_REGISTRY_URL", harness.registryUrl);
        env.put("HERALD_WORKER_GROUP_PREFIX", "it-deadlines-" + harness.runId);
        env.put("HERALD_WORKER_INSTANCE_ID", "it-deadlines-" + harness.runId);
        env.put("HERALD_HTTP_HOST", "127.0.0.1");
        env.put("HERALD_HTTP_PORT", "0");
        env.put("HERALD_EMAIL_PROVIDERS", primaryId + "," + secondaryId);
        provider(env, primaryId, primary);
        provider(env, secondaryId, secondary);
        Map<String, Object> latest = new HashMap<>(kafka.clientProperties());
        latest.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        app = new WorkerApp(WorkerConfig.fromEnv(env).withKafka(latest)).start();
        await().atMost(Duration.ofSeconds(30)).until(app::ready);
    }

    @AfterEach
    void stop() {
        if (app != null) app.close();
        harness.close();
        primary.close();
        secondary.close();
    }

    @Test
    void aCriticalCodeWithAnSmsFallbackIsHandedBackAfterOneRoundOfDeferralsWithinSeconds() {
        DispatchCommand code = withFallback(harness.command("otp", Channel.EMAIL, Priority.CRITICAL, "ada@example.com",
                List.of(primaryId, secondaryId)));
        Instant sent = Instant.now();

        harness.send(code);
        harness.flush();

        // One round, not the first 10 s tier: well before ten seconds have passed.
        await().atMost(Duration.ofSeconds(5)).until(() -> has(code, OutcomeStatus.CHANNEL_EXHAUSTED));
        List<DeliveryOutcome> outcomes = harness.outcomes(code.getNotificationId());
        assertThat(outcomes).extracting(DeliveryOutcome::getStatus, DeliveryOutcome::getProvider)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(OutcomeStatus.DEFERRED, primaryId),
                        org.assertj.core.groups.Tuple.tuple(OutcomeStatus.DEFERRED, secondaryId),
                        org.assertj.core.groups.Tuple.tuple(OutcomeStatus.CHANNEL_EXHAUSTED, secondaryId));
        DeliveryOutcome exhausted = outcomes.get(2);
        assertThat(exhausted.getDetail()).isEqualTo("critical-deadline");
        assertThat(exhausted.getProviderCode()).isEqualTo("451 4.3.2");
        assertThat(Duration.between(sent, exhausted.getAt())).isLessThan(Duration.ofSeconds(5));
        assertThat(primary.receivedCount() + secondary.receivedCount()).isZero();
    }

    @Test
    void aBulkMessageDeferredByEveryProviderWaitsOnTheTenSecondTier() {
        DispatchCommand bulk = withFallback(harness.command("news", Channel.EMAIL, Priority.BULK, "bob@example.com",
                List.of(primaryId, secondaryId)));
        try (KafkaConsumer<String, byte[]> retries = retryTopicFromNow("10s")) {
            harness.send(bulk);
            harness.flush();

            ConsumerRecord<String, byte[]> retry = awaitRecord(retries, bulk.getNotificationId());

            long notBefore = Long.parseLong(new String(retry.headers().lastHeader(ChannelWorker.NOT_BEFORE_HEADER).value(),
                    StandardCharsets.UTF_8));
            // 10 s ± the default 20% jitter after the round.
            assertThat(notBefore - retry.timestamp()).isBetween(7_000L, 12_500L);
        }
        assertThat(harness.outcomes(bulk.getNotificationId())).extracting(DeliveryOutcome::getStatus)
                .containsExactly(OutcomeStatus.DEFERRED, OutcomeStatus.DEFERRED);
    }

    @Test
    void whenBothProvidersAreDownNeitherIsAttemptedAndBothLanesAreHandedBackAtOnce() throws Exception {
        harness.publishHealth(health(primaryId));
        harness.publishHealth(health(secondaryId));
        await().atMost(Duration.ofSeconds(20)).until(() -> app.health().state(primaryId) == HealthState.DOWN
                && app.health().state(secondaryId) == HealthState.DOWN);
        DispatchCommand code = withFallback(harness.command("otp-down", Channel.EMAIL, Priority.CRITICAL, "carol@example.com",
                List.of(primaryId, secondaryId)));
        DispatchCommand bulk = harness.command("news-down", Channel.EMAIL, Priority.BULK, "dave@example.com",
                List.of(primaryId, secondaryId));

        harness.send(code);
        harness.send(bulk);
        harness.flush();

        await().atMost(Duration.ofSeconds(5)).until(() -> has(code, OutcomeStatus.CHANNEL_EXHAUSTED)
                && has(bulk, OutcomeStatus.CHANNEL_EXHAUSTED));
        for (DispatchCommand c : List.of(code, bulk)) {
            assertThat(harness.outcomes(c.getNotificationId())).extracting(DeliveryOutcome::getStatus, DeliveryOutcome::getDetail)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(OutcomeStatus.CHANNEL_EXHAUSTED, "all-providers-down"));
        }
        assertThat(offered).doesNotContain("carol@example.com", "dave@example.com");
        assertThat(primary.receivedCount() + secondary.receivedCount()).isZero();
    }

    private static DispatchCommand withFallback(DispatchCommand command) {
        return DispatchCommand.newBuilder(command).setFallbackChannels(List.of(Channel.SMS)).build();
    }

    private boolean has(DispatchCommand command, OutcomeStatus status) {
        return harness.outcomes(command.getNotificationId()).stream().anyMatch(o -> o.getStatus() == status);
    }

    /** A reader of the email channel's retry topic for {@code tier}, positioned at its end now. */
    private KafkaConsumer<String, byte[]> retryTopicFromNow(String tier) {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        String topic = harness.topics.retry(Channel.EMAIL, RetryTier.parse(tier)).name();
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private static ConsumerRecord<String, byte[]> awaitRecord(KafkaConsumer<String, byte[]> consumer, String key) {
        List<ConsumerRecord<String, byte[]>> found = new java.util.ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) if (key.equals(r.key())) found.add(r);
            return !found.isEmpty();
        });
        return found.get(0);
    }

    private static ProviderHealth health(String provider) {
        return ProviderHealth.newBuilder().setProviderId(provider).setChannel(Channel.EMAIL).setState(HealthState.DOWN)
                .setSince(Instant.now()).setReason("outage").setSource(HealthSource.OBSERVED).build();
    }

    private static void provider(Map<String, String> env, String id, ScriptedSmtpServer server) {
        String p = "HERALD_EMAIL_" + id.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
        env.put(p + "HOST", server.host());
        env.put(p + "PORT", Integer.toString(server.port()));
        env.put(p + "TLS", "NONE");
        env.put(p + "FROM", "herald@notify.example.com");
        env.put(p + "CONNECT_TIMEOUT_MS", "2000");
        env.put(p + "READ_TIMEOUT_MS", "5000");
    }
}
