package io.herald.ingest.destination;

import io.herald.policy.destination.CachingMxResolver;
import io.herald.policy.destination.DestinationOverrides;
import io.herald.policy.destination.Destinations;
import io.herald.policy.destination.MxLookup;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tags email recipients with their destination at ingest, without ever waiting for DNS on a request: an
 * override or a cached MX answer is used at once; a domain not known yet is looked up in the background
 * (one lookup per domain in flight, a bounded queue that drops when full) and its requests go untagged
 * meanwhile, which the router reads as "the override, else the domain". Thread-safe.
 */
public final class RecipientDestinations implements UnaryOperator<String>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecipientDestinations.class);

    private final CachingMxResolver resolver;
    private final ThreadPoolExecutor lookups;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    public RecipientDestinations(DestinationOverrides overrides, MxLookup dns) {
        this.resolver = new CachingMxResolver(overrides, dns, System::currentTimeMillis, Duration.ofHours(1),
                Duration.ofMinutes(5), 100_000);
        this.lookups = new ThreadPoolExecutor(1, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1_000), r -> {
            Thread t = new Thread(r, "ingest-mx-lookup");
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.DiscardPolicy());
    }

    /** The destination of {@code email} if known now, else null (and a lookup is started). */
    @Override
    public String apply(String email) {
        String known = resolver.peek(email);
        if (known != null) return known;
        String domain = Destinations.domainOf(email);
        if (domain != null && inFlight.add(domain)) {
            try {
                lookups.execute(() -> {
                    try {
                        String destination = resolver.resolve(email);
                        LOG.debug("destination of domain {} is {}", domain, destination);
                    } finally {
                        inFlight.remove(domain);
                    }
                });
            } catch (RuntimeException e) {
                inFlight.remove(domain);
            }
        }
        return null;
    }

    @Override
    public void close() {
        lookups.shutdownNow();
    }
}
