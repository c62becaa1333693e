package io.herald.workers.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import io.herald.contracts.DispatchCommand;
import io.herald.contracts.ErrorClass;
import io.herald.schemas.Samples;
import io.herald.workers.channel.AttemptResult;
import io.herald.workers.classify.Classifier;
import io.herald.workers.classify.Failure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookProviderTest {

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

    private static WebhookProvider provider(boolean requireHttps) {
        return new WebhookProvider(new WebhookConfig("webhook", "0123456789abcdef-secret", Duration.ofSeconds(2), Duration.ofSeconds(2),
                100, 2, "", requireHttps), Clock.systemUTC());
    }

    static DispatchCommand command(String url) {
        DispatchCommand base = Samples.dispatch(Samples.otp("acme", "k1", Instant.parse("2026-11-23T10:00:00Z")), Channel.WEBHOOK, "webhook");
        return DispatchCommand.newBuilder(base).setAddress(url).build();
    }
}
