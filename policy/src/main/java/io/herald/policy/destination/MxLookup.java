package io.herald.policy.destination;

import java.util.List;

/** The MX hosts of a domain, best preference first; empty when it has none. The I/O lives in the implementation. */
@FunctionalInterface
public interface MxLookup {
    List<String> mx(String domain) throws Exception;
}
