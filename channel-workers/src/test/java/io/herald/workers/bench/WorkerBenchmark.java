package io.herald.workers.bench;

import io.herald.contracts.Channel;
import io.herald.contracts.Content;
import io.herald.contracts.DispatchCommand;
import io.herald.contracts.Priority;
import io.herald.devkit.kafka.EmbeddedKafka;
import io.herald.devkit.smtp.ScriptedSmtpServer;
import io.herald.devkit.twilio.TwilioStub;
import io.herald.schemas.registry.RegistryConfig;
import io.herald.schemas.registry.SchemaRegistryClients;
import io.herald.schemas.topics.RetryLanes;
import io.herald.schemas.topics.RetryTier;
import io.herald.schemas.topics.TopicLayout;
import io.herald.schemas.topics.TopicProvisioner;
import io.herald.schemas.topics.Topics;
import io.herald.workers.WorkerApp;
import io.herald.workers.WorkerConfig;
import io.herald.workers.email.SmtpProviderConfig;
import io.herald.workers.email.TlsMode;
import io.herald.workers.sms.TwilioConfig;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Throughput of the channel workers to the local SMTP sink and the Twilio stub: a backlog of N dispatch
 * commands is produced first, then a worker drains it (full path: consume, pace, send, transactional
 * outcome + offset commit). Not a test. Run:
 * <pre>
 * mvn -q -o -pl channel-workers -am test-compile
 * mvn -q -o -pl channel-workers exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.herald.workers.bench.WorkerBenchmark -Dexec.args="20000 5000"
 * </pre>
 * Args: email messages, SMS messages. The registry is the in-memory one (serdes cache schemas anyway).
 */
public final class WorkerBenchmark {
    private WorkerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int emails = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int sms = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        // The stub runs on the JDK's HttpServer, which leaves Nagle on: with delayed ACKs every response would
        // cost ~40 ms and we would measure the stub's socket settings, not the worker.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        String registryUrl = "mock://bench";
        List<RetryTier> tiers = RetryTier.parseList("10s,1m,10m");
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start();
             ScriptedSmtpServer smtp = ScriptedSmtpServer.builder().retainMessages(10).maxConnections(64).build().start();
             TwilioStub twilio = TwilioStub.builder().retainRequests(10).build().start()) {
            Map<String, Object> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
            try (Admin admin = Admin.create(client)) {
                new TopicProvisioner(admin).provision(new TopicLayout(6, (short) 1, tiers, Map.of(), Map.of()).specs());
            }
            Topics topics = Topics.create(SchemaRegistryClients.forConfig(RegistryConfig.of(registryUrl)), true, tiers);
            SmtpProviderConfig warm = new SmtpProviderConfig("smtp-warm-up", "127.0.0.1", smtp.port(), TlsMode.NONE, null, null,
                    "bench@notify.example.com", 100_000, 8, Duration.ofSeconds(5), Duration.ofSeconds(10));
            run(null, kafka, topics, registryUrl, tiers, Channel.EMAIL, 3_000,
                    config(kafka, registryUrl, tiers, new int[] {8, 16, 500}, List.of(warm), null), smtp::receivedCount);
            for (int[] setting : new int[][] {{4, 8, 200}, {8, 16, 500}}) {
                SmtpProviderConfig provider = new SmtpProviderConfig("smtp-bench", "127.0.0.1", smtp.port(), TlsMode.NONE, null, null,
                        "bench@notify.example.com", 100_000, setting[0], Duration.ofSeconds(5), Duration.ofSeconds(10));
                String label = "email: connections=" + setting[0] + " concurrency=" + setting[1] + " maxPollRecords=" + setting[2];
                run(label, kafka, topics, registryUrl, tiers, Channel.EMAIL, emails,
                        config(kafka, registryUrl, tiers, setting, List.of(provider), null), smtp::receivedCount);
            }
            for (int[] setting : new int[][] {{8, 8, 200}, {16, 16, 500}}) {
                TwilioConfig provider = new TwilioConfig("twilio-bench", twilio.accountSid(), twilio.authToken(), "+15005550006", null,
                        URI.create(twilio.baseUrl()), 100_000, setting[0], Duration.ofSeconds(5), Duration.ofSeconds(10));
                String label = "sms: connections=" + setting[0] + " concurrency=" + setting[1] + " maxPollRecords=" + setting[2];
                run(label, kafka, topics, registryUrl, tiers, Channel.SMS, sms,
                        config(kafka, registryUrl, tiers, setting, List.of(), provider), twilio::receivedCount);
            }
        }
        System.exit(0);
    }

    private static WorkerConfig config(EmbeddedKafka kafka, String registryUrl, List<RetryTier> tiers, int[] setting,
                                       List<SmtpProviderConfig> smtp, TwilioConfig twilio) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        // Each run has its own group starting at the log end, so it drains exactly its own backlog.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        String id = Long.toString(System.nanoTime());
        return new WorkerConfig(props, RegistryConfig.of(registryUrl), RetryLanes.uniform(tiers), 0.2, "bench-" + id, "bench-" + id, setting[1], setting[2],
                Duration.ofMillis(50), Duration.ofSeconds(30), 10, "127.0.0.1", 0, smtp, twilio, null);
    }

    private static void run(String label, EmbeddedKafka kafka, Topics topics, String registryUrl, List<RetryTier> tiers, Channel channel,
                            int n, WorkerConfig config, LongSupplier delivered) throws Exception {
        long before = delivered.getAsLong();
        Map<String, Object> producerProps = new HashMap<>();
        producerProps.put("bootstrap.servers", kafka.bootstrapServers());
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        String topic = topics.dispatch(channel, Priority.TRANSACTIONAL).name();
        List<WorkerApp> others = new java.util.ArrayList<>();
        try (WorkerApp app = new WorkerApp(config).start();
             KafkaProducer<String, DispatchCommand> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                     topics.dispatch(channel, Priority.TRANSACTIONAL).valueSerde().serializer())) {
            // -Dbench.worker.instances=N: N instances of one group share the partitions (each its own transactional id).
            for (int i = 2; i <= INSTANCES; i++) others.add(new WorkerApp(instance(config, config.instanceId() + "-" + i)).start());
            while (!app.ready() || !others.stream().allMatch(WorkerApp::ready)) Thread.sleep(10);
            long start = System.nanoTime();
            Instant now = Instant.now();
            String run = Long.toString(System.nanoTime(), 36);
            for (int i = 0; i < n; i++) {
                DispatchCommand c = DispatchCommand.newBuilder().setNotificationId("b-" + run + "-" + i).setTenantId("bench")
                        .setChannel(channel).setLane(Priority.TRANSACTIONAL).setCategory("receipt").setRecipientId("u-" + i)
                        .setAddress(channel == Channel.EMAIL ? "user" + i + "@example.com" : "+1415555" + String.format("%04d", i % 10_000))
                        .setContent(Content.newBuilder().setSubject("Your receipt " + i).setText("Thanks for your order " + i + ".").build())
                        .setExpiresAt(now.plus(Duration.ofHours(1))).setCreatedAt(now).build();
                producer.send(new ProducerRecord<>(topic, c.getNotificationId(), c));
            }
            producer.flush();
            double produced = (System.nanoTime() - start) / 1e9;
            long deadline = start + Duration.ofMinutes(5).toNanos();
            while (delivered.getAsLong() - before < n && System.nanoTime() < deadline) Thread.sleep(5);
            long end = System.nanoTime();
            long done = delivered.getAsLong() - before;
            double total = (end - start) / 1e9;
            if (label == null) return;
            System.out.printf("%s: %d messages (backlog produced in %.1f s) delivered in %.1f s = %.0f msg/s%n",
                    label, done, produced, total, done / total);
            app.metrics().registry().find("herald_worker_attempts_total").counters().forEach(c -> System.out.printf(
                    "  attempts result=%s code=%s: %.0f%n", c.getId().getTag("result"), c.getId().getTag("code"), c.count()));
        } finally {
            others.forEach(WorkerApp::close);
        }
    }

    private static final int INSTANCES = Integer.getInteger("bench.worker.instances", 1);

    private static WorkerConfig instance(WorkerConfig c, String instanceId) {
        return new WorkerConfig(c.kafka(), c.registry(), c.retryLanes(), c.retryJitter(), c.groupPrefix(), instanceId, c.concurrency(),
                c.maxPollRecords(), c.pollTimeout(), c.shutdownTimeout(), c.halfOpenTricklePercent(), c.httpHost(), c.httpPort(), c.smtp(),
                c.twilio(), c.webhook());
    }
}
