package io.herald.workers.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contracts.Channel;
import io.herald.contracts.DispatchCommand;
import io.herald.contracts.ErrorClass;
import io.herald.schemas.Samples;
import io.herald.workers.channel.AttemptResult;
import io.herald.workers.classify.Classifier;
import io.herald.workers.classify.Failure;
import io.herald.workers.classify.IoKind;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WebhookProviderTest {
    private static final String MASTER = "0123456789abcdef-secret";

    @Test
    void theCloudMetadataAddressIsRefusedWithoutConnecting() {
        try (WebhookProvider provider = provider(false)) {
            AttemptResult result = provider.send(command("http://169.254.169.254/latest/meta-data/"));

            assertThat(result).isEqualTo(new AttemptResult.Failed(new Failure.Refused("ssrf:link-local", "destination address not allowed")));
            assertThat(Classifier.classify(Channel.WEBHOOK, ((AttemptResult.Failed) result).failure()).errorClass())
                    .isEqualTo(ErrorClass.PERMANENT);
        }
    }

    @Test
    void aHostNameResolvingToLoopbackIsRefusedAfterResolution() {
        try (WebhookProvider provider = provider(false)) {
            assertThat(provider.send(command("http://localhost:1/hook")))
                    .isEqualTo(new AttemptResult.Failed(new Failure.Refused("ssrf:loopback", "destination address not allowed")));
        }
    }

    @Test
    void plainHttpIsRefusedWhenHttpsIsRequired() {
        try (WebhookProvider provider = provider(true)) {
            assertThat(provider.send(command("http://hooks.example/x"))).isInstanceOf(AttemptResult.Failed.class)
                    .extracting(r -> ((Failure.Refused) ((AttemptResult.Failed) r).failure()).code()).isEqualTo("webhook:insecure-url");
        }
    }

    @Test
    void anEndlessAnswerBodyIsNotReadSoTheWorkerThreadIsFreedAtOnce() throws Exception {
        long offered = 512L << 20;
        AtomicLong written = new AtomicLong();
        try (RawEndpoint endpoint = new RawEndpoint(out -> {
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = ("10000\r\n" + "x".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            while (written.get() < offered) {
                out.write(chunk);
                written.addAndGet(0x10000);
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }); WebhookProvider provider = loopbackProvider(Duration.ofSeconds(5))) {
            AttemptResult result = provider.send(command("http://localhost:" + endpoint.port() + "/hook"));

            assertThat(result).isEqualTo(new AttemptResult.Sent("http:200", 1));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(endpoint.answersCutByClient).hasValue(1));
            assertThat(written.get()).as("bytes of the answer the endpoint could push").isLessThan(offered / 4);
        }
    }

    @Test
    void anAnswerTricklingInSlowerThanTheDeadlineIsCutOffThereAndIsUncertain() throws Exception {
        // 10 s of one header byte every 100 ms: bytes keep arriving, so no read timeout ever fires.
        try (RawEndpoint endpoint = new RawEndpoint(RawEndpoint.trickle("HTTP/1.1 200 OK\r\nX-Slow: ", 100, Duration.ofMillis(100),
                "\r\nContent-Length: 0\r\n\r\n")); WebhookProvider provider = loopbackProvider(Duration.ofSeconds(1))) {
            AttemptResult result = provider.send(command("http://localhost:" + endpoint.port() + "/hook"));

            assertThat(result).isEqualTo(new AttemptResult.Failed(new Failure.Io(IoKind.READ_TIMEOUT, true, "deadline")));
            assertThat(endpoint.answersCompleted).hasValue(0);
        }
    }

    @Test
    void jvmProxyPropertiesDoNotRouteWebhooksAroundTheSsrfGuard() throws Exception {
        Map<String, String> saved = new HashMap<>();
        for (String p : List.of("http.proxyHost", "http.proxyPort")) saved.put(p, System.getProperty(p));
        try (RawEndpoint proxy = new RawEndpoint(okAnswer())) {
            // Through a proxy the proxy resolves the host, not the guarded resolver: a name only the proxy's network
            // knows (here: none at all) would be reached unchecked.
            System.setProperty("http.proxyHost", "127.0.0.1");
            System.setProperty("http.proxyPort", Integer.toString(proxy.port()));
            try (WebhookProvider provider = loopbackProvider(Duration.ofSeconds(5))) {
                AttemptResult result = provider.send(command("http://hooks.herald-test.invalid/hook"));

                assertThat(result).isEqualTo(new AttemptResult.Failed(new Failure.Io(IoKind.UNKNOWN_HOST, false, "unknown-host")));
            }
            assertThat(proxy.connections).hasValue(0);
        } finally {
            saved.forEach((p, v) -> {
                if (v == null) System.clearProperty(p);
                else System.setProperty(p, v);
            });
        }
    }

    @Test
    void eachTenantsWebhooksAreSignedWithThatTenantsOwnSecret() throws Exception {
        try (RawEndpoint endpoint = new RawEndpoint(okAnswer()); WebhookProvider provider = loopbackProvider(Duration.ofSeconds(5))) {
            for (String tenant : List.of("acme", "globex")) {
                DispatchCommand c = DispatchCommand.newBuilder(command("http://localhost:" + endpoint.port() + "/hook")).setTenantId(tenant).build();
                assertThat(provider.send(c)).isInstanceOf(AttemptResult.Sent.class);
            }

            assertThat(endpoint.requests).hasSize(2);
            RawEndpoint.Request acme = endpoint.requests.get(0);
            RawEndpoint.Request globex = endpoint.requests.get(1);
            Instant now = Instant.now();
            assertThat(verifies(TenantSecrets.derive(MASTER, "acme"), acme, now)).isTrue();
            assertThat(verifies(TenantSecrets.derive(MASTER, "globex"), globex, now)).isTrue();
            assertThat(verifies(TenantSecrets.derive(MASTER, "globex"), acme, now)).as("globex's secret verifies acme's event").isFalse();
            assertThat(verifies(MASTER, acme, now)).as("the master key itself signs nothing").isFalse();
        }
    }

    private static boolean verifies(String secret, RawEndpoint.Request request, Instant now) {
        return new WebhookSigner(secret).verify(request.headers().get("herald-signature"), request.body(), now, 300);
    }

    private static RawEndpoint.Answer okAnswer() {
        return out -> out.write("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
    }

    private static WebhookProvider loopbackProvider(Duration deadline) {
        return new WebhookProvider(new WebhookConfig("webhook", MASTER, Duration.ofSeconds(2), deadline, 100, 2, "localhost,127.0.0.1/32",
                false), Clock.systemUTC());
    }

    private static WebhookProvider provider(boolean requireHttps) {
        return new WebhookProvider(new WebhookConfig("webhook", "0123456789abcdef-secret", Duration.ofSeconds(2), Duration.ofSeconds(2),
                100, 2, "", requireHttps), Clock.systemUTC());
    }

    static DispatchCommand command(String url) {
        DispatchCommand base = Samples.dispatch(Samples.otp("acme", "k1", Instant.parse("2026-11-23T10:00:00Z")), Channel.WEBHOOK, "webhook");
        return DispatchCommand.newBuilder(base).setAddress(url).build();
    }
}
