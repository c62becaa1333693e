package io.herald.ingest.destination;

import io.herald.policy.destination.MxLookup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * MX records through the JDK's JNDI DNS provider ({@code dns:}, the system's resolvers), best preference
 * first. Short timeouts: it runs on a background thread, and a slow resolver only delays when a domain's
 * destination becomes known, never a request. A domain without MX records has none (an empty list).
 */
public final class JndiMxLookup implements MxLookup {
    private record Mx(int preference, String host) {
    }

    @Override
    public List<String> mx(String domain) throws Exception {
        Hashtable<String, String> env = new Hashtable<>();
        env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        env.put("java.naming.provider.url", "dns:");
        env.put("com.sun.jndi.dns.timeout.initial", "1000");
        env.put("com.sun.jndi.dns.timeout.retries", "2");
        DirContext dns = new InitialDirContext(env);
        try {
            Attributes attributes = dns.getAttributes(domain, new String[] {"MX"});
            Attribute mx = attributes.get("MX");
            if (mx == null) return List.of();
            List<Mx> records = new ArrayList<>();
            NamingEnumeration<?> values = mx.getAll();
            while (values.hasMore()) {
                String[] parts = values.next().toString().trim().split("\\s+");
                if (parts.length == 2) records.add(new Mx(Integer.parseInt(parts[0]), parts[1]));
            }
            return records.stream().sorted(Comparator.comparingInt(Mx::preference)).map(Mx::host).toList();
        } catch (NameNotFoundException e) {
            return List.of();
        } finally {
            dns.close();
        }
    }
}
