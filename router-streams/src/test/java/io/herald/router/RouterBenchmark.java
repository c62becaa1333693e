package io.herald.router;

import io.herald.contracts.NotificationRequest;
import io.herald.contracts.Priority;
import io.herald.devkit.kafka.EmbeddedKafka;
import io.herald.router.topology.RouterTopology;
import io.herald.schemas.HeraldHeaders;
import io.herald.schemas.NotificationIds;
import io.herald.schemas.Samples;
import io.herald.schemas.registry.InMemorySchemaRegistryClient;
import io.herald.schemas.topics.TopicLayout;
import io.herald.schemas.topics.TopicNames;
import io.herald.schemas.topics.TopicProvisioner;
import io.herald.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Router throughput and added latency on the embedded broker (a program, not a test).
 *
 * <ol>
 *   <li>Throughput: N requests are written first, then the router (all stages, exactly_once_v2) drains
 *       them; records/s = N / time until the request topic is fully committed (the ledger side is
 *       reported too). The same data through a bare RocksDB dedup + 3-way split app (exactly_once_v2)
 *       gives the baseline.</li>
 *   <li>Latency: requests at a fixed rate into the running router; added latency = time a dispatch
 *       command becomes visible to a read_committed consumer minus the request's produce time.</li>
 * </ol>
 * Usage: {@code RouterBenchmark [requests=200000] [ratePerSecond=2000] [latencySeconds=20] [key=value,...]}, the
 * last argument being extra Streams settings for the router (e.g. {@code producer.linger.ms=100}).
 * Requests are written as ingest writes them since issue 13: notificationId = {@link NotificationIds#of}(tenant,
 * idempotencyKey), record key = that id, body fingerprint in {@code herald.ingest.fingerprint}. With
 * {@code -Dbench.keys=legacy} they are keyed {@code tenant/idempotencyKey} with a producer-chosen id instead (the
 * router's legacy path: re-key + ledger-intake hop). The baseline always reads the same records.
 */
public final class RouterBenchmark {
    private static final boolean LEGACY_KEYS = "legacy".equals(System.getProperty("bench.keys"));
    /** {@code -Dbench.router.instances=2}: that many router instances (one application id) share the work. */
    private static final int ROUTER_INSTANCES = Integer.getInteger("bench.router.instances", 1);
    private final EmbeddedKafka kafka;
    /** Ids of the latency phase's requests, to tell their dispatches from the throughput phase's. */
    private final java.util.Set<String> latencyIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Topics topics = Topics.create(new InMemorySchemaRegistryClient());

    private RouterBenchmark(EmbeddedKafka kafka) {
        this.kafka = kafka;
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Map<String, String> overrides = new HashMap<>();
        if (args.length > 3) {
            for (String kv : args[3].split(",")) overrides.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
            new RouterBenchmark(kafka).run(requests, rate, seconds, overrides);
        }
        System.exit(0);
    }

    private void run(int requests, int rate, int seconds, Map<String, String> overrides) throws Exception {
        try (Admin admin = admin()) {
            new TopicProvisioner(admin).provision(TopicLayout.local(3).specs());
            admin.createTopics(List.of(new NewTopic("bench.bare.critical", 3, (short) 1),
                    new NewTopic("bench.bare.transactional", 3, (short) 1),
                    new NewTopic("bench.bare.bulk", 3, (short) 1))).all().get();
        }
        long bytes = produce(requests);
        System.out.printf("workload: %d requests, %.0f B average value, 3 partitions, %s keys%n", requests,
                (double) bytes / requests, LEGACY_KEYS ? "legacy (tenant/idempotencyKey)" : "notificationId");

        double bare = drain("bare-dedup", bareDedup(), requests, null);
        String routerApp = "bench-router";
        System.out.println("router overrides: " + overrides + ", instances: " + ROUTER_INSTANCES);
        List<KafkaStreams> routers = new java.util.ArrayList<>();
        for (int i = 0; i < ROUTER_INSTANCES; i++) {
            RouterConfig config = RouterConfig.local(kafka.bootstrapServers(), "mock://bench")
                    .withInstance(routerApp, Files.createTempDirectory("bench-router").toString(), 0).withKafka(overrides);
            routers.add(start(RouterTopology.build(config, topics), config.streamsProperties(0)));
        }
        // Several instances share the tasks once all are running (the clock starts then; a few records may already be done).
        for (KafkaStreams r : routers) awaitRunning(r);
        KafkaStreams router = routers.get(0);
        double routed = drain("router", null, requests, router);
        long ledgerDone = waitDrained(routerApp, routerApp + "-" + RouterTopology.LEDGER_INTAKE + "-repartition");
        System.out.printf("router ledger side caught up %d ms after routing finished%n", ledgerDone);
        System.out.printf("THROUGHPUT bare=%.0f rec/s router=%.0f rec/s ratio=%.2f%n", bare, routed, routed / bare);

        latency(rate, seconds);
        for (KafkaStreams r : routers) r.close(Duration.ofSeconds(20));
    }

    /** Writes the workload: 20% critical, 50% transactional, 30% bulk, 5% duplicate keys. */
    private long produce(int n) throws Exception {
        long bytes = 0;
        Instant now = Instant.now();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < n; i++) {
                NotificationRequest r = request("bench", i, now);
                byte[] value = topics.request().valueSerde().serializer().serialize(TopicNames.REQUEST, r);
                bytes += value.length;
                producer.send(record(r, value));
            }
            producer.flush();
        }
        return bytes;
    }

    private static NotificationRequest request(String tenant, int i, Instant now) {
        String idempotencyKey = "k" + (i % 20 == 19 ? i - 1 : i);
        NotificationRequest r = switch (i % 10) {
            case 0, 1 -> Samples.otp(tenant, idempotencyKey, now);
            case 2, 3, 4 -> Samples.newsletter(tenant, idempotencyKey, now);
            default -> {
                NotificationRequest t = Samples.otp(tenant, idempotencyKey, now);
                t.setPriority(Priority.TRANSACTIONAL);
                t.setCategory("receipt");
                t.setExpiresAt(null);
                yield t;
            }
        };
        r.setNotificationId(LEGACY_KEYS ? tenant + "-" + i : NotificationIds.of(tenant, idempotencyKey));
        return r;
    }

    private double drain(String name, Topology topology, int n, KafkaStreams running) throws Exception {
        String appId = running != null ? "bench-router" : "bench-" + name;
        KafkaStreams streams = running;
        if (streams == null) {
            Properties p = new Properties();
            p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
            p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("bench-" + name).toString());
            p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
            streams = start(topology, p);
        }
        awaitRunning(streams);
        long t0 = System.nanoTime();
        waitDrained(appId, TopicNames.REQUEST);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double rate = n / seconds;
        System.out.printf("%-10s drained %d requests in %.2f s: %.0f rec/s%n", name, n, seconds, rate);
        if (running == null) streams.close(Duration.ofSeconds(20));
        return rate;
    }

    /** Polls the group's committed offsets until they reach the topic's end; returns the time it took in ms. */
    private long waitDrained(String group, String topic) throws Exception {
        long start = System.currentTimeMillis();
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = new HashMap<>(admin.listOffsets(latest).all().get());
            // A partition nothing was written to is drained (the ledger-intake hop is empty with current keys).
            ends.values().removeIf(e -> e.offset() == 0);
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                boolean done = ends.entrySet().stream().allMatch(e -> {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    // Transaction markers occupy offsets: committed may pass the end seen earlier.
                    return c != null && c.offset() >= e.getValue().offset();
                });
                if (done) return System.currentTimeMillis() - start;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
    }

    private void latency(int rate, int seconds) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean producing = new AtomicBoolean(true);
        int total = rate * seconds;
        Thread reader = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
                consumer.subscribe(List.of(TopicNames.dispatch(io.herald.contracts.Channel.EMAIL, Priority.CRITICAL),
                        TopicNames.dispatch(io.herald.contracts.Channel.EMAIL, Priority.TRANSACTIONAL),
                        TopicNames.dispatch(io.herald.contracts.Channel.EMAIL, Priority.BULK)));
                long deadline = Long.MAX_VALUE;
                while (System.currentTimeMillis() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                        if (latencyIds.contains(new String(r.key(), StandardCharsets.UTF_8))) {
                            latencies.add(System.currentTimeMillis() - r.timestamp());
                        }
                    }
                    if (!producing.get() && deadline == Long.MAX_VALUE) deadline = System.currentTimeMillis() + 5_000;
                }
            }
        });
        reader.start();
        Thread.sleep(3_000); // let the reader join its group before measuring
        Instant created = Instant.now();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long due = start + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(wait);
                NotificationRequest r = request("lat", i, created.plusMillis(i * 1000L / rate));
                latencyIds.add(r.getNotificationId());
                producer.send(record(r, topics.request().valueSerde().serializer().serialize(TopicNames.REQUEST, r)));
            }
        }
        producing.set(false);
        reader.join();
        List<Long> sorted = latencies.stream().sorted().collect(Collectors.toList());
        System.out.printf("LATENCY rate=%d/s for %d s: %d dispatches seen, p50=%d ms p90=%d ms p99=%d ms max=%d ms%n",
                rate, seconds, sorted.size(), pct(sorted, 0.50), pct(sorted, 0.90), pct(sorted, 0.99),
                sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1));
    }

    private static long pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    /** The baseline: RocksDB dedup on the request key, then a 3-way split by priority; values stay bytes. */
    private Topology bareDedup() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("bare-dedup"), Serdes.String(), Serdes.Long()));
        var deduped = builder.stream(TopicNames.REQUEST, Consumed.with(Serdes.String(), topics.request().valueSerde()))
                .process(() -> new ContextualProcessor<String, NotificationRequest, String, NotificationRequest>() {
                    private KeyValueStore<String, Long> seen;

                    @Override
                    public void init(ProcessorContext<String, NotificationRequest> context) {
                        super.init(context);
                        seen = context.getStateStore("bare-dedup");
                    }

                    @Override
                    public void process(Record<String, NotificationRequest> record) {
                        if (seen.get(record.key()) != null) return;
                        seen.put(record.key(), record.timestamp());
                        context().forward(record);
                    }
                }, "bare-dedup");
        deduped.to((k, v, ctx) -> "bench.bare." + v.getPriority().name().toLowerCase(),
                Produced.with(Serdes.String(), topics.request().valueSerde()));
        return builder.build();
    }

    private KafkaStreams start(Topology topology, Properties props) {
        KafkaStreams streams = new KafkaStreams(topology, props);
        streams.start();
        return streams;
    }

    private static void awaitRunning(KafkaStreams streams) {
        while (streams.state() != KafkaStreams.State.RUNNING) LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }

    private static byte[] key(NotificationRequest r) {
        String key = LEGACY_KEYS ? r.getTenantId() + "/" + r.getIdempotencyKey() : r.getNotificationId();
        return key.getBytes(StandardCharsets.UTF_8);
    }

    /** The request record as ingest writes it: keyed, with the body fingerprint header (a digest stand-in, no PII). */
    private static ProducerRecord<byte[], byte[]> record(NotificationRequest r, byte[] value) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(TopicNames.REQUEST, key(r), value);
        record.headers().add(HeraldHeaders.INGEST_FINGERPRINT,
                ("fp-" + r.getTenantId() + "/" + r.getIdempotencyKey()).getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private Admin admin() {
        return Admin.create(new HashMap<>(kafka.clientProperties()));
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> p = new HashMap<>(kafka.clientProperties());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> p = new HashMap<>(kafka.clientProperties());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-latency");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
