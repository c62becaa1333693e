package io.herald.compose.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class HeraldCliTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Herald.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @ParameterizedTest(name = "herald {0} -h documents its exit codes")
    @ValueSource(strings = {"up", "router", "workers", "ingest", "topics", "topics apply", "topics verify", "config", "config show",
            "config reference", "webhook", "webhook secret"})
    void everySubcommandHasHelpWithExitCodes(String command) {
        String[] args = (command + " -h").split(" ");
        assertThat(run(args)).isZero();
        assertThat(out.toString()).contains("Usage: herald " + command).contains("Exit codes:");
    }

    @Test
    void aBadValueInTheFileStopsAServiceBeforeItStartsNamingTheKeyAndTheFile() throws IOException {
        Path file = dir.resolve("herald.properties");
        Files.writeString(file, "router.threads=many\n");
        assertThat(run("router", "--config", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("router.threads").contains("file " + file).contains("'many' is not an integer");
    }

    @Test
    void webhookSecretPrintsTheTenantsDerivedSecretsCurrentFirst() throws IOException {
        Path file = dir.resolve("herald.properties");
        Files.writeString(file, "webhook.secret=master-secret-0123456789\nwebhook.previous-secret=old-master-secret-0123\n");

        assertThat(run("webhook", "secret", "--tenant", "acme", "--config", file.toString())).isZero();

        assertThat(out.toString().lines().toList()).containsExactly(
                io.herald.workers.webhook.TenantSecrets.derive("master-secret-0123456789", "acme"),
                io.herald.workers.webhook.TenantSecrets.derive("old-master-secret-0123", "acme"));
    }

    @Test
    void webhookSecretWithoutAMasterKeySaysWebhooksAreDisabled() throws IOException {
        Path file = dir.resolve("herald.properties");
        Files.writeString(file, "kafka.bootstrap.servers=broker:9093\n");

        assertThat(run("webhook", "secret", "--tenant", "acme", "--config", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("webhook.secret is not set");
    }

    @Test
    void aMissingFileIsABadConfiguration() {
        assertThat(run("topics", "verify", "--config", dir.resolve("nope.properties").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("nope.properties");
    }

    @Test
    void configShowPrintsEveryValueWithItsSourceAndMasksSecrets() throws IOException {
        Path file = dir.resolve("herald.properties");
        Files.writeString(file, "kafka.bootstrap.servers=broker:9093\nemail.providers=relay\nemail.provider.relay.host=smtp.example.com\n"
                + "email.provider.relay.password=hunter2\nkafka.sasl.jaas.config=secret-jaas\n");
        assertThat(run("config", "show", "--config", file.toString())).isZero();
        assertThat(out.toString()).contains("kafka.bootstrap.servers = broker:9093   (file " + file + ")")
                .contains("email.provider.relay.host = smtp.example.com").contains("email.provider.relay.password = ****")
                .contains("kafka.sasl.jaas.config = ****").contains("router.threads = 1   (default)")
                .doesNotContain("hunter2").doesNotContain("secret-jaas");
    }

    @Test
    void configReferencePrintsTheDocumentedTable() {
        assertThat(run("config", "reference")).isZero();
        assertThat(out.toString()).startsWith("# Configuration reference").contains("| `email.providers` | `HERALD_EMAIL_PROVIDERS` |");
    }
}
