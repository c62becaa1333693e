package io.herald.router.topology;

import java.util.Map;

/**
 * How the router writes its own internal values (ledger entries, health trackers and attributions, health signals;
 * issue 13): {@code binary} (default), or {@code json} as every router before it did. Either way both forms are read.
 * Set {@code json} ({@code router.internal-encoding}, {@code HERALD_ROUTER_INTERNAL_ENCODING=json}; the pass-through
 * Streams property {@code herald.router.internal.encoding} works too) while rolling an upgrade from an older router, whose
 * instances cannot read the binary form, and remove it once every instance runs this version.
 */
public final class InternalEncoding {
    /** The Streams property the topology reads; the key {@code router.internal-encoding} sets it. */
    public static final String CONFIG = "herald.router.internal.encoding";

    private InternalEncoding() {
    }

    /** Whether to write JSON; anything else than binary or json (case-insensitive) is refused, naming the setting. */
    static boolean writesJson(Map<String, String> streamsOverrides) {
        String encoding = streamsOverrides.get(CONFIG);
        if (encoding == null || encoding.equalsIgnoreCase("binary")) return false;
        if (encoding.equalsIgnoreCase("json")) return true;
        throw new IllegalArgumentException(CONFIG + " must be binary or json, got: " + encoding);
    }
}
