package io.herald.policy.destination;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Static domain → destination assignments from configuration ({@code destinations}, env
 * {@code HERALD_DESTINATIONS}, e.g. {@code contoso.com=exchange-online,fabrikam.com=google-workspace}). They
 * win over DNS: an operator who knows where a domain's mail lands, or a test without DNS, says so here.
 */
public record DestinationOverrides(Map<String, String> byDomain) {
    public static final String KEY = "destinations";
    public static final DestinationOverrides NONE = new DestinationOverrides(Map.of());

    public DestinationOverrides {
        Map<String, String> copy = new LinkedHashMap<>();
        byDomain.forEach((domain, destination) -> {
            String d = Destinations.normalise(domain);
            String to = Destinations.normalise(destination);
            if (d == null || to == null) throw new IllegalArgumentException(KEY + ": blank domain or destination");
            copy.put(d, to);
        });
        byDomain = Map.copyOf(copy);
    }

    /** Parses {@code domain=destination,...}; blank or {@code none} means none. Bad entries fail naming the key and the entry. */
    public static DestinationOverrides parse(String text) {
        if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("none")) return NONE;
        Map<String, String> map = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) continue;
            int eq = e.indexOf('=');
            if (eq <= 0 || eq == e.length() - 1) {
                throw new IllegalArgumentException(KEY + ": expected domain=destination, got '" + e + "'");
            }
            String domain = e.substring(0, eq).trim();
            if (map.put(Destinations.normalise(domain), e.substring(eq + 1).trim()) != null) {
                throw new IllegalArgumentException(KEY + ": domain '" + domain + "' assigned twice");
            }
        }
        return new DestinationOverrides(map);
    }

    /** The configured destination of {@code domain}, or null. */
    public String of(String domain) {
        String d = Destinations.normalise(domain);
        return d == null ? null : byDomain.get(d);
    }
}
