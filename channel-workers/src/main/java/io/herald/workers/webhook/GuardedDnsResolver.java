package io.herald.workers.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * Resolves a host and hands the HTTP client only addresses the {@link SsrfGuard} accepted, so the
 * connection goes to exactly the IP that was checked (no second lookup an attacker's DNS could answer
 * differently), while TLS still verifies the certificate against the host name.
 */
final class GuardedDnsResolver implements DnsResolver {
    private final SsrfGuard guard;
    private final DnsResolver system = SystemDefaultDnsResolver.INSTANCE;

    GuardedDnsResolver(SsrfGuard guard) {
        this.guard = guard;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = system.resolve(host);
        Optional<String> refusal = guard.refusal(host, Arrays.asList(addresses));
        if (refusal.isPresent()) throw new RefusedDestinationException(refusal.get());
        return addresses;
    }

    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }

    /** The destination resolved to an address the guard refuses. */
    static final class RefusedDestinationException extends UnknownHostException {
        private final String code;

        RefusedDestinationException(String code) {
            super("destination refused: " + code);
            this.code = code;
        }

        String code() {
            return code;
        }
    }
}
