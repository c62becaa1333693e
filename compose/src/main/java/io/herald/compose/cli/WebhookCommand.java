package io.herald.compose.cli;

import io.herald.runtime.config.Config;
import io.herald.workers.WorkerKeys;
import io.herald.workers.webhook.TenantSecrets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code herald webhook secret --tenant T}: the secret(s) a tenant's receivers verify Herald's webhook signatures with. */
@Command(name = "webhook", mixinStandardHelpOptions = true,
        description = "Webhook signing: print a tenant's signing secret to hand to that tenant.",
        subcommands = {WebhookCommand.Secret.class},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:Success.", "2:Bad usage or bad configuration (the key is named)."})
final class WebhookCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return Herald.USAGE;
    }

    @Command(name = "secret", mixinStandardHelpOptions = true,
            description = {"Print the secret(s) signing one tenant's webhooks, the current one first; during a rollover "
                    + "(webhook.previous-secret or a tenant's |previous) the second line is the one being retired.",
                    "The output is a credential: give it to that tenant only."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:Printed.", "2:Bad usage, bad configuration, or no webhook.secret configured."})
    static final class Secret implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ConfigOption config;
        @Option(names = "--tenant", required = true, description = "the tenant id")
        String tenant;

        @Override
        public Integer call() {
            Config c = config.load(WorkerKeys.ALL, Herald.environment());
            String master = c.get(WorkerKeys.WEBHOOK_SECRET);
            if (master == null || master.isBlank()) {
                spec.commandLine().getErr().println("error: " + WorkerKeys.WEBHOOK_SECRET.name() + " is not set: webhooks are disabled");
                return Herald.USAGE;
            }
            TenantSecrets secrets = new TenantSecrets(master, c.get(WorkerKeys.WEBHOOK_PREVIOUS_SECRET),
                    TenantSecrets.parse(c.get(WorkerKeys.WEBHOOK_TENANT_SECRETS)));
            List<String> forTenant = secrets.forTenant(tenant);
            forTenant.forEach(spec.commandLine().getOut()::println);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
