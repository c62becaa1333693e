package io.herald.workers.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SsrfGuardTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "169.254.169.254, ssrf:link-local",
            "169.254.0.1, ssrf:link-local",
            "127.0.0.1, ssrf:loopback",
            "127.8.9.10, ssrf:loopback",
            "::1, ssrf:loopback",
            "10.0.0.5, ssrf:private",
            "172.16.0.1, ssrf:private",
            "172.31.255.255, ssrf:private",
            "192.168.1.1, ssrf:private",
            "100.64.0.1, ssrf:private",
            "fd00::1, ssrf:private",
            "fe80::1, ssrf:link-local",
            "224.0.0.1, ssrf:multicast",
            "ff02::1, ssrf:multicast",
            "0.0.0.0, ssrf:unspecified",
            "255.255.255.255, ssrf:reserved",
            "::ffff:169.254.169.254, ssrf:link-local",
            "64:ff9b::a9fe:a9fe, ssrf:link-local",
            "64:ff9b::7f00:1, ssrf:loopback",
            "64:ff9b::a00:5, ssrf:private",
            "2002:a9fe:a9fe::1, ssrf:link-local",
            "2002:c0a8:101::, ssrf:private",
            "198.18.0.1, ssrf:reserved",
            "198.19.255.254, ssrf:reserved",
            "192.0.0.170, ssrf:reserved",
            "198.20.0.1, ''",
            "192.0.2.1, ''",
            "64:ff9b::5db8:d822, ''",
            "2002:5db8:d822::1, ''",
            "93.184.216.34, ''",
            "172.32.0.1, ''",
            "2606:2800:220:1:248:1893:25c8:1946, ''"})
    void refusesInternalAddressRangesAndAcceptsPublicOnes(String address, String expected) throws Exception {
        Optional<String> refusal = SsrfGuard.strict().refusal("hook.example", List.of(InetAddress.getByName(address)));

        assertThat(refusal.orElse("")).isEqualTo(expected);
    }

    @Test
    void onePrivateAnswerAmongPublicOnesRefusesTheHost() throws Exception {
        List<InetAddress> answers = List.of(InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.1.2.3"));

        assertThat(SsrfGuard.strict().refusal("rebind.example", answers)).contains("ssrf:private");
    }

    @Test
    void allowListedRangesAndHostsPass() throws Exception {
        SsrfGuard guard = SsrfGuard.allowing("hooks.internal.example, 10.1.0.0/16");

        assertThat(guard.refusal("x.example", List.of(InetAddress.getByName("10.1.2.3")))).isEmpty();
        assertThat(guard.refusal("x.example", List.of(InetAddress.getByName("10.2.0.1")))).contains("ssrf:private");
        assertThat(guard.refusal("hooks.internal.example", List.of(InetAddress.getByName("127.0.0.1")))).isEmpty();
    }

    @Test
    void anUnresolvedHostIsRefused() {
        assertThat(SsrfGuard.strict().refusal("nowhere.example", List.of())).contains("ssrf:unresolved");
    }
}
