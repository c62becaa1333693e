package io.herald.workers.webhook;

import io.herald.policy.net.RefusedAddresses;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a webhook may be sent to a host and the addresses it resolved to. The ranges are
 * {@link RefusedAddresses}' (ingest applies the same to IP literals at intake). Refused: loopback,
 * link-local (169.254.0.0/16 incl. cloud metadata at 169.254.169.254, fe80::/10), private (10/8,
 * 172.16/12, 192.168/16, fc00::/7), carrier-grade NAT (100.64/10), multicast, unspecified and broadcast
 * addresses — unless the host or the address is allow-listed. Every resolved address must pass: one
 * private answer among public ones is how DNS-rebinding attacks get in. Pure.
 */
public final class SsrfGuard {
    private final List<String> allowedHosts;
    private final List<Cidr> allowedRanges;

    public SsrfGuard(List<String> allowedHosts, List<Cidr> allowedRanges) {
        this.allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        this.allowedRanges = List.copyOf(allowedRanges);
    }

    /** Nothing allow-listed. */
    public static SsrfGuard strict() {
        return new SsrfGuard(List.of(), List.of());
    }

    /** Parses an allow-list such as {@code hooks.internal.example,10.1.0.0/16,127.0.0.1/32}. */
    public static SsrfGuard allowing(String allowList) {
        List<String> hosts = new java.util.ArrayList<>();
        List<Cidr> ranges = new java.util.ArrayList<>();
        for (String item : allowList == null ? new String[0] : allowList.split(",")) {
            String s = item.trim();
            if (s.isEmpty()) continue;
            if (s.contains("/")) ranges.add(Cidr.parse(s)); else hosts.add(s);
        }
        return new SsrfGuard(hosts, ranges);
    }

    /** Empty when every address may be used, else the refusal code ({@code ssrf:link-local} ...). */
    public Optional<String> refusal(String host, List<InetAddress> addresses) {
        if (host != null && allowedHosts.contains(host.toLowerCase(Locale.ROOT))) return Optional.empty();
        if (addresses.isEmpty()) return Optional.of("ssrf:unresolved");
        for (InetAddress address : addresses) {
            Optional<String> why = refusal(address);
            if (why.isPresent()) return why;
        }
        return Optional.empty();
    }

    Optional<String> refusal(InetAddress address) {
        for (Cidr range : allowedRanges) if (range.contains(address)) return Optional.empty();
        return RefusedAddresses.refusal(address);
    }

    static InetAddress unmapped(InetAddress address) {
        return RefusedAddresses.unmapped(address);
    }

    /** An address range such as {@code 10.0.0.0/8}. */
    public record Cidr(byte[] network, int prefix) {
        public static Cidr parse(String cidr) {
            String[] parts = cidr.split("/");
            try {
                InetAddress address = InetAddress.getByName(parts[0]);
                int prefix = Integer.parseInt(parts[1]);
                if (prefix < 0 || prefix > address.getAddress().length * 8) throw new IllegalArgumentException("bad prefix in " + cidr);
                return new Cidr(address.getAddress(), prefix);
            } catch (java.net.UnknownHostException | RuntimeException e) {
                throw new IllegalArgumentException("HERALD_WEBHOOK_ALLOW_LIST entry '" + cidr + "' is not an address range", e);
            }
        }

        boolean contains(InetAddress address) {
            byte[] b = unmapped(address).getAddress();
            if (b.length != network.length) return false;
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((b[bit / 8] & mask) != (network[bit / 8] & mask)) return false;
            }
            return true;
        }
    }
}
