package io.herald.workers.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.devkit.smtp.Replies;
import io.herald.devkit.smtp.ScriptedSmtpServer;
import io.herald.devkit.smtp.SmtpRule;
import io.herald.devkit.smtp.SmtpStage;
import io.herald.devkit.smtp.SmtpTls;
import io.herald.workers.probe.ProbeResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The SMTP health probe against a real scripted server: it asks whether a message would be accepted, and sends none. */
class SmtpProbeIT {
    private final List<String> offered = new CopyOnWriteArrayList<>();
    private final List<SmtpStage> stages = new CopyOnWriteArrayList<>();

    @Test
    void aHealthyRelayAcceptsTheProbeRecipientAndReceivesNoMessage() {
        try (ScriptedSmtpServer server = recording(ScriptedSmtpServer.builder().build().start())) {
            ProbeResult result = new SmtpProbe(plain(server, null)).probe();

            assertThat(result.ok()).isTrue();
            assertThat(result.providerCode()).startsWith("smtp:250");
            assertThat(result.detail()).isEqualTo("rcpt-to-accepted");
            assertThat(result.latencyMs()).isNotNegative();
            // postmaster@ the domain of the provider's FROM, since none was configured
            assertThat(offered).containsExactly("postmaster@notify.example.com");
            assertThat(stages).doesNotContain(SmtpStage.DATA);
            assertThat(server.receivedCount()).isZero();
            assertThat(result.toString()).doesNotContain("postmaster");
        }
    }

    @Test
    void anExchangeOutageIsSeenAtRcptWithItsCode() {
        try (ScriptedSmtpServer server = recording(ScriptedSmtpServer.builder().build().start())) {
            server.script(Replies.deferAll451());

            ProbeResult result = new SmtpProbe(plain(server, "probe@health.example.net")).probe();

            assertThat(result.ok()).isFalse();
            assertThat(result.providerCode()).isEqualTo("smtp:451 4.3.2");
            assertThat(result.detail()).isEqualTo("rcpt-to-refused");
            assertThat(offered).containsExactly("probe@health.example.net");
            assertThat(server.receivedCount()).isZero();
        }
    }

    @Test
    void aRefusedConnectionIsAFailedProbe() {
        ScriptedSmtpServer server = ScriptedSmtpServer.builder().build().start();
        SmtpProviderConfig config = plain(server, null);
        server.close();

        ProbeResult result = new SmtpProbe(config).probe();

        assertThat(result.ok()).isFalse();
        assertThat(result.providerCode()).isEqualTo("io:connect-refused");
        assertThat(result.detail()).isEqualTo("connect-failed");
    }

    @Test
    void theProbeUsesTheProvidersTlsAndLogin() {
        try (ScriptedSmtpServer server = recording(ScriptedSmtpServer.builder().tls(SmtpTls.STARTTLS_REQUIRED)
                .credentials("herald-relay", "relay-pass").requireAuth().build().start())) {
            SmtpProviderConfig good = new SmtpProviderConfig("smtp-probe-tls", server.host(), server.port(), TlsMode.STARTTLS,
                    "herald-relay", "relay-pass", "Herald <herald@notify.example.com>", 100, 1, Duration.ofSeconds(2),
                    Duration.ofSeconds(5), server.certificate().pemFile());
            SmtpProviderConfig badLogin = new SmtpProviderConfig("smtp-probe-tls", server.host(), server.port(), TlsMode.STARTTLS,
                    "herald-relay", "stale-pass", "herald@notify.example.com", 100, 1, Duration.ofSeconds(2),
                    Duration.ofSeconds(5), server.certificate().pemFile());

            ProbeResult accepted = new SmtpProbe(good).probe();
            ProbeResult refused = new SmtpProbe(badLogin).probe();

            assertThat(accepted.ok()).isTrue();
            // The sender has a display name; the probe still offers the bare postmaster address of its domain.
            assertThat(offered).containsExactly("postmaster@notify.example.com");
            assertThat(refused.ok()).isFalse();
            assertThat(refused.providerCode()).isEqualTo("smtp:535 5.7.8");
            assertThat(refused.toString()).doesNotContain("stale-pass");
            assertThat(server.receivedCount()).isZero();
        }
    }

    /** Records every RCPT TO and stage the server sees, without answering (the rule never matches). */
    private ScriptedSmtpServer recording(ScriptedSmtpServer server) {
        for (SmtpStage stage : SmtpStage.values()) {
            server.script(SmtpRule.at(stage, Replies.TEMPORARY_SERVER_ERROR_451).when(a -> {
                stages.add(a.stage());
                a.recipient().ifPresent(offered::add);
                return false;
            }));
        }
        return server;
    }

    private static SmtpProviderConfig plain(ScriptedSmtpServer server, String probeAddress) {
        return new SmtpProviderConfig("smtp-probe", server.host(), server.port(), TlsMode.NONE, null, null, "herald@notify.example.com",
                100, 1, Duration.ofSeconds(2), Duration.ofSeconds(5), null, probeAddress);
    }
}
