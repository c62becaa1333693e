package io.herald.compose.bench;

import io.herald.compose.WorkDirs;
import io.herald.contracts.Channel;
import io.herald.contracts.Content;
import io.herald.contracts.DeliveryOutcome;
import io.herald.contracts.DispatchCommand;
import io.herald.contracts.NotificationRequest;
import io.herald.contracts.OutcomeStatus;
import io.herald.contracts.Priority;
import io.herald.contracts.Stage;
import io.herald.devkit.kafka.EmbeddedKafka;
import io.herald.devkit.smtp.ScriptedSmtpServer;
import io.herald.devkit.twilio.TwilioStub;
import io.herald.router.RouterApp;
import io.herald.router.RouterConfig;
import io.herald.schemas.Samples;
import io.herald.schemas.registry.RegistryConfig;
import io.herald.schemas.registry.SchemaRegistryClients;
import io.herald.schemas.topics.TopicLayout;
import io.herald.schemas.topics.TopicNames;
import io.herald.schemas.topics.TopicProvisioner;
import io.herald.schemas.topics.Topics;
import io.herald.workers.WorkerApp;
import io.herald.workers.WorkerConfig;
import io.herald.workers.channel.AttemptResult;
import io.herald.workers.email.SmtpProvider;
import io.herald.workers.email.SmtpProviderConfig;
import io.herald.workers.email.TlsMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
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
 * The whole benchmark in one JVM on one embedded broker, so every ratio compares figures taken in the same
 * run on the same broker and data:
 * <ol>
 *   <li>raw Kafka: N byte records produced (acks=all) then consumed — the ceiling of the broker on this machine;</li>
 *   <li>the bare Streams baseline: RocksDB dedup + 3-way split of the N requests, exactly_once_v2;</li>
 *   <li>the router (all stages, exactly_once_v2, the service's own settings) draining the same N requests;</li>
 *   <li>end to end: router + channel workers, request topic → SMTP sink (mixed lanes) and → the Twilio stub
 *       (the no-op provider: accepts everything, keeps a count), and a bare pooled SMTP sender (the worker's own
 *       {@link SmtpProvider}, same connections, no Kafka) to the same sink;</li>
 *   <li>critical latency, request produced → the worker's SENT (stamped when the sink answered 250): idle, at a
 *       fixed critical rate, and while a bulk backlog drains through the same router and workers.</li>
 * </ol>
 * Not a test: nothing here asserts; the report says where a target is met.
 */
public final class PipelineBench implements AutoCloseable {
    private static final int SMTP_CONNECTIONS = 8;
    private static final int WORKER_CONCURRENCY = 16;
    private static final int WORKER_MAX_POLL = 500;
    /** The router's early commit of critical dispatches, as a Streams pass-through setting (CriticalCommit). */
    private static final String EARLY_COMMIT_ENV = "router.critical.commit-gap";

    private final BenchSettings settings;
    private final PrintWriter log;
    private final BenchReport report = new BenchReport();
    private final String registryUrl = "mock://herald-bench-" + Long.toString(System.nanoTime(), 36);
    private final Path workDir;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private EmbeddedKafka kafka;
    private ScriptedSmtpServer smtp;
    private TwilioStub twilio;
    private Topics topics;
    private final Map<String, Long> producedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicLong> sentPerTenant = new ConcurrentHashMap<>();
    /** When the router decided (its ROUTED outcome's time, before its transaction commits). */
    private final Map<String, Long> routedAt = new ConcurrentHashMap<>();
    private final Map<String, Priority> laneOf = new ConcurrentHashMap<>();
    /** Which tenant (benchmark phase) each request id belongs to: ids are deterministic UUIDs, not prefixed. */
    private final Map<String, String> tenantOf = new ConcurrentHashMap<>();
    private final AtomicBoolean watching = new AtomicBoolean(true);
    private int runCounter;
    /** Application id of the router that stays up for the end-to-end and latency phases. */
    private String keptRouter;
    private long[] gcAtReset = {0, 0};
    private long phaseStartNanos;

    public PipelineBench(BenchSettings settings, PrintWriter log) throws IOException {
        this.settings = settings;
        this.log = log;
        this.workDir = Files.createTempDirectory("herald-bench-");
    }

    public BenchReport run() throws Exception {
        report.context("date", Instant.now().toString());
        report.context("machine", Runtime.getRuntime().availableProcessors() + " cores, max heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB, Java " + System.getProperty("java.version"));
        report.context("load average at start", String.format(java.util.Locale.ROOT, "%.2f", load()));
        report.context("settings", settings.toString());
        Map<String, String> tuning = new java.util.TreeMap<>();
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("HERALD_") || k.startsWith("KAFKA_")) tuning.put(k, v);
        });
        report.context("environment tuning", tuning.isEmpty() ? "none (service defaults)" : tuning.toString());
        startInfrastructure();
        throughput();
        endToEnd();
        latency();
        return report;
    }

    // ---------------------------------------------------------------- infrastructure

    private void startInfrastructure() throws Exception {
        // The stub runs on the JDK's HttpServer, which leaves Nagle on: delayed ACKs would cost ~40 ms per response.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        kafka = open(EmbeddedKafka.builder().logDir(workDir.resolve("kafka")).build().start());
        smtp = open(ScriptedSmtpServer.builder().retainMessages(10).maxConnections(64).build().start());
        twilio = open(TwilioStub.builder().retainRequests(10).build().start());
        try (Admin admin = admin()) {
            new TopicProvisioner(admin).provision(TopicLayout.local(settings.partitions()).specs());
            admin.createTopics(List.of(new NewTopic("bench.raw", settings.partitions(), (short) 1),
                    new NewTopic("bench.bare.critical", settings.partitions(), (short) 1),
                    new NewTopic("bench.bare.transactional", settings.partitions(), (short) 1),
                    new NewTopic("bench.bare.bulk", settings.partitions(), (short) 1))).all().get();
            // A producer writing before the broker knows itself leader gets NOT_LEADER and, idempotent, can then loop on
            // OUT_OF_ORDER_SEQUENCE: wait until every partition has its leader.
            List<String> names = new ArrayList<>(admin.listTopics().names().get());
            awaitTrue(() -> {
                try {
                    return admin.describeTopics(names).allTopicNames().get().values().stream()
                            .allMatch(d -> d.partitions().stream().allMatch(tp -> tp.leader() != null && !tp.leader().isEmpty()));
                } catch (Exception e) {
                    return false;
                }
            }, Duration.ofMinutes(1));
            LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
        }
        topics = Topics.create(SchemaRegistryClients.forConfig(RegistryConfig.of(registryUrl)));
        log("broker " + kafka.bootstrapServers() + ", SMTP sink :" + smtp.port() + ", Twilio stub " + twilio.baseUrl());
    }

    /**
     * The services' configuration, as the configuration library reads it (dotted key names): the bench's defaults,
     * then the user's {@code HERALD_*} environment (so {@code HERALD_ROUTER_THREADS=2 herald bench} measures that
     * setting), then the addresses and identities, which always win.
     */
    private Map<String, String> env(String routerApp) {
        Map<String, String> env = new LinkedHashMap<>(defaults());
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("HERALD_") || k.startsWith("KAFKA_")) env.put(k, v);
        });
        env.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        env.put("schema.registry.url", registryUrl);
        env.put("router.application-id", routerApp);
        env.put("router.state-dir", workDir.resolve(routerApp).toString());
        env.put("router.http.port", "0");
        env.put("router.advertised-host", "127.0.0.1");
        env.put("workers.http.host", "127.0.0.1");
        env.put("workers.http.port", "0");
        env.put("email.providers", "smtp-bench");
        String p = "email.provider.smtp-bench.";
        env.put(p + "host", "127.0.0.1");
        env.put(p + "port", Integer.toString(smtp.port()));
        env.put(p + "security", "none");
        env.put(p + "from", "bench@notify.example.com");
        env.put("sms.providers", "twilio");
        env.put("sms.provider.twilio.account-sid", twilio.accountSid());
        env.put("sms.provider.twilio.auth-token", twilio.authToken());
        env.put("sms.provider.twilio.base-url", twilio.baseUrl());
        env.put("workers.group-prefix", "bench-workers");
        env.put("workers.instance-id", "bench-worker");
        return env;
    }

    /** Provider limits out of the way (the sinks are local) and the worker settings the worker benchmark found best. */
    private static Map<String, String> defaults() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("email.provider.smtp-bench.max-rate", "100000");
        env.put("email.provider.smtp-bench.max-connections", Integer.toString(SMTP_CONNECTIONS));
        env.put("sms.provider.twilio.from", "+15005550006");
        env.put("sms.provider.twilio.max-rate", "100000");
        env.put("sms.provider.twilio.max-connections", Integer.toString(WORKER_CONCURRENCY));
        env.put("workers.concurrency", Integer.toString(WORKER_CONCURRENCY));
        env.put("workers.max-poll-records", Integer.toString(WORKER_MAX_POLL));
        return env;
    }

    // ---------------------------------------------------------------- throughput: raw, bare Streams, router

    private void throughput() throws Exception {
        if (settings.latencyOnly()) {
            produceWorkload(2_000);
            drainRouter(2_000, true, Map.of());
            return;
        }
        int n = settings.requests();
        List<Double> raw = new ArrayList<>();
        double load = load();
        for (int r = 0; r < settings.runs(); r++) raw.add(raw(n));
        report.rate(new BenchReport.Rate("raw Kafka produce+consume", "rec/s",
                n + " records of 600 B, acks=all, linger 5 ms, then read back by one consumer; n / (produce + consume time)", raw, load));

        long bytes = produceWorkload(n);
        log(String.format("workload: %d requests, %.0f B average value", n, (double) bytes / n));
        List<Double> bare = new ArrayList<>();
        List<Double> routed = new ArrayList<>();
        List<Double> lateCommits = new ArrayList<>();
        // One discarded round first: JIT, page cache and the broker's first transactions would otherwise land on run 1.
        log("warm-up round (not reported)");
        drainBare(n);
        drainRouter(n, false, Map.of());
        load = load();
        resetHeap();
        RocksDbPeak rocks = RocksDbPeak.start();
        for (int r = 0; r < settings.runs(); r++) {
            // Alternate, so drift in the machine's load hits all alike.
            bare.add(drainBare(n));
            lateCommits.add(drainRouter(n, false, Map.of(EARLY_COMMIT_ENV, "0s")));
            boolean last = r == settings.runs() - 1;
            routed.add(drainRouter(n, last, Map.of()));
        }
        heap("throughput (bare + router)");
        rocks.stop(report, "throughput (router runs)");
        report.rate(new BenchReport.Rate("bare Streams dedup (exactly_once_v2)", "rec/s",
                n + " requests from both request topics, RocksDB dedup + 3-way split, 1 thread", bare, load));
        report.rate(new BenchReport.Rate("router, all stages (exactly_once_v2)", "rec/s",
                n + " requests (20% critical, on the critical request topic as ingest writes them; 50% transactional, 30% bulk,"
                        + " 5% duplicate keys), service defaults", routed, load));
        report.rate(new BenchReport.Rate("router, early critical commits off", "rec/s",
                "as above with " + EARLY_COMMIT_ENV + "=0s (critical dispatches wait for the commit interval)", lateCommits, load));
        report.ratio(new BenchReport.Ratio("router / bare Streams", "router, all stages (exactly_once_v2)",
                "bare Streams dedup (exactly_once_v2)", 0.8));
        report.ratio(new BenchReport.Ratio("router, early commits off / bare Streams", "router, early critical commits off",
                "bare Streams dedup (exactly_once_v2)", 0.8));
    }

    /** n records produced (acks=all), then the same n consumed by an assigned consumer: n / (produce time + consume time). */
    private double raw(int n) throws Exception {
        byte[] value = new byte[600];
        Map<String, Object> p = new HashMap<>(client());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = java.util.stream.IntStream.range(0, settings.partitions())
                    .mapToObj(i -> new TopicPartition("bench.raw", i)).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> start = consumer.endOffsets(partitions);
            start.forEach(consumer::seek);
            long t0 = System.nanoTime();
            try (KafkaProducer<byte[], byte[]> producer = producer()) {
                for (int i = 0; i < n; i++) producer.send(new ProducerRecord<>("bench.raw", Integer.toString(i).getBytes(StandardCharsets.UTF_8), value));
                producer.flush();
            }
            long t1 = System.nanoTime();
            long seen = 0;
            while (seen < n) seen += consumer.poll(Duration.ofMillis(100)).count();
            long t2 = System.nanoTime();
            double rate = n / ((t2 - t0) / 1e9);
            log(String.format("raw: produced %d in %.2f s (%.0f rec/s), consumed them in %.2f s (%.0f rec/s): %.0f rec/s through both",
                    n, (t1 - t0) / 1e9, n / ((t1 - t0) / 1e9), (t2 - t1) / 1e9, n / ((t2 - t1) / 1e9), rate));
            return rate;
        }
    }

    private long produceWorkload(int n) throws Exception {
        long bytes = 0;
        Instant now = Instant.now();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < n; i++) {
                NotificationRequest r = Workload.mixed("bench", i, now);
                // Where ingest writes it: a code on the critical request topic, the rest on the request topic.
                String topic = TopicNames.request(r.getPriority());
                byte[] value = topics.request().valueSerde().serializer().serialize(topic, r);
                bytes += value.length;
                producer.send(new ProducerRecord<>(topic, Workload.key(r), value));
            }
            producer.flush();
        }
        return bytes;
    }

    private double drainBare(int n) throws Exception {
        String app = "bench-bare-" + (++runCounter);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, workDir.resolve(app).toString());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        KafkaStreams streams = new KafkaStreams(bareDedup(app), p);
        streams.start();
        try {
            awaitRunning(streams::state);
            long t0 = System.nanoTime();
            waitCommitted(app, TopicNames.REQUEST);
            waitCommitted(app, TopicNames.REQUEST_CRITICAL);
            double rate = n / ((System.nanoTime() - t0) / 1e9);
            log(String.format("bare dedup: %.0f rec/s", rate));
            return rate;
        } finally {
            streams.close(Duration.ofSeconds(20));
        }
    }

    /** Drains the workload with a fresh router; the last one keeps running for the end-to-end phases. */
    private double drainRouter(int n, boolean keep, Map<String, String> extra) throws Exception {
        String app = "bench-router-" + (++runCounter);
        Map<String, String> env = env(app);
        env.putAll(extra);
        RouterConfig config = RouterConfig.fromEnv(env);
        startAtEnd(app, List.of(TopicNames.OUTCOME, TopicNames.CRITICAL_INTAKE));
        RouterApp router = new RouterApp(config, topics).start();
        try {
            awaitRunning(() -> router.streams().state());
            long t0 = System.nanoTime();
            // Both router applications drained their topics: the main one the request topic, the critical one the codes.
            waitCommitted(app, TopicNames.REQUEST);
            waitCommitted(config.criticalApplicationId(), TopicNames.REQUEST_CRITICAL);
            double routing = n / ((System.nanoTime() - t0) / 1e9);
            // The ledger side: the codes' ledger lines, which the main router reads back from the critical intake topic.
            // That topic is written in transactions, so its last offset is a commit marker, which Streams' committed
            // offset passes only at a later commit: every line is processed once the offset reaches the marker.
            long ledger = waitCommitted(app, TopicNames.CRITICAL_INTAKE, 1);
            // The router's work is done when the ledger knows every request, as before the critical router (one task).
            double rate = n / ((System.nanoTime() - t0) / 1e9);
            log(String.format("router %s: %.0f rec/s with the ledger (routing alone %.0f rec/s; the ledger caught up %d ms later)",
                    extra, rate, routing, ledger));
            return rate;
        } finally {
            if (keep) {
                opened.add(router);
                keptRouter = app;
            }
            else router.close();
        }
    }

    /**
     * Each run's router is a new application on topics the earlier runs' routers wrote to: without this it would read
     * their outcomes and their codes' ledger lines too (another 120,000 records per earlier run), as a second router
     * deployment on a shared cluster would. It reads the requests from the start and the rest from where it starts.
     */
    private void startAtEnd(String group, List<String> topicNames) throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            endOffsets(admin, topicNames).forEach((tp, end) -> ends.put(tp, new OffsetAndMetadata(end)));
            admin.alterConsumerGroupOffsets(group, ends).all().get();
        }
    }

    /** The baseline: RocksDB dedup on the request key, then a 3-way split by priority (deserialised, like the router). */
    private Topology bareDedup(String app) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("bare-dedup"), Serdes.String(), Serdes.Long()));
        builder.stream(List.of(TopicNames.REQUEST, TopicNames.REQUEST_CRITICAL), Consumed.with(Serdes.String(), topics.request().valueSerde()))
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
                }, "bare-dedup")
                .to((k, v, ctx) -> "bench.bare." + v.getPriority().name().toLowerCase(java.util.Locale.ROOT),
                        Produced.with(Serdes.String(), topics.request().valueSerde()));
        return builder.build();
    }

    // ---------------------------------------------------------------- end to end

    private void endToEnd() throws Exception {
        Map<String, String> workerEnv = env("unused");
        // The workers start after the throughput runs filled the lanes: they begin at the log end.
        workerEnv.put("kafka.auto.offset.reset", "latest");
        WorkerApp workers = open(new WorkerApp(WorkerConfig.fromEnv(workerEnv)).start());
        awaitTrue(workers::ready, Duration.ofMinutes(2));
        // Keeps running for the latency phases.
        watchOutcomes();
        // Let the watcher and the workers join their groups at the log end before anything is measured.
        LockSupport.parkNanos(Duration.ofSeconds(3).toNanos());
        warmUp();

        if (settings.latencyOnly()) return;
        int n = settings.endToEnd();
        List<Double> toSmtp = new ArrayList<>();
        List<Double> toNoop = new ArrayList<>();
        List<Double> bareSmtp = new ArrayList<>();
        Map<Priority, List<Long>> lanes = new HashMap<>();
        // One discarded round of each first, as for the router's throughput: the whole stack shares one JVM on two
        // cores, and its JIT took a fifth of the CPU through the first end-to-end rounds (three rounds of 30,000 to the
        // SMTP sink: 2,093, 2,653, 3,005 msg/s, 2026-12-01 05:50), a path much longer than the bare sender's.
        log("end-to-end warm-up round (not reported)");
        endToEndRun("e2e-smtp-warm", n, Channel.EMAIL, smtp::receivedCount, null);
        endToEndRun("e2e-noop-warm", n, Channel.SMS, twilio::receivedCount, null);
        bareSmtp(n);
        double load = load();
        resetHeap();
        RocksDbPeak rocks = RocksDbPeak.start();
        for (int r = 0; r < settings.runs(); r++) {
            toSmtp.add(endToEndRun("e2e-smtp-" + r, n, Channel.EMAIL, smtp::receivedCount, lanes));
            toNoop.add(endToEndRun("e2e-noop-" + r, n, Channel.SMS, twilio::receivedCount, null));
            bareSmtp.add(bareSmtp(n));
        }
        heap("end to end (router + workers)");
        rocks.stop(report, "end to end (router + workers)");
        report.rate(new BenchReport.Rate("end to end → no-op provider (Twilio stub)", "msg/s",
                n + " SMS requests, router + SMS worker (" + WORKER_CONCURRENCY + " connections)", toNoop, load));
        report.rate(new BenchReport.Rate("end to end → SMTP sink", "msg/s", n + " email requests (20/50/30 critical/transactional/bulk), "
                + SMTP_CONNECTIONS + " SMTP connections, concurrency " + WORKER_CONCURRENCY + ", max.poll.records " + WORKER_MAX_POLL, toSmtp, load));
        report.rate(new BenchReport.Rate("bare pooled SMTP sender → SMTP sink", "msg/s", n + " messages, the worker's SmtpProvider, "
                + SMTP_CONNECTIONS + " connections, " + WORKER_CONCURRENCY + " threads, no Kafka", bareSmtp, load));
        report.ratio(new BenchReport.Ratio("end to end → no-op / bare Streams", "end to end → no-op provider (Twilio stub)",
                "bare Streams dedup (exactly_once_v2)", 0.4));
        report.ratio(new BenchReport.Ratio("end to end → SMTP / bare SMTP sender", "end to end → SMTP sink",
                "bare pooled SMTP sender → SMTP sink", 0.7));
        for (Priority lane : Priority.values()) {
            report.latency(new BenchReport.Latency("saturated drain, " + lane.name().toLowerCase(java.util.Locale.ROOT) + " lane",
                    "request produced → SENT during the end-to-end SMTP runs (backlog at full speed: queueing time)",
                    LatencySummary.of(lanes.getOrDefault(lane, List.of())), load));
        }
    }

    /** A few hundred notifications through every path, so connections, classes and JIT are warm before measuring. */
    private void warmUp() throws Exception {
        long smtpBefore = smtp.receivedCount();
        long smsBefore = twilio.receivedCount();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            Instant now = Instant.now();
            for (int i = 0; i < 300; i++) {
                send(producer, Workload.email("warm", i, Priority.TRANSACTIONAL, now));
                send(producer, Workload.sms("warm-sms", i, now));
            }
            // The critical path has a router application and a worker consumer of its own: warm them too.
            for (int i = 0; i < 100; i++) send(producer, Workload.email("warm-critical", i, Priority.CRITICAL, now));
        }
        awaitTrue(() -> smtp.receivedCount() - smtpBefore >= 400 && twilio.receivedCount() - smsBefore >= 300, Duration.ofMinutes(2));
        log("warm-up done");
    }

    private double endToEndRun(String tenant, int n, Channel channel, LongSupplier delivered, Map<Priority, List<Long>> lanes) throws Exception {
        long before = delivered.getAsLong();
        long t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            Instant now = Instant.now();
            for (int i = 0; i < n; i++) {
                NotificationRequest r = channel == Channel.EMAIL ? Workload.email(tenant, i, Workload.lane(i), now) : Workload.sms(tenant, i, now);
                send(producer, r);
            }
        }
        awaitTrue(() -> delivered.getAsLong() - before >= n, Duration.ofMinutes(10));
        double rate = n / ((System.nanoTime() - t0) / 1e9);
        log(String.format("%s: %d delivered, %.0f msg/s", tenant, n, rate));
        if (lanes != null) {
            awaitTrue(() -> countSent(tenant) >= n, Duration.ofSeconds(30));
            latencies(tenant).forEach((lane, l) -> lanes.computeIfAbsent(lane, x -> new ArrayList<>()).addAll(l));
        }
        return rate;
    }

    private double bareSmtp(int n) throws Exception {
        SmtpProviderConfig config = new SmtpProviderConfig("smtp-bare", "127.0.0.1", smtp.port(), TlsMode.NONE, null, null,
                "bench@notify.example.com", 100_000, SMTP_CONNECTIONS, Duration.ofSeconds(5), Duration.ofSeconds(30));
        ExecutorService pool = Executors.newFixedThreadPool(WORKER_CONCURRENCY);
        try (SmtpProvider provider = new SmtpProvider(config)) {
            Instant now = Instant.now();
            for (int i = 0; i < 100; i++) provider.send(Workload.command("bare-warm", i, now));
            AtomicLong failed = new AtomicLong();
            long t0 = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                DispatchCommand c = Workload.command("bare", i, now);
                futures.add(pool.submit(() -> {
                    if (!(provider.send(c) instanceof AttemptResult.Sent)) failed.incrementAndGet();
                }));
            }
            for (Future<?> f : futures) f.get();
            double rate = n / ((System.nanoTime() - t0) / 1e9);
            log(String.format("bare SMTP: %.0f msg/s (%d failed)", rate, failed.get()));
            return rate;
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- critical latency

    private void latency() throws Exception {
        int seconds = settings.seconds();
        double load = load();
        resetHeap();
        RocksDbPeak rocks = RocksDbPeak.start();
        // One round at the loaded rate first, reported but not the target's figure: with --latency-only it is the first
        // load the critical path sees, and on a slower host the JIT took 29% of the CPU through it (2026-12-02: 500/s
        // p99 435-651 ms in 10 s phases right after the warm-up, 231 ms over 30 s). A service is measured warm, as the
        // end-to-end and throughput rounds are; what a code waits right after a restart is this row.
        LatencySummary first = criticalAt("crit-first", settings.criticalRate(), seconds);
        report.latency(new BenchReport.Latency("critical at " + settings.criticalRate() + "/s, first round (warm-up, not the target's figure)",
                "request produced → SENT; with --latency-only the first load after start (JIT compiling)", first, load));
        load = load();
        LatencySummary idle = criticalAt("crit-idle", 10, seconds);
        report.latency(new BenchReport.Latency("critical, idle (10/s)", "request produced → SENT (sink answered 250)", idle, load));
        segments("crit-idle", "critical, idle", load);
        load = load();
        LatencySummary loaded = criticalAt("crit-rate", settings.criticalRate(), seconds);
        report.latency(new BenchReport.Latency("critical at " + settings.criticalRate() + "/s", "request produced → SENT", loaded, load));
        segments("crit-rate", "critical at " + settings.criticalRate() + "/s", load);
        heap("critical latency");
        rocks.stop(report, "critical latency");

        if (settings.bulk() > 0) {
            if (settings.bulkPhases().routed()) bulkDrain(true);
            if (settings.bulkPhases().queued()) bulkDrain(false);
            report.note("bulk drain: " + settings.bulk() + " bulk emails per phase (the target names 1,000,000; scale with --bulk)");
        }
        watching.set(false);
    }

    /**
     * Critical at 10/s for as long as {@code settings.bulk()} bulk emails drain (at least {@code settings.seconds()}), so
     * a million-mail backlog is measured over its whole drain, not its first seconds. {@code routedFirst}: the router
     * has routed the whole backlog before the first critical request (the backlog waits at the workers, which take
     * critical first); otherwise the bulk is produced at full speed alongside, so it also queues in the request topic
     * ahead of the critical requests (the router reads each partition in order). The bulk mails are counted at the
     * sink, not followed one by one: a million tracked ids and their decoded outcomes would cost the services the
     * benchmark measures a share of the same two cores and of the one heap.
     */
    private void bulkDrain(boolean routedFirst) throws Exception {
        double load = load();
        resetHeap();
        String tenant = routedFirst ? "bulk-routed" : "bulk-queued";
        long before = smtp.receivedCount();
        Thread bulk = new Thread(() -> {
            try (KafkaProducer<byte[], byte[]> producer = producer()) {
                Instant now = Instant.now();
                for (int i = 0; i < settings.bulk(); i++) sendUntracked(producer, Workload.email(tenant, i, Priority.BULK, now));
            } catch (Exception e) {
                log("bulk producer failed: " + e);
            }
        }, "bench-bulk");
        bulk.start();
        long t0 = System.nanoTime();
        if (routedFirst) {
            bulk.join();
            waitCommitted(keptRouter, TopicNames.REQUEST);
            log(String.format("bulk routed in %.1f s; %d already at the sink", (System.nanoTime() - t0) / 1e9, smtp.receivedCount() - before));
        }
        String critical = routedFirst ? "crit-bulk-routed" : "crit-bulk-queued";
        long atStart = smtp.receivedCount() - before;
        RocksDbPeak rocks = RocksDbPeak.start();
        // Critical requests are mails too: the backlog has drained when the sink counted it and every code sent so far.
        LatencySummary during = criticalWhile(critical, 10, settings.seconds(),
                () -> smtp.receivedCount() - before >= settings.bulk() + countSent(critical));
        // The sink counts the codes too: every code measured reached it.
        long drainedDuring = smtp.receivedCount() - before - atStart - during.count();
        bulk.join();
        awaitTrue(() -> smtp.receivedCount() - before >= settings.bulk() + during.count(), Duration.ofMinutes(60));
        double drain = (System.nanoTime() - t0) / 1e9;
        heap(routedFirst ? "bulk drain (routed first)" : "bulk drain (queued at the router)");
        rocks.stop(report, routedFirst ? "bulk drain (routed first)" : "bulk drain (queued at the router)");
        String name = routedFirst ? "critical (10/s) while " + settings.bulk() + " routed bulk drain through the workers"
                : "critical (10/s) while " + settings.bulk() + " bulk requests queue at the router";
        report.latency(new BenchReport.Latency(name, "request produced → SENT, measured until the backlog drained; " + drainedDuring
                + " bulk mails reached the sink meanwhile, the whole backlog took " + String.format(java.util.Locale.ROOT, "%.1f s", drain),
                during, load));
        segments(critical, name, load);
    }

    /** Where the time went: produced → the router's decision, and decision → SENT (commit, worker fetch, send). */
    private void segments(String tenant, String name, double load) {
        List<Long> toRouted = new ArrayList<>();
        List<Long> routedToSent = new ArrayList<>();
        sentAt.forEach((id, sent) -> {
            Long routed = routedAt.get(id);
            if (tenant.equals(tenantOf.get(id)) && routed != null) {
                toRouted.add(routed - producedAt.get(id));
                routedToSent.add(sent - routed);
            }
        });
        report.latency(new BenchReport.Latency(name + " · produced → router decided", "ROUTED outcome time (before the router's commit)",
                LatencySummary.of(toRouted), load));
        report.latency(new BenchReport.Latency(name + " · router decided → SENT", "router commit + worker fetch + SMTP send",
                LatencySummary.of(routedToSent), load));
    }

    /** Critical emails at {@code rate}/s for {@code seconds}; percentiles of request produced → SENT. */
    private LatencySummary criticalAt(String tenant, int rate, int seconds) throws Exception {
        return criticalWhile(tenant, rate, seconds, () -> true);
    }

    /**
     * Critical emails at {@code rate}/s for at least {@code seconds}, then on until {@code done} holds (checked once a
     * second); percentiles of request produced → SENT.
     */
    private LatencySummary criticalWhile(String tenant, int rate, int seconds, java.util.function.BooleanSupplier done) throws Exception {
        int sent = 0;
        try (KafkaProducer<byte[], byte[]> producer = latencyProducer()) {
            long start = System.nanoTime();
            Instant created = Instant.now();
            while (sent < rate * seconds || sent % rate != 0 || !done.getAsBoolean()) {
                long wait = start + (long) (sent * 1e9 / rate) - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(wait);
                send(producer, Workload.email(tenant, sent, Priority.CRITICAL, created.plusMillis(sent * 1000L / rate)));
                sent++;
            }
        }
        int total = sent;
        awaitTrue(() -> countSent(tenant) >= total, Duration.ofMinutes(5));
        LatencySummary s = LatencySummary.of(latencies(tenant).getOrDefault(Priority.CRITICAL, List.of()));
        log(tenant + ": " + s);
        return s;
    }

    // ---------------------------------------------------------------- outcome watcher

    /** Follows the outcome topic (read_committed) for the workers' SENT, stamped when the provider accepted. */
    private Thread watchOutcomes() {
        Map<String, Object> p = new HashMap<>(client());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-outcomes");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        var deserializer = topics.outcome().valueSerde().deserializer();
        Thread t = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(topics.outcome().name()));
                while (watching.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                        String id = new String(r.key(), StandardCharsets.UTF_8);
                        if (!producedAt.containsKey(id)) continue;
                        DeliveryOutcome o = deserializer.deserialize(r.topic(), r.value());
                        if (o.getStage() == Stage.WORKER && o.getStatus() == OutcomeStatus.SENT
                                && sentAt.putIfAbsent(id, o.getAt().toEpochMilli()) == null) {
                            sentPerTenant.computeIfAbsent(tenantOf.get(id), k -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
                        }
                        if (o.getStage() == Stage.ROUTER && o.getStatus() == OutcomeStatus.ROUTED) routedAt.putIfAbsent(id, o.getAt().toEpochMilli());
                    }
                }
            }
        }, "bench-outcomes");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Counted as SENT outcomes arrive: scanning every id on each 5 ms check took a core's worth of the benchmark's own
     * CPU (a fifth of all samples in a profile of a bulk drain), from the services it measures.
     */
    private long countSent(String tenant) {
        java.util.concurrent.atomic.AtomicLong n = sentPerTenant.get(tenant);
        return n == null ? 0 : n.get();
    }

    private Map<Priority, List<Long>> latencies(String tenant) {
        Map<Priority, List<Long>> out = new HashMap<>();
        sentAt.forEach((id, at) -> {
            if (tenant.equals(tenantOf.get(id))) out.computeIfAbsent(laneOf.get(id), x -> new ArrayList<>()).add(at - producedAt.get(id));
        });
        return out;
    }

    /** A request followed to its SENT, written where ingest writes it: critical ones to the critical request topic. */
    private void send(KafkaProducer<byte[], byte[]> producer, NotificationRequest r) {
        String topic = TopicNames.request(r.getPriority());
        byte[] value = topics.request().valueSerde().serializer().serialize(topic, r);
        String id = r.getNotificationId();
        laneOf.put(id, r.getPriority());
        tenantOf.put(id, r.getTenantId());
        producedAt.put(id, System.currentTimeMillis());
        producer.send(new ProducerRecord<>(topic, Workload.key(r), value));
    }

    /** A request whose outcomes the watcher skips without decoding (counted at the sink instead). */
    private void sendUntracked(KafkaProducer<byte[], byte[]> producer, NotificationRequest r) {
        producer.send(new ProducerRecord<>(TopicNames.REQUEST, Workload.key(r),
                topics.request().valueSerde().serializer().serialize(TopicNames.REQUEST, r)));
    }

    // ---------------------------------------------------------------- helpers

    /** Polls the group's committed offsets until they reach the topic's end; returns the time it took in ms. */
    private long waitCommitted(String group, String topic) throws Exception {
        return waitCommitted(group, topic, 0);
    }

    /** As {@link #waitCommitted(String, String)}, done {@code short} offsets before each partition's end. */
    private long waitCommitted(String group, String topic, int shortOfEnd) throws Exception {
        long start = System.currentTimeMillis();
        try (Admin admin = admin()) {
            Map<TopicPartition, Long> ends = endOffsets(admin, List.of(topic));
            // A partition nothing was written to is drained.
            ends.values().removeIf(end -> end == 0);
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                // Transaction markers occupy offsets: the committed offset may pass the end seen earlier.
                boolean done = ends.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue() - shortOfEnd);
                if (done) return System.currentTimeMillis() - start;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    /** The end offset of every partition of {@code topicNames}. */
    private static Map<TopicPartition, Long> endOffsets(Admin admin, List<String> topicNames) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (var d : admin.describeTopics(topicNames).allTopicNames().get().values())
            d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    private static void awaitRunning(java.util.function.Supplier<KafkaStreams.State> state) {
        awaitTrue(() -> state.get() == KafkaStreams.State.RUNNING, Duration.ofMinutes(2));
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("benchmark phase did not finish within " + timeout);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private void resetHeap() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();
        gcAtReset = gcTotals();
        phaseStartNanos = System.nanoTime();
    }

    /**
     * Sum of the heap pools' peaks since the last reset (an upper bound of the heap in use during the phase), and the
     * collections meanwhile: a heap that fits only by collecting all the time does not fit.
     */
    private void heap(String phase) {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) peak += pool.getPeakUsage().getUsed();
        }
        long[] gc = gcTotals();
        report.heap(phase, new BenchReport.Heap(peak, Runtime.getRuntime().maxMemory(), gc[0] - gcAtReset[0], gc[1] - gcAtReset[1],
                (System.nanoTime() - phaseStartNanos) / 1_000_000));
    }

    /** Collections and their milliseconds since the JVM started, over every collector. */
    private static long[] gcTotals() {
        long count = 0;
        long millis = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    private Map<String, Object> client() {
        return Map.of("bootstrap.servers", kafka.bootstrapServers());
    }

    private Admin admin() {
        return Admin.create(new HashMap<>(client()));
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> p = new HashMap<>(client());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** As ingest produces: acks=all, linger 2 ms. */
    private KafkaProducer<byte[], byte[]> latencyProducer() {
        Map<String, Object> p = new HashMap<>(client());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private <T extends AutoCloseable> T open(T component) {
        opened.add(component);
        return component;
    }

    private void log(String line) {
        log.println("[bench] " + line);
        log.flush();
    }

    @Override
    public void close() {
        watching.set(false);
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                log("closing " + opened.get(i).getClass().getSimpleName() + ": " + e);
            }
        }
        SchemaRegistryClients.dropMock(registryUrl);
        // The broker's log and the routers' state: gigabytes per run, which repeated runs would pile up in /tmp.
        try {
            WorkDirs.delete(workDir);
        } catch (IOException | RuntimeException e) {
            log("could not delete " + workDir + ": " + e);
        }
    }
}
