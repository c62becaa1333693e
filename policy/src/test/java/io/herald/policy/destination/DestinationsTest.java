package io.herald.policy.destination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DestinationsTest {

    @ParameterizedTest(name = "{0} with MX [{1}] is {2}")
    @CsvSource(delimiter = '|', value = {
            "contoso.com     | contoso-com.mail.protection.outlook.com          | exchange-online",
            "contoso.com     | CONTOSO-COM.MAIL.PROTECTION.OUTLOOK.COM.         | exchange-online",
            "example.org     | aspmx.l.google.com;alt1.aspmx.l.google.com       | google-workspace",
            "example.net     | gmail-smtp-in.l.googlemail.com                   | google-workspace",
            "Fabrikam.COM    | mx1.fabrikam.com                                 | fabrikam.com",
            "fabrikam.com.   | ''                                               | fabrikam.com",
            "split.example   | mx.split.example;split-example.mail.protection.outlook.com | exchange-online",
            "evil.example    | mail.protection.outlook.com.evil.example         | evil.example",
            "evil.example    | notgoogle.com                                    | evil.example",
    })
    void rollsUpADomainByItsMailExchangers(String domain, String mx, String expected) {
        List<String> hosts = mx.isEmpty() ? List.of() : List.of(mx.split(";"));
        assertThat(Destinations.rollup(domain, hosts)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(nullValues = "NULL", value = {
            "ada@Contoso.COM, contoso.com",
            "\"odd@name\"@example.org., example.org",
            "no-domain@, NULL",
            "plain, NULL",
            "NULL, NULL",
    })
    void extractsTheLowerCaseDomainOfAnAddress(String email, String domain) {
        assertThat(Destinations.domainOf(email)).isEqualTo(domain);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(nullValues = "NULL", value = {
            "https://Hooks.Example.com/a/b?c=1, webhook:hooks.example.com",
            "https://10.0.0.7:8443/x, webhook:10.0.0.7",
            "not a url, NULL",
            "/relative/only, NULL",
    })
    void namesAWebhookEndpointByItsHost(String url, String destination) {
        assertThat(Destinations.ofWebhook(url)).isEqualTo(destination);
    }

    @Test
    void destinationHealthKeysNeverLookLikeProviderIds() {
        assertThat(Destinations.healthKey("exchange-online")).isEqualTo("destination:exchange-online");
        assertThat(Destinations.isHealthKey("destination:exchange-online")).isTrue();
        assertThat(Destinations.isHealthKey("smtp-primary")).isFalse();
        assertThat(Destinations.downReason("exchange-online")).isEqualTo("destination-down:exchange-online");
    }

    @Test
    void overridesParseFromConfigurationAndWinOverTheDomain() {
        DestinationOverrides overrides = DestinationOverrides.parse(" contoso.com=exchange-online, Fabrikam.com = google-workspace ,");
        DestinationResolver offline = DestinationResolver.offline(overrides);
        assertThat(offline.resolve("a@CONTOSO.com")).isEqualTo("exchange-online");
        assertThat(offline.resolve("b@fabrikam.com")).isEqualTo("google-workspace");
        assertThat(offline.resolve("c@other.example")).isEqualTo("other.example");
        assertThat(offline.resolve("nodomain")).isNull();
        assertThat(DestinationOverrides.parse("  ").byDomain()).isEmpty();
        assertThat(DestinationOverrides.parse("none")).isEqualTo(DestinationOverrides.NONE);
    }

    @ParameterizedTest(name = "''{0}'' is rejected")
    @CsvSource(delimiter = '|', value = {"contoso.com", "=exchange-online", "contoso.com=", "a.com=x,a.com=y"})
    void badOverridesFailNamingTheKey(String text) {
        assertThatThrownBy(() -> DestinationOverrides.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("destinations:");
    }

    @Test
    void theMxResolverCachesAnswersForTheirTtlAndFailuresForTheShorterOne() {
        AtomicLong now = new AtomicLong(0);
        List<String> asked = new ArrayList<>();
        MxLookup dns = domain -> {
            asked.add(domain);
            if (domain.equals("broken.example")) throw new javax.naming.NamingException("timeout");
            return domain.equals("contoso.com") ? List.of("contoso-com.mail.protection.outlook.com") : List.of();
        };
        CachingMxResolver resolver = new CachingMxResolver(DestinationOverrides.parse("pinned.example=google-workspace"),
                dns, now::get, Duration.ofMinutes(60), Duration.ofMinutes(5), 100);

        assertThat(resolver.resolve("a@contoso.com")).isEqualTo("exchange-online");
        assertThat(resolver.resolve("b@contoso.com")).isEqualTo("exchange-online");
        assertThat(resolver.resolve("c@broken.example")).isEqualTo("broken.example");
        assertThat(resolver.resolve("d@pinned.example")).isEqualTo("google-workspace");
        assertThat(asked).containsExactly("contoso.com", "broken.example");

        now.set(Duration.ofMinutes(6).toMillis());
        resolver.resolve("a@contoso.com");
        resolver.resolve("c@broken.example");
        assertThat(asked).containsExactly("contoso.com", "broken.example", "broken.example");

        now.set(Duration.ofMinutes(61).toMillis());
        resolver.resolve("a@contoso.com");
        assertThat(asked).endsWith("contoso.com");
        assertThat(asked).hasSize(4);
    }

    @Test
    void peekingNeverAsksDnsAndSeesOnlyOverridesAndFreshAnswers() {
        AtomicLong now = new AtomicLong(0);
        List<String> asked = new ArrayList<>();
        CachingMxResolver resolver = new CachingMxResolver(DestinationOverrides.parse("pinned.example=exchange-online"), d -> {
            asked.add(d);
            return List.of("aspmx.l.google.com");
        }, now::get, Duration.ofMinutes(60), Duration.ofMinutes(5), 10);
        assertThat(resolver.peek("a@pinned.example")).isEqualTo("exchange-online");
        assertThat(resolver.peek("a@example.org")).isNull();
        assertThat(asked).isEmpty();
        resolver.resolve("b@example.org");
        assertThat(resolver.peek("a@example.org")).isEqualTo("google-workspace");
        now.set(Duration.ofMinutes(61).toMillis());
        assertThat(resolver.peek("a@example.org")).isNull();
        assertThat(asked).containsExactly("example.org");
    }

    @Test
    void theMxCacheStaysWithinItsBound() {
        List<String> asked = new ArrayList<>();
        CachingMxResolver resolver = new CachingMxResolver(DestinationOverrides.NONE, d -> {
            asked.add(d);
            return List.of();
        }, () -> 0L, Duration.ofHours(1), Duration.ofMinutes(5), 2);
        resolver.resolve("a@one.example");
        resolver.resolve("a@two.example");
        resolver.resolve("a@three.example");
        resolver.resolve("a@one.example");
        assertThat(asked).containsExactly("one.example", "two.example", "three.example", "one.example");
    }
}
