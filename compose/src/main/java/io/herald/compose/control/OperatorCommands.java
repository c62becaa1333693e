package io.herald.compose.control;

import io.herald.contracts.Channel;
import io.herald.contracts.ControlCommand;
import io.herald.contracts.ControlType;
import io.herald.contracts.HealthState;
import io.herald.contracts.Priority;
import io.herald.schemas.topics.TopicNames;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Builds the operators' control commands as the router and the automatic replayer read them: the record key is the
 * command's target, so on the compacted control topic a RESUME replaces its PAUSE and a CLEAR its FORCE.
 * <ul>
 *   <li>{@code lane:<channel>:<lane>} — PAUSE_LANE / RESUME_LANE</li>
 *   <li>{@code tenant:<id>} — PAUSE_TENANT / RESUME_TENANT</li>
 *   <li>{@code provider:<id>} — FORCE_PROVIDER_STATE / CLEAR_PROVIDER_STATE</li>
 *   <li>{@code replay:<replay id|channel|all>} — SET_REPLAY_PACE</li>
 * </ul>
 */
public final class OperatorCommands {
    /** The states an operator may force; HALF_OPEN is the router's own recovery phase. */
    public static final Set<HealthState> FORCIBLE = Set.of(HealthState.HEALTHY, HealthState.DEGRADED, HealthState.DOWN);

    private final String issuedBy;
    private final String reason;
    private final Instant at;

    /** Commands signed by {@code issuedBy}, for {@code reason}, issued {@code at}. */
    public OperatorCommands(String issuedBy, String reason, Instant at) {
        this.issuedBy = requireText(issuedBy, "issuedBy");
        this.reason = requireText(reason, "reason");
        this.at = Objects.requireNonNull(at, "at");
    }

    public ControlCommand pauseLane(Channel channel, Priority lane) {
        return lane(ControlType.PAUSE_LANE, channel, lane);
    }

    public ControlCommand resumeLane(Channel channel, Priority lane) {
        return lane(ControlType.RESUME_LANE, channel, lane);
    }

    public ControlCommand pauseTenant(String tenantId) {
        return tenant(ControlType.PAUSE_TENANT, tenantId);
    }

    public ControlCommand resumeTenant(String tenantId) {
        return tenant(ControlType.RESUME_TENANT, tenantId);
    }

    public ControlCommand forceProvider(String providerId, HealthState state) {
        if (!FORCIBLE.contains(state)) {
            throw new IllegalArgumentException("state must be one of HEALTHY, DEGRADED, DOWN, was " + state);
        }
        return base(ControlType.FORCE_PROVIDER_STATE, "provider:" + requireText(providerId, "provider id"))
                .setProviderId(providerId).setForcedState(state).build();
    }

    public ControlCommand clearProvider(String providerId) {
        return base(ControlType.CLEAR_PROVIDER_STATE, "provider:" + requireText(providerId, "provider id"))
                .setProviderId(providerId).build();
    }

    /**
     * Sets the pace of running releases: {@code scope} is a replay id, a channel name or {@code all}; {@code pace} is
     * the replay tool's grammar (checked by the caller with {@code PaceParser}).
     */
    public ControlCommand replayPace(String scope, String pace) {
        return base(ControlType.SET_REPLAY_PACE, "replay:" + requireText(scope, "replay id"))
                .setReplayPace(requireText(pace, "pace")).build();
    }

    private ControlCommand lane(ControlType type, Channel channel, Priority lane) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(lane, "lane");
        return base(type, "lane:" + TopicNames.lower(channel) + ":" + TopicNames.lower(lane)).setChannel(channel).setLane(lane)
                .build();
    }

    private ControlCommand tenant(ControlType type, String tenantId) {
        return base(type, "tenant:" + requireText(tenantId, "tenant id")).setTenantId(tenantId).build();
    }

    private ControlCommand.Builder base(ControlType type, String target) {
        return ControlCommand.newBuilder().setCommandId(UUID.randomUUID().toString()).setType(type).setTarget(target)
                .setIssuedBy(issuedBy).setReason(reason).setAt(at);
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(name + " must not be empty");
        return value;
    }
}
