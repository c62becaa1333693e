package io.herald.ingest.destination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.policy.destination.DestinationOverrides;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecipientDestinationsTest {

    @Test
    void anUnknownDomainGoesUntaggedWhileItsMxIsLookedUpInTheBackgroundOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger lookups = new AtomicInteger();
        try (RecipientDestinations destinations = new RecipientDestinations(DestinationOverrides.parse("pinned.example=google-workspace"),
                domain -> {
                    lookups.incrementAndGet();
                    release.await();
                    return List.of("contoso-com.mail.protection.outlook.com");
                })) {
            assertThat(destinations.apply("a@pinned.example")).isEqualTo("google-workspace");
            // The lookup is held: requests meanwhile are not blocked, and the domain is asked once.
            assertThat(destinations.apply("a@contoso.com")).isNull();
            assertThat(destinations.apply("b@contoso.com")).isNull();
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> "exchange-online".equals(destinations.apply("c@contoso.com")));
            assertThat(lookups.get()).isEqualTo(1);
        }
    }
}
