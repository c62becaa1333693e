package io.herald.devkit.junit;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.herald.devkit.kafka.ContainerKafka;
import io.herald.devkit.kafka.EmbeddedKafka;
import io.herald.devkit.kafka.KafkaBackend;
import io.herald.devkit.kafka.KafkaCluster;
import io.herald.devkit.registry.ApicurioRegistry;
import io.herald.devkit.registry.SchemaRegistryEndpoint;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Gives tests real infrastructure, started at most once per test JVM: one embedded Kafka broker
 * and, for the classes that ask, one Apicurio Registry.
 *
 * <p>Both live in the root {@link ExtensionContext.Store}, so JUnit closes them (they are
 * {@link AutoCloseable}) after the last test of the JVM, not after each class; starting a broker
 * per class would cost seconds each time and buys no isolation that unique topic names do not.
 * Each is started lazily, by {@link WithKafka}/{@link WithRegistry} before the class or by the
 * first parameter of these types:
 * <ul>
 *   <li>{@link KafkaCluster}, {@link EmbeddedKafka} — the shared broker;</li>
 *   <li>{@link SchemaRegistryEndpoint}, {@link ApicurioRegistry} — the shared registry.</li>
 * </ul>
 * A test may stop the shared broker to simulate an outage; it should start it again, and if it
 * does not, the next class or parameter that needs the broker restarts it (same port, same data).
 */
public final class HeraldInfraExtension implements BeforeAllCallback, ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(HeraldInfraExtension.class);
    private static final String KAFKA_KEY = "kafka";
    private static final String CONTAINER_KEY = "kafka-container";
    private static final String BACKEND_KEY = "kafka-backend";
    private static final String REGISTRY_KEY = "registry";
    private static final Set<Class<?>> KAFKA_TYPES = Set.of(KafkaCluster.class, EmbeddedKafka.class);
    private static final java.util.logging.Logger JUL = java.util.logging.Logger.getLogger(HeraldInfraExtension.class.getName());
    private static final Set<Class<?>> REGISTRY_TYPES = Set.of(SchemaRegistryEndpoint.class, ApicurioRegistry.class);

    /** How many brokers this extension started in this JVM; tests use it to prove the sharing. */
    private static final AtomicInteger BROKERS_STARTED = new AtomicInteger();
    private static final AtomicInteger REGISTRIES_STARTED = new AtomicInteger();

    /** Created by JUnit through {@code @ExtendWith}. */
    public HeraldInfraExtension() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        if (AnnotationSupport.isAnnotated(testClass, WithKafka.class)) {
            cluster(context);
        }
        if (AnnotationSupport.isAnnotated(testClass, WithRegistry.class)) {
            registry(context);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return KAFKA_TYPES.contains(type) || REGISTRY_TYPES.contains(type);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == EmbeddedKafka.class) return kafka(context);
        return type == KafkaCluster.class ? cluster(context) : registry(context);
    }

    /**
     * The JVM-wide cluster of the backend {@code HERALD_TEST_KAFKA} chooses ({@link KafkaBackend}): a Testcontainers
     * broker where a Docker engine answers (with {@code auto}), else the embedded broker. Tests that stop and restart
     * the broker ask for {@link EmbeddedKafka} instead and always get the embedded one.
     */
    public static KafkaCluster cluster(ExtensionContext context) {
        KafkaBackend backend = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(BACKEND_KEY, key -> {
            KafkaBackend chosen = KafkaBackend.fromSettings();
            JUL.info(() -> "Kafka for integration tests: " + chosen + " (" + KafkaBackend.SETTING + ")");
            return chosen;
        }, KafkaBackend.class);
        if (backend == KafkaBackend.EMBEDDED) return kafka(context);
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(CONTAINER_KEY,
                key -> new ContainerKafka(ContainerKafka.image(System.getenv())).start(), ContainerKafka.class);
    }

    /**
     * The JVM-wide broker, started (or restarted, if a test left it stopped) before it is returned.
     * For extensions and helpers that have an {@link ExtensionContext} but no parameter to inject.
     */
    public static EmbeddedKafka kafka(ExtensionContext context) {
        EmbeddedKafka kafka = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(KAFKA_KEY, key -> {
            BROKERS_STARTED.incrementAndGet();
            return EmbeddedKafka.builder().build().start();
        }, EmbeddedKafka.class);
        // start() is a no-op while running; after a forgotten stop() it brings the broker back.
        return kafka.start();
    }

    /** The JVM-wide registry, started on first use. */
    public static ApicurioRegistry registry(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(REGISTRY_KEY, key -> {
            REGISTRIES_STARTED.incrementAndGet();
            return ApicurioRegistry.builder().build().start();
        }, ApicurioRegistry.class);
    }

    static int brokersStarted() {
        return BROKERS_STARTED.get();
    }

    static int registriesStarted() {
        return REGISTRIES_STARTED.get();
    }
}
