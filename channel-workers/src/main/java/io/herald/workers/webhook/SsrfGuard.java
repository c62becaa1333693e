package io.herald.workers.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a webhook may be sent to a host and the addresses it resolved to. Refused: loopback,
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
        InetAddress a = unmapped(address);
        if (a.isLoopbackAddress()) return Optional.of("ssrf:loopback");
        if (a.isLinkLocalAddress()) return Optional.of("ssrf:link-local");
        if (a.isAnyLocalAddress()) return Optional.of("ssrf:unspecified");
        if (a.isMulticastAddress()) return Optional.of("ssrf:multicast");
        if (a.isSiteLocalAddress() || isUniqueLocal(a) || isCarrierGradeNat(a)) return Optional.of("ssrf:private");
        if (isBroadcastOrReserved(a)) return Optional.of("ssrf:reserved");
        return Optional.empty();
    }

    /**
     * An IPv6 address that carries an IPv4 one must be judged as that IPv4 address: mapped
     * ({@code ::ffff:169.254.169.254}), NAT64 ({@code 64:ff9b::169.254.169.254}, a gateway translates it) and
     * 6to4 ({@code 2002:a9fe:a9fe::}, a relay delivers it).
     */
    static InetAddress unmapped(InetAddress address) {
        byte[] b = address.getAddress();
        if (!(address instanceof Inet6Address) || b.length != 16) return address;
        boolean mapped = true;
        for (int i = 0; i < 10; i++) mapped &= b[i] == 0;
        mapped &= (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        for (int i = 4; i < 12 && nat64; i++) nat64 = b[i] == 0;
        if (mapped || nat64) return ipv4(address, b[12], b[13], b[14], b[15]);
        boolean sixToFour = (b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02;
        if (sixToFour) return ipv4(address, b[2], b[3], b[4], b[5]);
        return address;
    }

    private static InetAddress ipv4(InetAddress original, byte a, byte b, byte c, byte d) {
        try {
            return InetAddress.getByAddress(new byte[] {a, b, c, d});
        } catch (java.net.UnknownHostException e) {
            return original;
        }
    }

    private static boolean isUniqueLocal(InetAddress a) {
        return a instanceof Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc;
    }

    private static boolean isCarrierGradeNat(InetAddress a) {
        byte[] b = a.getAddress();
        return a instanceof Inet4Address && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    }

    private static boolean isBroadcastOrReserved(InetAddress a) {
        byte[] b = a.getAddress();
        if (!(a instanceof Inet4Address)) return false;
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        // 198.18.0.0/15: benchmarking, routed to test labs inside many networks; 192.0.0.0/24: IETF protocol
        // assignments (e.g. 192.0.0.170/171, NAT64 discovery).
        boolean benchmarking = first == 198 && (second & 0xfe) == 18;
        boolean protocolAssignments = first == 192 && second == 0 && (b[2] & 0xff) == 0;
        return first == 0 || first >= 240 || benchmarking || protocolAssignments;
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
