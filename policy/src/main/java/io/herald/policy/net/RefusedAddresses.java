package io.herald.policy.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Address ranges a webhook must never reach (server-side request forgery): loopback, link-local (incl. cloud
 * metadata at 169.254.169.254, fe80::/10), private (10/8, 172.16/12, 192.168/16, fc00::/7), carrier-grade NAT
 * (100.64/10), benchmarking (198.18/15), IETF protocol assignments (192.0.0/24), multicast, unspecified and
 * broadcast/reserved. IPv6 addresses that carry an IPv4 address (mapped, NAT64 {@code 64:ff9b::/96}, 6to4
 * {@code 2002::/16}) are judged as that address. One list for every stage: the workers check resolved
 * addresses before each send, ingest checks IP literals at intake. Pure: no lookups.
 */
public final class RefusedAddresses {
    private RefusedAddresses() {
    }

    /** Empty when {@code address} may be reached, else the refusal code ({@code ssrf:link-local} ...). */
    public static Optional<String> refusal(InetAddress address) {
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
    public static InetAddress unmapped(InetAddress address) {
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

}
