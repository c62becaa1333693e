package io.herald.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.herald.contracts.NotificationRequest;
import io.herald.schemas.Samples;
import io.herald.schemas.registry.InMemorySchemaRegistryClient;
import io.herald.schemas.registry.RegistryException;
import io.herald.schemas.registry.RegistryUnavailableException;
import io.herald.schemas.registry.SchemaRegistryClient;
import io.herald.schemas.registry.SchemaVersion;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which registry failures make a valid record look unreadable? A deserializer with a cold cache (a restarted
 * stage) must fetch the writer's schema; only a registry that says "no such schema" may turn that into a
 * dead letter. Refused connections, timeouts and 5xx are the registry's problem and must be retried.
 */
class RegistryOutageTest {
    private final InMemorySchemaRegistryClient real = new InMemorySchemaRegistryClient();

    @ParameterizedTest(name = "{0}: retriable, not a dead letter")
    @CsvSource({"refused connection, 0", "timeout, 0", "HTTP 500, 500", "HTTP 503, 503", "HTTP 401, 401"})
    void aRegistryThatCannotAnswerIsRetriableNotADeadLetter(String failure, int status) {
        byte[] bytes = written();
        Throwable cause = failure.equals("timeout") ? new HttpTimeoutException("request timed out")
                : new ConnectException("Connection refused");
        AvroDeserializer<NotificationRequest> coldCache = new AvroDeserializer<>(
                failing(new RegistryException("id:1", status, 0, failure, status == 0 ? cause : null)),
                NotificationRequest.class);

        Throwable thrown = catchThrowable(() -> coldCache.deserialize("notify.request.v1", bytes));

        assertThat(thrown).isInstanceOf(RegistryUnavailableException.class).isNotInstanceOf(SerializationException.class);
        assertThat(RegistryUnavailableException.in(thrown)).isPresent();
    }

    @ParameterizedTest(name = "HTTP 404 / {0}: the record is unreadable")
    @CsvSource({"40403", "0"})
    void anUnknownSchemaIdIsADeadLetter(int errorCode) {
        byte[] bytes = written();
        AvroDeserializer<NotificationRequest> coldCache = new AvroDeserializer<>(
                failing(new RegistryException("id:1", 404, errorCode, "schema not found", null)), NotificationRequest.class);

        Throwable thrown = catchThrowable(() -> coldCache.deserialize("notify.request.v1", bytes));

        assertThat(thrown).isInstanceOf(SerializationException.class);
        assertThat(RegistryUnavailableException.in(thrown)).isEmpty();
    }

    private byte[] written() {
        return new AvroSerializer<NotificationRequest>(real, false, true)
                .serialize("notify.request.v1", Samples.otp("acme", "k1", Instant.parse("2026-11-30T10:00:00Z")));
    }

    /** Registers like the real one; every schema lookup by id fails with {@code error}. */
    private SchemaRegistryClient failing(RegistryException error) {
        return new SchemaRegistryClient() {
            @Override
            public int register(String subject, Schema schema) {
                return real.register(subject, schema);
            }

            @Override
            public int idOf(String subject, Schema schema) {
                return real.idOf(subject, schema);
            }

            @Override
            public Schema schemaById(int id) {
                throw error;
            }

            @Override
            public SchemaVersion latest(String subject) {
                return real.latest(subject);
            }

            @Override
            public boolean isCompatible(String subject, Schema schema) {
                return real.isCompatible(subject, schema);
            }
        };
    }
}
