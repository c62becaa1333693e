package io.herald.router.topology;

import static io.herald.router.topology.Fixtures.otp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.herald.contracts.Channel;
import io.herald.contracts.Priority;
import io.herald.schemas.registry.InMemorySchemaRegistryClient;
import io.herald.schemas.registry.RegistryException;
import io.herald.schemas.registry.RegistryUnavailableException;
import io.herald.schemas.registry.SchemaRegistryClient;
import io.herald.schemas.registry.SchemaVersion;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A router with a cold schema cache (just restarted) while the registry is down: the request it cannot read
 * is valid, so it must not be dead-lettered (committed past, never routed); it is read again once the
 * registry answers. At-least-once driver, as in {@link DeadLetterTest}.
 */
class RegistryOutageTest {
    private final FlakyRegistry registry = new FlakyRegistry();
    private final RouterHarness h = new RouterHarness(Map.of("kafka.processing.guarantee", "at_least_once"), registry);

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void aRequestUnreadableForWantOfTheRegistryIsNotDeadLetteredAndIsRoutedOnceItAnswers() {
        registry.down = true;
        Throwable failed = catchThrowable(() -> h.send(otp("k1", h.now())));

        assertThat(RegistryUnavailableException.in(failed)).as("the stream thread fails, to be replaced").isPresent();
        assertThat(h.dlq.isEmpty()).as("nothing dead-lettered").isTrue();
        assertThat(h.dispatched(Channel.EMAIL, Priority.CRITICAL)).isEmpty();

        registry.down = false;
        h.send(otp("k1", h.now()));
        assertThat(h.dispatched(Channel.EMAIL, Priority.CRITICAL)).hasSize(1);
        assertThat(h.dlq.isEmpty()).isTrue();
    }

    /** The in-memory registry, whose schema lookups fail with a 503 while {@link #down}. */
    private static final class FlakyRegistry implements SchemaRegistryClient {
        private final InMemorySchemaRegistryClient real = new InMemorySchemaRegistryClient();
        volatile boolean down;

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
            if (down) throw new RegistryException("id:" + id, 503, 0, "Service Unavailable", null);
            return real.schemaById(id);
        }

        @Override
        public SchemaVersion latest(String subject) {
            return real.latest(subject);
        }

        @Override
        public boolean isCompatible(String subject, Schema schema) {
            return real.isCompatible(subject, schema);
        }
    }
}
