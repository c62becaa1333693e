package io.herald.router.http;

import io.herald.router.topology.LedgerEntry;
import io.herald.router.topology.RouterTopology;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Answers "what happened to notification X?" from the ledger through interactive queries. The
 * ledger is partitioned: when another instance owns the key (per {@code application.server} and
 * {@link KafkaStreams#queryMetadataForKey}), the request is forwarded there once.
 */
public final class StatusLookup implements NotificationStatus {
    /** Marks a forwarded request, so two instances with different views never bounce it forever. */
    public static final String FORWARDED_HEADER = "X-Herald-Forwarded";

    private final Supplier<KafkaStreams> streams;
    private final Supplier<HostInfo> self;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public StatusLookup(Supplier<KafkaStreams> streams, Supplier<HostInfo> self) {
        this.streams = streams;
        this.self = self;
    }

    @Override
    public Result find(String notificationId, boolean forwarded) {
        KafkaStreams ks = streams.get();
        if (ks == null) return new Result.Unavailable("router not started");
        KeyQueryMetadata owner;
        try {
            owner = ks.queryMetadataForKey(RouterTopology.LEDGER_STORE, notificationId, Serdes.String().serializer());
        } catch (IllegalStateException e) {
            return new Result.Unavailable("router not running");
        }
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) return new Result.Unavailable("owner unknown");
        if (owner.activeHost().equals(self.get())) return local(ks, notificationId, owner.partition());
        if (forwarded) return new Result.Unavailable("forwarded to an instance that does not own the key");
        return remote(owner.activeHost(), notificationId);
    }

    private Result local(KafkaStreams ks, String id, int partition) {
        try {
            ReadOnlyKeyValueStore<String, LedgerEntry> store = ks.store(StoreQueryParameters
                    .fromNameAndType(RouterTopology.LEDGER_STORE, QueryableStoreTypes.<String, LedgerEntry>keyValueStore())
                    .withPartition(partition));
            LedgerEntry entry = store.get(id);
            return entry == null ? new Result.NotFound() : new Result.Found(StatusJson.of(entry));
        } catch (InvalidStateStoreException e) {
            return new Result.Unavailable("ledger store migrating");
        }
    }

    private Result remote(HostInfo host, String id) {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + "/v1/notifications/"
                + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).header(FORWARDED_HEADER, "1").GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return switch (response.statusCode()) {
                case 200 -> new Result.Found(response.body());
                case 404 -> new Result.NotFound();
                default -> new Result.Unavailable("owner " + host + " answered " + response.statusCode());
            };
        } catch (IOException e) {
            return new Result.Unavailable("owner " + host + " unreachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result.Unavailable("interrupted");
        }
    }
}
