package io.herald.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.compose.config.ConfigurationReference;
import io.herald.devkit.smtp.ScriptedSmtpServer;
import io.herald.runtime.config.Config;
import io.herald.runtime.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code herald up --config F} with an external SMTP provider configured: the stack starts no local mail sinks and
 * the mail goes to the configured server (here a devkit SMTP server the test runs, standing in for a real relay).
 * The stack is built exactly as {@code UpCommand} builds it: the file loaded with every key catalogue.
 */
class UpWithConfiguredProviderIT {
    @TempDir
    static Path dir;
    private static ScriptedSmtpServer relay;
    private static LocalStack stack;
    private static StackClient client;

    @BeforeAll
    static void start() throws Exception {
        relay = ScriptedSmtpServer.builder().port(0).build().start();
        Path file = dir.resolve("herald.properties");
        Files.writeString(file, String.join("\n",
                "email.providers=relay",
                "email.provider.relay.host=127.0.0.1",
                "email.provider.relay.port=" + relay.port(),
                "email.provider.relay.security=none",
                "email.provider.relay.from=alerts@example.com",
                "local.work-dir=" + dir.resolve("work").toString().replace("\\", "/"),
                "local.kafka.port=0", "local.registry.port=0", "local.twilio.port=0", "local.sinks.port=0", "local.analytics.port=0",
                "ingest.http.port=0", "router.http.port=0", "workers.http.port=0", "topics.partitions=2", ""));
        Config user = new ConfigLoader(ConfigurationReference.ALL).file(file).env(Map.of()).load();
        stack = new LocalStack(LocalStackConfig.from(user), user, Map.of()).start();
        client = new StackClient(stack);
        await().atMost(Duration.ofSeconds(120)).until(() -> stack.router().isReady() && stack.ingest().ready()
                && stack.workers().ready());
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
        if (relay != null) relay.close();
    }

    @Test
    void mailGoesToTheConfiguredProviderAndNoLocalMailSinkIsStarted() throws Exception {
        assertThat(stack.smtp()).as("no devkit mail sink when email.providers is configured").isNull();
        assertThat(stack.smtpSecondary()).isNull();
        assertThat(stack.summary()).contains("Email providers     [relay]   (configured)");

        String id = client.post("critical", "external-1", "ada@example.com", "[\"email\"]");

        await().atMost(Duration.ofSeconds(60)).until(() -> StackClient.receivedFor(relay.received(), id));
        assertThat(client.awaitState(id, Set.of("SENT"), Duration.ofSeconds(60)).get("provider").asText()).isEqualTo("relay");
    }
}
