package io.herald.devkit.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Which Kafka the integration tests get: the in-JVM {@link EmbeddedKafka} or a Testcontainers broker
 * ({@link ContainerKafka}). Chosen by {@value #SETTING} ({@code auto}, {@code embedded} or {@code testcontainers};
 * environment variable or system property {@code herald.test.kafka}): {@code auto}, the default, takes the container
 * where a Docker engine answers and the embedded broker elsewhere.
 */
public enum KafkaBackend {
    EMBEDDED, TESTCONTAINERS;

    /** The environment variable that chooses. */
    public static final String SETTING = "HERALD_TEST_KAFKA";
    /** The system property that chooses (wins over the environment). */
    public static final String PROPERTY = "herald.test.kafka";

    /**
     * The backend {@code setting} asks for; {@code dockerAnswers} is asked only when the choice depends on it.
     *
     * @throws IllegalArgumentException naming {@value #SETTING} for an unknown value, or when {@code testcontainers}
     *                                  is asked for and no Docker engine answers
     */
    public static KafkaBackend choose(String setting, BooleanSupplier dockerAnswers) {
        String value = setting == null || setting.isBlank() ? "auto" : setting.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "embedded" -> EMBEDDED;
            case "testcontainers" -> {
                if (!dockerAnswers.getAsBoolean()) {
                    throw new IllegalArgumentException(SETTING + "=testcontainers but no Docker engine answers "
                            + "(use auto or embedded, or start Docker)");
                }
                yield TESTCONTAINERS;
            }
            case "auto" -> dockerAnswers.getAsBoolean() ? TESTCONTAINERS : EMBEDDED;
            default -> throw new IllegalArgumentException(SETTING + " must be auto, embedded or testcontainers, was '" + setting + "'");
        };
    }

    /** The backend this JVM's settings ask for: the system property, else the environment variable. */
    public static KafkaBackend fromSettings() {
        String setting = System.getProperty(PROPERTY, System.getenv(SETTING));
        return choose(setting, () -> dockerAnswers(System.getenv()));
    }

    /**
     * Whether a Docker engine answers. Asks Testcontainers only where an engine may exist (a {@code DOCKER_HOST}, a
     * socket, a Testcontainers configuration): its probe is slow and logs errors where there is none.
     */
    static boolean dockerAnswers(Map<String, String> env) {
        if (!mayHaveDocker(env, Path.of("/var/run/docker.sock"), Path.of(System.getProperty("user.home"), ".testcontainers.properties"))) {
            return false;
        }
        try {
            return ContainerKafka.dockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Any sign of a Docker engine: {@code DOCKER_HOST}, the default socket, or a Testcontainers configuration. */
    static boolean mayHaveDocker(Map<String, String> env, Path socket, Path testcontainersProperties) {
        String host = env.get("DOCKER_HOST");
        return (host != null && !host.isBlank()) || Files.exists(socket) || Files.exists(testcontainersProperties);
    }
}
