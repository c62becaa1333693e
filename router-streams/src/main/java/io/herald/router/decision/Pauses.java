package io.herald.router.decision;

import io.herald.contracts.Channel;
import io.herald.contracts.Priority;
import io.herald.schemas.topics.TopicNames;
import java.util.Set;

/** Operator pauses in force: lanes as {@code lane:<channel>:<lane>} targets and tenants as tenant ids. */
public record Pauses(Set<String> lanes, Set<String> tenants) {
    public static final Pauses NONE = new Pauses(Set.of(), Set.of());

    public Pauses {
        lanes = Set.copyOf(lanes);
        tenants = Set.copyOf(tenants);
    }

    /** The control-topic target naming a lane, e.g. {@code lane:email:bulk}. */
    public static String laneTarget(Channel channel, Priority lane) {
        return "lane:" + TopicNames.lower(channel) + ":" + TopicNames.lower(lane);
    }

    public boolean lanePaused(Channel channel, Priority lane) {
        return lanes.contains(laneTarget(channel, lane));
    }

    public boolean tenantPaused(String tenantId) {
        return tenants.contains(tenantId);
    }
}
