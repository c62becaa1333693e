package io.herald.compose.sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.compose.cli.Herald;
import io.herald.devkit.smtp.ScriptedSmtpServer;
import io.herald.devkit.twilio.TwilioStub;
import io.herald.devkit.time.ManualClock;
import jakarta.mail.Message;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The sink console over real HTTP, in front of a real SMTP sink and Twilio stub, driven by curl-like calls and the CLI. */
class SinkConsoleIT {
    private final ManualClock clock = ManualClock.at(Instant.parse("2026-01-22T19:33:00Z"));
    private ScriptedSmtpServer primary;
    private ScriptedSmtpServer secondary;
    private TwilioStub twilio;
    private SinkConsole console;
    private SinksClient client;

    @BeforeEach
    void start() {
        primary = ScriptedSmtpServer.builder().clock(clock).build().start();
        secondary = ScriptedSmtpServer.builder().clock(clock).build().start();
        twilio = TwilioStub.builder().clock(clock).build().start();
        Map<String, ScriptedSmtpServer> mail = new LinkedHashMap<>();
        mail.put("smtp-primary", primary);
        mail.put("smtp-secondary", secondary);
        console = SinkConsole.start(new SinkFaults(mail, twilio, clock), 0);
        client = new SinksClient(console.url());
    }

    @AfterEach
    void stop() {
        console.close();
        primary.close();
        secondary.close();
        twilio.close();
    }

    @Test
    void everyRcptGets451ForTwoMinutesThenTheFaultExpiresByItself() throws Exception {
        JsonNode installed = client.smtpFault("all", Map.of("stage", "RCPT", "reply",
                "451 4.3.2 Temporary server error. Please try again later", "for", "2m", "recipients", "*"));
        assertThat(installed).hasSize(2);

        assertThatThrownBy(() -> send(primary, "<n-1@herald.io>", "ada@example.com")).isInstanceOf(SendFailedException.class)
                .hasStackTraceContaining("451");
        assertThatThrownBy(() -> send(secondary, "<n-1@herald.io>", "ada@example.com")).isInstanceOf(SendFailedException.class);
        assertThat(client.get("/sinks/smtp/all/faults")).allSatisfy(f -> assertThat(f.path("hits").asLong()).isEqualTo(1));

        clock.advance(Duration.ofMinutes(2));
        send(primary, "<n-2@herald.io>", "ada@example.com");
        assertThat(primary.received()).hasSize(1);
        assertThat(client.get("/sinks/faults")).isEmpty();
    }

    @Test
    void oneInThreeGoesThroughWhenAFaultSaysEveryThree() throws Exception {
        client.smtpFault("smtp-primary", Map.of("stage", "RCPT", "reply",
                "421 4.3.2 The maximum number of concurrent connections has exceeded a limit, closing transmission channel", "every", 3));
        int delivered = 0;
        for (int i = 0; i < 9; i++) {
            try {
                send(primary, "<n-" + i + "@herald.io>", "ada@example.com");
                delivered++;
            } catch (jakarta.mail.MessagingException expected) {
                // the other two in three are refused and the connection dropped
            }
        }
        assertThat(delivered).isEqualTo(3);
        assertThat(primary.attempts()).filteredOn(a -> a.code() == 421).hasSize(6);
    }

    @Test
    void listsReceivedMailAsEscapedHtmlAndAsJsonAndShowsOneMessage() throws Exception {
        send(primary, "<n-7@herald.io>", "ada@example.com", "<b>Your code</b>");

        HttpResponse<String> page = get("/sinks/mail", "text/html");
        assertThat(page.body()).contains("&lt;b&gt;Your code&lt;/b&gt;").doesNotContain("<b>Your code</b>").contains("ada@example.com");
        JsonNode list = client.get("/sinks/mail");
        assertThat(list).singleElement().satisfies(m -> {
            assertThat(m.path("messageId").asText()).isEqualTo("<n-7@herald.io>");
            assertThat(m.path("provider").asText()).isEqualTo("smtp-primary");
        });
        JsonNode one = client.get("/sinks/mail/" + list.get(0).path("id").asText());
        assertThat(one.path("headers").asText()).contains("Message-ID: <n-7@herald.io>");
        assertThat(one.path("body").asText()).contains("Hello");
        assertThat(get("/sinks/mail/" + list.get(0).path("id").asText(), "text/html").body()).contains("&lt;n-7@herald.io&gt;");
        assertThat(get("/sinks/mail/smtp-primary-99", "application/json").statusCode()).isEqualTo(404);
    }

    @Test
    void smsFaultsAreAnsweredByTheStubAndClearedOnRequest() throws Exception {
        client.smsFault(Map.of("reply", "429", "for", "1m"));
        assertThat(client.get("/sinks/sms/faults")).singleElement().satisfies(f -> assertThat(f.path("reply").asText()).contains("20429"));

        assertThat(client.clear("/sinks/sms/faults").path("cleared").asInt()).isEqualTo(1);
        assertThat(client.get("/sinks/faults")).isEmpty();
    }

    @Test
    void aBadFaultIsA400NamingTheField() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(console.url() + "/sinks/smtp/all/faults"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"reply\":\"451\",\"for\":\"soon\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("for:");
        assertThat(get("/sinks/smtp/smtp-tertiary/faults", "application/json").statusCode()).isEqualTo(400);
    }

    @Test
    void theCliInstallsListsAndClearsFaults() {
        StringWriter out = new StringWriter();
        CommandLine cli = Herald.commandLine();
        cli.setOut(new PrintWriter(out));

        int fault = cli.execute("sinks", "fault", "smtp", "all", "--stage", "RCPT", "--reply",
                "451 4.3.2 Temporary server error. Please try again later", "--for", "2m", "--sinks-url", console.url());
        int list = cli.execute("sinks", "list", "--sinks-url", console.url());
        String listed = out.toString();
        int clear = cli.execute("sinks", "clear", "--sinks-url", console.url());

        assertThat(fault).isZero();
        assertThat(list).isZero();
        assertThat(clear).isZero();
        assertThat(listed).contains("Active faults: 2").contains("smtp-primary RCPT_TO -> 451 4.3.2");
        assertThat(out.toString()).contains("cleared 2 fault(s)");
        assertThat(client.get("/sinks/faults")).isEmpty();
    }

    @Test
    void theCliSaysWhenThereIsNoConsole() {
        StringWriter err = new StringWriter();
        CommandLine cli = Herald.commandLine();
        cli.setErr(new PrintWriter(err));

        int code = cli.execute("sinks", "list", "--sinks-url", "http://127.0.0.1:1");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("no sink console at http://127.0.0.1:1");
    }

    private HttpResponse<String> get(String path, String accept) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(console.url() + path)).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void send(ScriptedSmtpServer server, String messageId, String to) throws Exception {
        send(server, messageId, to, "Hi");
    }

    private static void send(ScriptedSmtpServer server, String messageId, String to, String subject) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", server.host());
        props.put("mail.smtp.port", String.valueOf(server.port()));
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress("herald@localhost"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        message.setText("Hello");
        Transport.send(message);
    }
}
