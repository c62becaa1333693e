package io.herald.replay.cli;

import io.herald.replay.select.FilterParser;
import io.herald.replay.select.ReplayFilter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Filter options shared by {@code inspect} and {@code run}; each becomes a term of one filter expression. */
public final class FilterOptions {
    @Option(names = "--where", paramLabel = "EXPR",
            description = "Filter expression(s): field=a,b / field!=a / time=FROM..TO, joined with ';' or repeated. "
                    + "Fields: channel, lane, provider, code, reason, tenant, key, time.")
    List<String> where = new ArrayList<>();

    @Option(names = "--channel", paramLabel = "CH", description = "Only these channels (email, sms, webhook).")
    String channel;
    @Option(names = "--lane", paramLabel = "LANE", description = "Only these lanes (critical, transactional, bulk).")
    String lane;
    @Option(names = "--provider", paramLabel = "ID", description = "Only these providers (last tried).")
    String provider;
    @Option(names = "--code", paramLabel = "CODE", description = "Only these provider codes, e.g. '451 4.3.2', '5*'.")
    String code;
    @Option(names = "--reason", paramLabel = "REASON", description = "Only these parking reasons / DLQ causes.")
    String reason;
    @Option(names = "--tenant", paramLabel = "TENANT", description = "Only these tenants.")
    String tenant;
    @Option(names = "--key", paramLabel = "KEY", description = "Only these record keys (notification ids).")
    String key;
    @Option(names = "--since", paramLabel = "TIME", description = "Parked/dead-lettered at or after: instant, UTC date(-time) or age (2h).")
    String since;
    @Option(names = "--until", paramLabel = "TIME", description = "Parked/dead-lettered before: instant, UTC date(-time) or age.")
    String until;

    /** The filter these options describe; throws FilterException naming a bad expression. */
    ReplayFilter filter(Clock clock) {
        List<String> terms = new ArrayList<>(where);
        add(terms, "channel", channel);
        add(terms, "lane", lane);
        add(terms, "provider", provider);
        add(terms, "code", code);
        add(terms, "reason", reason);
        add(terms, "tenant", tenant);
        add(terms, "key", key);
        if (since != null || until != null) terms.add("time=" + (since == null ? "" : since) + ".." + (until == null ? "" : until));
        return new FilterParser(clock).parseAll(terms);
    }

    private static void add(List<String> terms, String field, String value) {
        if (value != null) terms.add(field + "=" + value);
    }
}
