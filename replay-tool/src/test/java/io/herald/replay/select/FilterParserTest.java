package io.herald.replay.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contracts.Channel;
import io.herald.contracts.ParkedNotification;
import io.herald.contracts.Priority;
import io.herald.schemas.Samples;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterParserTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final FilterParser PARSER = new FilterParser(Clock.fixed(NOW, ZoneOffset.UTC));

    /** A parked bulk email for tenant acme, parked 10:30 for no healthy provider after 451 4.3.2 on smtp-primary. */
    private static BacklogEntry entry() {
        ParkedNotification parked = Samples.parked(Samples.newsletter("acme", "k-1", NOW.minusSeconds(7200)),
                Instant.parse("2026-11-23T10:30:00Z"));
        return BacklogEntry.parked("notify.parked.email.v1", 0, 42, parked.getNotificationId(), parked);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "''                                       | true",
            "channel=email                            | true",
            "channel=EMAIL,sms                        | true",
            "channel=sms                              | false",
            "channel!=sms                             | true",
            "lane=bulk                                | true",
            "priority=critical                        | false",
            "provider=smtp-primary                    | true",
            "provider=smtp-*                          | true",
            "provider=twilio                          | false",
            "code=451 4.3.2                           | true",
            "code=451*                                | true",
            "code=5*                                  | false",
            "reason=no-healthy-provider               | true",
            "cause=paused                             | false",
            "tenant=acme                              | true",
            "tenant!=acme                             | false",
            "key=n-acme-k-1                           | true",
            "key=*k-2                                 | false",
            "time=2026-11-23T10:00:00Z..2026-11-23T11:00:00Z | true",
            "time=2026-11-23T10:30:00Z..              | true",
            "time=..2026-11-23T10:30:00Z              | false",
            "time=2026-11-23..2026-11-24              | true",
            "time=1h..                                | false",
            "time=2h..30m                             | true",
            "time=2026-11-23T10:00..now               | true",
            "channel=email; lane=bulk; tenant=acme    | true",
            "channel=email; lane=critical             | false",
    })
    void matchesEntriesByEveryField(String expression, boolean expected) {
        assertThat(PARSER.parse(expression).test(entry())).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "colour=red                 | unknown field 'colour'",
            "channel=pigeon             | unknown channel 'pigeon' (expected one of email, sms, webhook)",
            "lane=urgent                | unknown lane 'urgent'",
            "tenant                     | expected field=value",
            "tenant=a,,b                | empty value",
            "time=yesterday..           | 'yesterday' is not an instant",
            "time=2026-11-23            | expected time=FROM..TO",
            "time!=1h..                 | time supports only time=FROM..TO",
            "time=2026-11-24..2026-11-23 | is not before TO",
    })
    void rejectsBadExpressionsNamingThem(String expression, String problem) {
        assertThatThrownBy(() -> PARSER.parse("channel=email; " + expression))
                .isInstanceOf(FilterException.class)
                .hasMessageContaining("bad filter expression '" + expression.trim() + "'")
                .hasMessageContaining(problem)
                .extracting(e -> ((FilterException) e).expression()).isEqualTo(expression.trim());
    }

    @org.junit.jupiter.api.Test
    void dlqEntriesTakeTheirChannelFromTheSourceTopicAndTheirTenantFromARequestKey() {
        var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        io.herald.schemas.HeraldHeaders.put(headers, io.herald.schemas.HeraldHeaders.DLQ_SOURCE_TOPIC, "notify.dispatch.sms.bulk.v1");
        io.herald.schemas.HeraldHeaders.put(headers, io.herald.schemas.HeraldHeaders.DLQ_CAUSE, "deserialization");
        BacklogEntry dlq = BacklogEntry.dlq("notify.dlq.v1", 0, 1, "acme/k-9", NOW, headers);

        assertThat(dlq.channel()).isEqualTo(Channel.SMS);
        assertThat(dlq.tenantId()).isEqualTo("acme");
        assertThat(PARSER.parse("reason=deserialization; tenant=acme; channel=sms").test(dlq)).isTrue();
        assertThat(PARSER.parse("lane=bulk").test(dlq)).as("a DLQ record has no lane").isFalse();
    }

    @org.junit.jupiter.api.Test
    void aFilterWrittenBackParsesToTheSameFilter() {
        ReplayFilter filter = PARSER.parse("channel=email,sms; lane!=critical; time=2026-11-23T10:00:00Z..");
        assertThat(PARSER.parse(filter.expression())).isEqualTo(filter);
        assertThat(entry().lane()).isEqualTo(Priority.BULK);
    }
}
