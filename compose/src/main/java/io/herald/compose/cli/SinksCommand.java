package io.herald.compose.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.compose.sinks.SinksClient;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code herald sinks}: script and inspect the local stack's mail and SMS sinks through its sink console,
 * e.g. {@code herald sinks fault smtp all --stage RCPT --reply "451 4.3.2 Temporary server error" --for 2m}.
 */
@Command(name = "sinks", mixinStandardHelpOptions = true,
        description = "Script faults into the local mail and SMS sinks and list what they received (needs `herald up`).",
        subcommands = {SinksCommand.Fault.class, SinksCommand.Clear.class, SinksCommand.ListCommand.class})
final class SinksCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs a console call; a console that is not there or refuses the fault is one line on stderr and exit code 1. */
    static int guarded(CommandSpec spec, Callable<Integer> call) {
        try {
            return call.call();
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            spec.commandLine().getErr().println(e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where the sink console listens. */
    static final class Target {
        @Option(names = "--sinks-url", defaultValue = "${env:HERALD_SINKS_URL:-http://127.0.0.1:8025}",
                description = "Sink console of the running local stack (default: ${DEFAULT-VALUE}).")
        String url;

        SinksClient client() {
            return new SinksClient(url);
        }
    }

    @Command(name = "fault", mixinStandardHelpOptions = true,
            description = "Make a sink answer with a fault for a while: `fault smtp <provider|all> --reply ...` or `fault sms --reply 429`.")
    static final class Fault implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Target target = new Target();
        @Parameters(index = "0", paramLabel = "SINK", description = "smtp or sms")
        String sink;
        @Parameters(index = "1", arity = "0..1", paramLabel = "PROVIDER", description = "mail provider id or 'all' (smtp only; default all)")
        String provider;
        @Option(names = "--stage", defaultValue = "RCPT", description = "connect, MAIL, RCPT or DATA (smtp; default ${DEFAULT-VALUE})")
        String stage;
        @Option(names = "--reply", required = true,
                description = "smtp: '451 4.3.2 Temporary server error. Please try again later'; sms: '429', '503', '400 21211 Invalid'")
        String reply;
        @Option(names = "--for", defaultValue = "5m", description = "how long the fault lasts (default ${DEFAULT-VALUE}); it expires by itself")
        String duration;
        @Option(names = "--recipients", description = "smtp RCPT/DATA only: addresses or @domains, comma-separated (default every recipient)")
        String recipients;
        @Option(names = "--every", description = "let one attempt in N through, answer the rest with the fault")
        Integer every;
        @Option(names = "--drop", negatable = true, description = "smtp: close the connection after the reply (default: only for 421)")
        Boolean drop;

        @Override
        public Integer call() {
            return guarded(spec, this::install);
        }

        private Integer install() {
            PrintWriter out = spec.commandLine().getOut();
            Map<String, Object> fault = new LinkedHashMap<>();
            fault.put("reply", reply);
            fault.put("for", duration);
            if (every != null) fault.put("every", every);
            JsonNode installed;
            if (sink.equalsIgnoreCase("smtp")) {
                fault.put("stage", stage);
                if (recipients != null) fault.put("recipients", recipients);
                if (drop != null) fault.put("drop", drop);
                installed = target.client().smtpFault(provider == null ? "all" : provider, fault);
            } else if (sink.equalsIgnoreCase("sms")) {
                installed = target.client().smsFault(fault);
            } else {
                spec.commandLine().getErr().println("SINK must be smtp or sms, was '" + sink + "'");
                return 2;
            }
            for (JsonNode f : installed) out.println(line(f));
            out.flush();
            return 0;
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true, description = "Remove faults: every one, or those of smtp or sms.")
    static final class Clear implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Target target = new Target();
        @Parameters(arity = "0..1", paramLabel = "SINK", description = "smtp or sms (default: every sink)")
        String sink;

        @Override
        public Integer call() {
            return guarded(spec, this::clear);
        }

        private Integer clear() {
            String path = sink == null ? "/sinks/faults" : sink.equalsIgnoreCase("smtp") ? "/sinks/smtp/all/faults" : "/sinks/sms/faults";
            JsonNode answer = target.client().clear(path);
            spec.commandLine().getOut().println("cleared " + answer.path("cleared").asInt() + " fault(s)");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Active faults and how much each sink received.")
    static final class ListCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Target target = new Target();

        @Override
        public Integer call() {
            return guarded(spec, this::list);
        }

        private Integer list() {
            PrintWriter out = spec.commandLine().getOut();
            SinksClient client = target.client();
            JsonNode faults = client.get("/sinks/faults");
            out.println("Active faults: " + faults.size());
            for (JsonNode f : faults) out.println("  " + line(f));
            out.println("Mail received: " + client.get("/sinks/mail").size() + "   (" + client.baseUrl() + "/sinks/mail)");
            out.println("SMS received:  " + client.get("/sinks/sms").size() + "   (" + client.baseUrl() + "/sinks/sms)");
            out.flush();
            return 0;
        }
    }

    private static String line(JsonNode f) {
        return f.path("id").asText() + " " + f.path("sink").asText()
                + (f.has("stage") ? " " + f.path("stage").asText() : "") + " -> " + f.path("reply").asText()
                + (f.path("every").asInt() > 0 ? " (1 in " + f.path("every").asInt() + " goes through)" : "")
                + (f.has("recipients") && !f.path("recipients").asText().equals("*") ? " for " + f.path("recipients").asText() : "")
                + " until " + f.path("until").asText() + ", hits " + f.path("hits").asLong();
    }
}
