package io.herald.policy.destination;

/** An email address → its destination name. Implementations never return null for an address with a domain. */
public interface DestinationResolver {
    /** The destination of {@code email}, or null when the address has no domain. */
    String resolve(String email);

    /** Configuration only, no DNS: the override for the domain, else the domain itself. For tests and the router. */
    static DestinationResolver offline(DestinationOverrides overrides) {
        return email -> {
            String domain = Destinations.domainOf(email);
            if (domain == null) return null;
            String configured = overrides.of(domain);
            return configured != null ? configured : domain;
        };
    }
}
