package io.herald.router.health;

import static io.herald.router.health.Blame.Target.BOTH;
import static io.herald.router.health.Blame.Target.DESTINATION;
import static io.herald.router.health.Blame.Target.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Channel;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BlameTest {
    private static final long NOW = 100_000;
    private static final long WINDOW = 60_000;
    private static final String EXO = "exchange-online";

    static Stream<Arguments> rows() {
        Attribution othersFlow = Attribution.NONE.delivered("gmail", NOW - 1_000).failed(EXO, NOW - 500);
        Attribution othersFailToo = Attribution.NONE.delivered("gmail", NOW - 5_000).failed("fabrikam.com", NOW - 1_000);
        Attribution othersFlowedLongAgo = Attribution.NONE.delivered("gmail", NOW - WINDOW - 1);
        Attribution onlyThisDestination = Attribution.NONE.failed(EXO, NOW - 100);
        return Stream.of(
                Arguments.of("a delivery counts for both", Channel.EMAIL, Signal.SUCCESS, EXO, Attribution.NONE, Attribution.NONE, BOTH),
                Arguments.of("a permanent answer counts for both", Channel.EMAIL, Signal.PERMANENT, EXO, Attribution.NONE, Attribution.NONE, BOTH),
                Arguments.of("no destination: the provider", Channel.EMAIL, Signal.TRANSIENT, null, othersFlow, othersFlow, PROVIDER),
                Arguments.of("a probe speaks only of the provider", Channel.EMAIL, Signal.PROBE_FAILED, EXO, othersFlow, othersFlow, PROVIDER),
                Arguments.of("deferred while the provider delivers elsewhere: the destination", Channel.EMAIL, Signal.TRANSIENT, EXO,
                        othersFlow, othersFlow, DESTINATION),
                Arguments.of("throttled per destination while others flow: the destination", Channel.EMAIL, Signal.THROTTLED, EXO,
                        othersFlow, othersFlow, DESTINATION),
                Arguments.of("deferred while other destinations fail too: the provider", Channel.EMAIL, Signal.TRANSIENT, EXO,
                        othersFailToo, othersFailToo, PROVIDER),
                Arguments.of("deliveries elsewhere older than the window prove nothing", Channel.EMAIL, Signal.TRANSIENT, EXO,
                        othersFlowedLongAgo, othersFlowedLongAgo, PROVIDER),
                Arguments.of("a provider that saw only this destination defers to the channel's evidence", Channel.EMAIL,
                        Signal.TRANSIENT, EXO, onlyThisDestination, othersFlow, DESTINATION),
                Arguments.of("with no evidence anywhere the provider is blamed", Channel.EMAIL, Signal.TRANSIENT, EXO,
                        Attribution.NONE, Attribution.NONE, PROVIDER),
                Arguments.of("a failing webhook endpoint is the endpoint's, even alone", Channel.WEBHOOK, Signal.TRANSIENT,
                        "webhook:dead.example", Attribution.NONE, Attribution.NONE, DESTINATION),
                Arguments.of("a webhook uncertain hand-off is the endpoint's", Channel.WEBHOOK, Signal.THROTTLED,
                        "webhook:slow.example", othersFailToo, othersFailToo, DESTINATION));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void blamesTheRightParty(String name, Channel channel, Signal signal, String destination, Attribution provider,
                             Attribution wholeChannel, Blame.Target expected) {
        assertThat(Blame.of(channel, signal, destination, provider, wholeChannel, NOW, WINDOW)).isEqualTo(expected);
    }

    @Test
    void attributionRemembersTheLatestOtherDestinationInConstantSpace() {
        Attribution a = Attribution.NONE.delivered("a", 1).delivered("b", 2).delivered("b", 3).delivered("a", 4);
        assertThat(a.lastDeliveredOtherThan("a")).isEqualTo(3);
        assertThat(a.lastDeliveredOtherThan("b")).isEqualTo(4);
        assertThat(a.lastDeliveredOtherThan("c")).isEqualTo(4);
        Attribution f = Attribution.NONE.failed("x", 10).failed("x", 12);
        assertThat(f.lastFailedOtherThan("x")).isEqualTo(Attribution.NONE.failedAtMs());
        assertThat(f.lastFailedOtherThan("y")).isEqualTo(12);
    }
}
