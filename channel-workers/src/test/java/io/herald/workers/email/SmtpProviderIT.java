package io.herald.workers.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.ErrorClass;
import io.herald.devkit.smtp.Replies;
import io.herald.devkit.smtp.ScriptedSmtpServer;
import io.herald.workers.channel.AttemptResult;
import io.herald.workers.classify.Classifier;
import io.herald.workers.classify.Failure;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The SMTP adapter against real servers: reconnects, greetings, and the hand-over boundary. */
class SmtpProviderIT {

    @Test
    void aTransportIsReusedAcrossMessagesAndReconnectedAfterA421Drop() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().build().start();
             SmtpProvider provider = new SmtpProvider(config(server.port()))) {
            assertThat(provider.send(MimeRendererTest.command("one", null))).isInstanceOf(AttemptResult.Sent.class);
            assertThat(provider.send(MimeRendererTest.command("two", null))).isInstanceOf(AttemptResult.Sent.class);
            assertThat(server.connectionCount()).isEqualTo(1);

            server.script(Replies.connectionLimit421().times(1));
            AttemptResult throttled = provider.send(MimeRendererTest.command("three", null));
            AttemptResult after = provider.send(MimeRendererTest.command("four", null));

            Failure failure = ((AttemptResult.Failed) throttled).failure();
            assertThat(Classifier.classify(Channel.EMAIL, failure).errorClass()).isEqualTo(ErrorClass.THROTTLED);
            assertThat(Classifier.classify(Channel.EMAIL, failure).providerCode()).isEqualTo("421 4.7.0");
            assertThat(after).isInstanceOf(AttemptResult.Sent.class);
            assertThat(server.connectionCount()).isEqualTo(2);
            assertThat(server.receivedCount()).isEqualTo(3);
        }
    }

    @Test
    void a421GreetingIsReadFromThePlainMessagingExceptionText() {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().build().start();
             SmtpProvider provider = new SmtpProvider(config(server.port()))) {
            server.script(Replies.greeting421().times(1));

            AttemptResult refused = provider.send(MimeRendererTest.command("greeting", null));

            assertThat(((AttemptResult.Failed) refused).failure()).isEqualTo(new Failure.SmtpReply(421,
                    "4.3.2 Service not available, closing transmission channel"));
            assertThat(provider.send(MimeRendererTest.command("next", null))).isInstanceOf(AttemptResult.Sent.class);
        }
    }

    @Test
    void aRefusedConnectionIsTransientAndNotHandedOver() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (SmtpProvider provider = new SmtpProvider(config(closedPort))) {
            Failure failure = ((AttemptResult.Failed) provider.send(MimeRendererTest.command("x", null))).failure();

            assertThat(Classifier.classify(Channel.EMAIL, failure).errorClass()).isEqualTo(ErrorClass.TRANSIENT);
            assertThat(((Failure.Io) failure).handedOver()).isFalse();
        }
    }

    @Test
    void aServerThatNeverAnswersTheFinalDotLeavesTheDeliveryUncertain() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            Thread blackHole = new Thread(() -> silentAfterDot(server));
            blackHole.setDaemon(true);
            blackHole.start();
            SmtpProviderConfig config = new SmtpProviderConfig("smtp-silent", "127.0.0.1", server.getLocalPort(), TlsMode.NONE, null, null,
                    "herald@notify.example.com", 10, 1, Duration.ofSeconds(2), Duration.ofMillis(500));
            try (SmtpProvider provider = new SmtpProvider(config)) {
                Failure failure = ((AttemptResult.Failed) provider.send(MimeRendererTest.command("silent", null))).failure();

                assertThat(failure).isInstanceOf(Failure.Io.class);
                assertThat(((Failure.Io) failure).handedOver()).isTrue();
                assertThat(Classifier.classify(Channel.EMAIL, failure).errorClass()).isEqualTo(ErrorClass.UNCERTAIN);
            }
        }
    }

    /** Speaks SMTP until the end-of-data dot, then says nothing: the client cannot know whether the mail was taken. */
    private static void silentAfterDot(ServerSocket server) {
        try (Socket s = server.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            out.write("220 silent ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
            boolean inData = false;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (inData) {
                    if (line.equals(".")) {
                        in.readLine();
                        return;
                    }
                    continue;
                }
                String reply = line.startsWith("EHLO") ? "250 silent\r\n" : line.startsWith("DATA") ? "354 go ahead\r\n" : "250 ok\r\n";
                inData = line.startsWith("DATA");
                out.write(reply.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (java.io.IOException e) {
            // the client gave up: that is the point
        }
    }

    private static SmtpProviderConfig config(int port) {
        return new SmtpProviderConfig("smtp-it", "127.0.0.1", port, TlsMode.NONE, null, null, "herald@notify.example.com", 100, 1,
                Duration.ofSeconds(2), Duration.ofSeconds(5));
    }
}
