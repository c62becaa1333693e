package io.herald.compose.cli;

import io.herald.compose.control.ControlPublisher;
import io.herald.compose.control.OperatorCommands;
import io.herald.contracts.Channel;
import io.herald.contracts.ControlCommand;
import io.herald.contracts.HealthState;
import io.herald.contracts.Priority;
import io.herald.replay.pace.PaceParser;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code herald control …}: the operators' controls, each one {@code ControlCommand} on {@code notify.control.v1}
 * keyed by its target, signed with who issued it, why and when. The router applies pauses and provider overrides;
 * the workers' automatic replayer releases what a pause parked on RESUME and applies pace changes.
 */
@Command(name = "control", mixinStandardHelpOptions = true,
        description = {"Pause or resume a lane or tenant, force or clear a provider's state, change a running release's pace.",
                "Reads kafka.* and schema.registry.* from --config FILE (or $HERALD_CONFIG) like every service;",
                "--bootstrap and --registry override them."},
        subcommands = {ControlCli.Pause.class, ControlCli.Resume.class, ControlCli.Force.class, ControlCli.Clear.class,
                ControlCli.Pace.class},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
                "0:The command is on the control topic.",
                "2:Bad usage (unknown channel, lane, state or pace) or bad configuration (the key is named).",
                "3:Kafka or the schema registry did not take the command in time."})
final class ControlCli {
    static final int UNAVAILABLE = 3;

    /** Who, why, and where: shared by every control command. */
    static final class Audit {
        @Mixin
        ClusterOptions cluster;

        @Option(names = "--by", paramLabel = "NAME", defaultValue = "${env:USER:-operator}",
                description = "Who issues the command, for the audit trail (default: $USER).")
        String issuedBy;

        @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "none given",
                description = "Why, for the audit trail, e.g. an incident id (default: ${DEFAULT-VALUE}).")
        String reason;

        /** Builds the command, publishes it and reports; the exit code. */
        int send(CommandSpec spec, Function<OperatorCommands, ControlCommand> build) {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ControlCommand command = build.apply(new OperatorCommands(issuedBy, reason, Instant.now()));
            // Outside the try below: a bad configuration value is exit 2 naming the key, not "Kafka did not answer".
            ClusterOptions.Connection connection = cluster.connection();
            try {
                RecordMetadata at = ControlPublisher.publish(connection, command);
                out.printf("%s %s sent to %s (partition %d, offset %d), command %s by %s: %s%n", command.getType(),
                        command.getTarget(), at.topic(), at.partition(), at.offset(), command.getCommandId(),
                        command.getIssuedBy(), command.getReason());
                out.flush();
                return 0;
            } catch (TimeoutException | ExecutionException | RuntimeException e) {
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                err.println("error: " + command.getType() + " " + command.getTarget() + " was not sent: " + cause);
                err.flush();
                return UNAVAILABLE;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return UNAVAILABLE;
            }
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a lane or a tenant: the router parks its traffic.")
    static final class Pause {
        @Spec
        CommandSpec spec;

        @Command(name = "lane", mixinStandardHelpOptions = true, description = "Pause one channel's lane, e.g. `pause lane email bulk`.")
        int lane(@Parameters(index = "0", paramLabel = "CHANNEL", description = "email, sms or webhook") Channel channel,
                 @Parameters(index = "1", paramLabel = "LANE", description = "critical, transactional or bulk") Priority lane,
                 @Mixin Audit audit) {
            return audit.send(spec, c -> c.pauseLane(channel, lane));
        }

        @Command(name = "tenant", mixinStandardHelpOptions = true, description = "Pause every notification of one tenant.")
        int tenant(@Parameters(paramLabel = "TENANT") String tenantId, @Mixin Audit audit) {
            return audit.send(spec, c -> c.pauseTenant(tenantId));
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Resume a lane or a tenant: new traffic flows, and what the pause parked is released in waves.")
    static final class Resume {
        @Spec
        CommandSpec spec;

        @Command(name = "lane", mixinStandardHelpOptions = true, description = "Resume one channel's lane, e.g. `resume lane email bulk`.")
        int lane(@Parameters(index = "0", paramLabel = "CHANNEL", description = "email, sms or webhook") Channel channel,
                 @Parameters(index = "1", paramLabel = "LANE", description = "critical, transactional or bulk") Priority lane,
                 @Mixin Audit audit) {
            return audit.send(spec, c -> c.resumeLane(channel, lane));
        }

        @Command(name = "tenant", mixinStandardHelpOptions = true, description = "Resume a paused tenant.")
        int tenant(@Parameters(paramLabel = "TENANT") String tenantId, @Mixin Audit audit) {
            return audit.send(spec, c -> c.resumeTenant(tenantId));
        }
    }

    @Command(name = "force", mixinStandardHelpOptions = true, description = "Force a provider's health state until cleared.")
    static final class Force {
        @Spec
        CommandSpec spec;

        @Command(name = "provider", mixinStandardHelpOptions = true,
                description = "e.g. `force provider smtp-primary DOWN`: the router routes as if it were in that state.")
        int provider(@Parameters(index = "0", paramLabel = "PROVIDER") String providerId,
                     @Parameters(index = "1", paramLabel = "STATE", description = "HEALTHY, DEGRADED or DOWN") HealthState state,
                     @Mixin Audit audit) {
            if (!OperatorCommands.FORCIBLE.contains(state)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "STATE must be HEALTHY, DEGRADED or DOWN, was " + state);
            }
            return audit.send(spec, c -> c.forceProvider(providerId, state));
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true, description = "Clear an operator's forced provider state.")
    static final class Clear {
        @Spec
        CommandSpec spec;

        @Command(name = "provider", mixinStandardHelpOptions = true,
                description = "e.g. `clear provider smtp-primary`: observed health decides again.")
        int provider(@Parameters(paramLabel = "PROVIDER") String providerId, @Mixin Audit audit) {
            return audit.send(spec, c -> c.clearProvider(providerId));
        }
    }

    @Command(name = "pace", mixinStandardHelpOptions = true,
            description = {"Change the pace of running automatic releases, within a second.",
                    "TARGET: a replay id (see `herald replay status` or the workers' log), a channel (email, sms, webhook) or all.",
                    "PACE: 50/s, 3000/m, 10%%/5m (waves: share of the release's backlog per interval) or 10/s..200/s@10m (ramp)."})
    static final class Pace implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "TARGET")
        String target;

        @Parameters(index = "1", paramLabel = "PACE")
        String pace;

        @Mixin
        Audit audit;

        @Override
        public Integer call() {
            try {
                PaceParser.parse(pace);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "PACE: " + e.getMessage());
            }
            return audit.send(spec, c -> c.replayPace(target, pace));
        }
    }
}
