package io.herald.compose.drill;

import io.herald.contracts.Priority;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which mail domain each drill recipient is on. By default every recipient is on its lane's own domain
 * ({@code bulk.drill.example}); a destination drill puts a share of each lane's recipients on the affected
 * domains instead (the company whose mail service is down), spread evenly over the lane's sequence so every lane,
 * critical codes included, has its share in every window of the load. Pure.
 *
 * @param affectedPercent share of each lane's recipients on the affected domains, 0–100
 * @param affectedDomains the affected domains, taken in turn; empty when the share is 0
 */
public record RecipientDomains(int affectedPercent, List<String> affectedDomains) {
    /** Every recipient on its lane's domain. */
    public static final RecipientDomains LANES = new RecipientDomains(0, List.of());

    public RecipientDomains {
        if (affectedPercent < 0 || affectedPercent > 100) {
            throw new IllegalArgumentException("--share must be a percentage in 0..100, was " + affectedPercent);
        }
        affectedDomains = affectedDomains.stream().map(d -> d.trim().toLowerCase(Locale.ROOT)).filter(d -> !d.isEmpty()).toList();
        if (affectedPercent > 0 && affectedDomains.isEmpty()) throw new IllegalArgumentException("--domains must name at least one domain");
    }

    /** The lane's own domain, where unaffected recipients are. */
    public static String laneDomain(Priority lane) {
        return lane.name().toLowerCase(Locale.ROOT) + ".drill.example";
    }

    /**
     * The domain of the {@code n}-th recipient (1-based) of {@code lane}: affected exactly when {@code n × share}
     * crosses a multiple of 100, so any run of a lane carries the share within one recipient.
     */
    public String domainOf(Priority lane, long n) {
        if (n < 1) throw new IllegalArgumentException("n must be >= 1, was " + n);
        long before = (n - 1) * affectedPercent / 100;
        long now = n * affectedPercent / 100;
        if (now == before) return laneDomain(lane);
        return affectedDomains.get((int) ((now - 1) % affectedDomains.size()));
    }

    /** Whether {@code domain} is one of the affected domains. */
    public boolean affected(String domain) {
        return domain != null && Set.copyOf(affectedDomains).contains(domain.toLowerCase(Locale.ROOT));
    }
}
