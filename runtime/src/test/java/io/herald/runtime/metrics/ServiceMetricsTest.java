package io.herald.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class ServiceMetricsTest {

    @Test
    void exposesJvmMemoryGcThreadAndClassLoaderMeters() {
        try (ServiceMetrics metrics = new ServiceMetrics()) {
            assertThat(metrics.scrape()).contains("jvm_memory_used_bytes").contains("jvm_threads_live_threads")
                    .contains("jvm_classes_loaded_classes").contains("jvm_gc_").contains("process_uptime_seconds");
        }
    }

    @Test
    void exposesABoundProducersOwnMetrics() {
        try (ServiceMetrics metrics = new ServiceMetrics();
             KafkaProducer<String, String> producer = metrics.bind(new KafkaProducer<>(Map.of("bootstrap.servers", "127.0.0.1:1"),
                     new StringSerializer(), new StringSerializer()))) {
            assertThat(metrics.scrape()).contains("kafka_producer_");
        }
    }

    @Test
    void leavesOutSamplesWithoutDataInsteadOfExposingNaN() {
        try (ServiceMetrics metrics = new ServiceMetrics()) {
            Gauge.builder("herald.test.empty.window", () -> Double.NaN).description("An average over no data").register(metrics.registry());
            Gauge.builder("herald.test.value", () -> 3.0).description("A value").register(metrics.registry());

            String scrape = metrics.scrape();

            assertThat(scrape).doesNotContain("NaN").contains("herald_test_value 3.0")
                    .contains("# HELP herald_test_empty_window An average over no data");
        }
    }

    @Test
    void givesAMeterWithoutDescriptionAHelpTextFromItsName() {
        try (ServiceMetrics metrics = new ServiceMetrics()) {
            Gauge.builder("kafka.producer.node.request.latency.avg", () -> 1.0).register(metrics.registry());

            assertThat(metrics.scrape()).contains("# HELP kafka_producer_node_request_latency_avg Kafka client metric "
                    + "kafka.producer.node.request.latency.avg (no description given by its source).");
        }
    }

    @Test
    void everyMetricOfABoundKafkaClientHasAHelpText() {
        try (ServiceMetrics metrics = new ServiceMetrics();
             KafkaProducer<String, String> producer = metrics.bind(new KafkaProducer<>(Map.of("bootstrap.servers", "127.0.0.1:1"),
                     new StringSerializer(), new StringSerializer()))) {
            java.util.List<String> lines = metrics.scrape().lines().toList();
            java.util.Set<String> helped = new java.util.HashSet<>();
            lines.stream().filter(l -> l.startsWith("# HELP ")).map(l -> l.split(" ", 4))
                    .filter(parts -> parts.length == 4 && !parts[3].isBlank()).forEach(parts -> helped.add(parts[2]));

            assertThat(lines.stream().filter(l -> l.startsWith("# TYPE ")).map(l -> l.split(" ")[2]))
                    .isNotEmpty().allSatisfy(name -> assertThat(helped).as("HELP of %s", name).contains(name));
        }
    }

    @Test
    void exposesTheSameStateStoreMetricOfRocksDbAndInMemoryStoresUnderOneSetOfLabels() {
        try (ServiceMetrics metrics = new ServiceMetrics()) {
            java.util.List<String> refused = new java.util.ArrayList<>();
            metrics.registry().config().onMeterRegistrationFailed((id, reason) -> refused.add(id.getName() + ": " + reason));
            Gauge.builder("kafka.stream.state.flush.latency.max", () -> 1.0).description("Flush latency")
                    .tags("in.memory.state.id", "dedup", "task.id", "0_0", "thread.id", "t1").register(metrics.registry());
            Gauge.builder("kafka.stream.state.flush.latency.max", () -> 2.0).description("Flush latency")
                    .tags("rocksdb.state.id", "router-preferences", "task.id", "-1_-1", "thread.id", "t1").register(metrics.registry());

            String scrape = metrics.scrape();

            assertThat(refused).isEmpty();
            assertThat(scrape).contains("kafka_stream_state_flush_latency_max{state_id=\"dedup\",store_type=\"in.memory\"")
                    .contains("kafka_stream_state_flush_latency_max{state_id=\"router-preferences\",store_type=\"rocksdb\"");
        }
    }

    @Test
    void aClientMadeAgainWithTheSameIdReplacesTheMetricsOfTheOneItSucceeds() {
        try (ServiceMetrics metrics = new ServiceMetrics()) {
            Map<String, Object> props = Map.of("bootstrap.servers", "127.0.0.1:1", "client.id", "follower");
            KafkaProducer<String, String> first = metrics.bind(new KafkaProducer<>(props, new StringSerializer(), new StringSerializer()));
            first.close(java.time.Duration.ZERO);
            io.micrometer.core.instrument.Meter before = startTime(metrics);

            try (KafkaProducer<String, String> second = metrics.bind(new KafkaProducer<>(props, new StringSerializer(),
                    new StringSerializer()))) {
                // Re-registering the same id would be ignored with a WARN and keep reading the closed client.
                assertThat(startTime(metrics)).isNotNull().isNotSameAs(before);
                assertThat(metrics.scrape()).contains("client_id=\"follower\"");
            }
        }
    }

    private static io.micrometer.core.instrument.Meter startTime(ServiceMetrics metrics) {
        return metrics.registry().find("kafka.app.info.start.time.ms").tag("client.id", "follower").meter();
    }

    @Test
    void keepsEveryOtherLineOfTheExpositionAsItIs() {
        String exposition = "# HELP a An a\n# TYPE a gauge\na{x=\"1\"} NaN\na{x=\"2\"} 2.0\n";

        assertThat(ServiceMetrics.withoutNaN(exposition)).isEqualTo("# HELP a An a\n# TYPE a gauge\na{x=\"2\"} 2.0\n");
    }
}
