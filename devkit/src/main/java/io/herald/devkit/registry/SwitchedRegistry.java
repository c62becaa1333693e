package io.herald.devkit.registry;

import io.herald.schemas.registry.RegistryException;
import io.herald.schemas.registry.SchemaRegistryClient;
import io.herald.schemas.registry.SchemaVersion;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/**
 * A real registry client behind a switch, for outage tests: while {@link #down(boolean) down}, every call fails as a
 * registry answering 503 would (a {@link RegistryException} that is not "not found"), without touching the registry.
 * Cheaper and more precise than stopping the shared registry: only the clients built on this switch see the outage.
 */
public final class SwitchedRegistry implements SchemaRegistryClient {
    private final SchemaRegistryClient real;
    private final AtomicInteger refusals = new AtomicInteger();
    private volatile boolean down;

    public SwitchedRegistry(SchemaRegistryClient real) {
        this.real = real;
    }

    /** Turns the outage on or off; returns this. */
    public SwitchedRegistry down(boolean down) {
        this.down = down;
        return this;
    }

    /** Calls refused while down. */
    public int refusals() {
        return refusals.get();
    }

    private void check(String subject) {
        if (!down) return;
        refusals.incrementAndGet();
        throw new RegistryException(subject, 503, 0, "registry unavailable (switched off by a test)", null);
    }

    @Override
    public int register(String subject, Schema schema) {
        check(subject);
        return real.register(subject, schema);
    }

    @Override
    public int idOf(String subject, Schema schema) {
        check(subject);
        return real.idOf(subject, schema);
    }

    @Override
    public Schema schemaById(int id) {
        check("id " + id);
        return real.schemaById(id);
    }

    @Override
    public SchemaVersion latest(String subject) {
        check(subject);
        return real.latest(subject);
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        check(subject);
        return real.isCompatible(subject, schema);
    }

    @Override
    public void close() {
        real.close();
    }
}
