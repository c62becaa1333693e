package io.herald.policy.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contracts.Channel;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReplyRulesTest {
    private static final Pattern ENHANCED = Pattern.compile("\\b([245]\\.\\d{1,3}\\.\\d{1,3})\\b");

    /** Real reply texts from OUTAGES.md and the providers' documentation, with the rule that must decide each. */
    static Stream<Arguments> defaults() {
        return Stream.of(
                // Exchange Online: 4.3.2 is an outage, a connection limit or a thread limit depending on code and text.
                row(smtp("451 4.3.2 Temporary server error. Please try again later"), Verdict.OUTAGE, "exchange-temporary-server-error"),
                row(smtp("451 4.3.2 Temporary server error. Please try again later. PRX4"), Verdict.OUTAGE, "exchange-temporary-server-error"),
                row(smtp("421 4.3.2 The maximum number of concurrent connections has exceeded a limit, closing transmission channel"),
                        Verdict.THROTTLE, "exchange-concurrent-connections"),
                row(smtp("432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded"), Verdict.THROTTLE, "exchange-thread-limit"),
                row(smtp("432 4.3.2 concurrent connection limit exceeded"), Verdict.THROTTLE, "exchange-thread-limit"),
                row(smtp("451 4.3.2 Concurrent connections limit exceeded. Visit https://aka.ms/concurrent_sending"),
                        Verdict.THROTTLE, "exchange-connection-limit"),
                row(smtp("421 4.3.2 Service not available, closing transmission channel"), Verdict.OUTAGE, "smtp-system-not-accepting"),
                row(smtp("451 4.7.500 Server busy. Please try again later from [192.0.2.10]. (S77719) [BN8NAM12FT003.eop-nam12.prod.protection.outlook.com]"),
                        Verdict.THROTTLE, "exchange-server-busy"),
                row(smtp("451 4.7.501 Access denied, spam abuse detected"), Verdict.THROTTLE, "exchange-server-busy"),
                row(smtp("451 4.7.650 The mail server [192.0.2.5] has been temporarily rate limited due to IP reputation. (S775)"),
                        Verdict.THROTTLE, "exchange-ip-reputation-rate-limit"),
                // Gmail
                row(smtp("421 4.7.28 Our system has detected an unusual rate of unsolicited mail originating from your IP address."),
                        Verdict.THROTTLE, "gmail-unusual-rate"),
                row(smtp("421 4.7.0 Try again later, closing connection."), Verdict.THROTTLE, "gmail-try-again-later"),
                row(smtp("450 4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered."),
                        Verdict.THROTTLE, "gmail-recipient-rate"),
                row(smtp("450 4.2.1 Mailbox temporarily unavailable"), Verdict.TRANSIENT, "smtp-4xx"),
                // Generic SMTP
                row(smtp("421 4.7.0 Too many connections from your IP, closing"), Verdict.THROTTLE, "smtp-rate-limit"),
                row(smtp("421 Connection limit exceeded"), Verdict.THROTTLE, "smtp-rate-limit"),
                row(smtp("452 4.3.1 Insufficient system storage"), Verdict.TRANSIENT, "smtp-4xx"),
                row(smtp("421 4.4.2 Service not available, closing transmission channel"), Verdict.TRANSIENT, "smtp-4xx"),
                row(smtp("451 Requested action aborted: local error in processing. Please try again later"), Verdict.TRANSIENT, "smtp-4xx"),
                row(smtp("535 5.7.8 Authentication credentials invalid"), Verdict.TRANSIENT, "smtp-provider-authentication"),
                row(smtp("530 5.7.0 Authentication Required"), Verdict.TRANSIENT, "smtp-provider-authentication"),
                row(smtp("554 5.7.0 Authentication failed"), Verdict.TRANSIENT, "smtp-provider-authentication"),
                row(smtp("554 5.7.1 Service unavailable; Client host blocked using zen.spamhaus.org"), Verdict.TRANSIENT, "smtp-provider-reputation"),
                row(smtp("552 5.5.3 Too many recipients"), Verdict.TRANSIENT, "smtp-too-many-recipients"),
                row(smtp("550 5.7.1 Daily sending rate limit exceeded"), Verdict.THROTTLE, "smtp-5xx-rate-limit"),
                row(smtp("550 5.1.1 The email account that you tried to reach does not exist"), Verdict.PERMANENT, "smtp-5xx"),
                row(smtp("552 5.2.2 Mailbox full"), Verdict.PERMANENT, "smtp-5xx"),
                row(smtp("554 5.7.1 Message rejected due to content restrictions"), Verdict.PERMANENT, "smtp-5xx"),
                row(smtp("250 2.0.0 OK"), Verdict.TRANSIENT, "smtp-unexpected-reply"),
                // Twilio: the pattern is tried on the HTTP status and on Twilio's code.
                row(Reply.twilio(429, 20429, "Too Many Requests"), Verdict.THROTTLE, "twilio-rate-limit"),
                row(Reply.twilio(429, null, ""), Verdict.THROTTLE, "twilio-rate-limit"),
                row(Reply.twilio(400, 20429, "Too Many Requests"), Verdict.THROTTLE, "twilio-rate-limit"),
                row(Reply.twilio(400, 30022, "US A2P 10DLC - Rate Limits Exceeded"), Verdict.THROTTLE, "twilio-queue-or-rate-limit"),
                row(Reply.twilio(400, 30001, "Queue overflow"), Verdict.THROTTLE, "twilio-queue-or-rate-limit"),
                row(Reply.twilio(400, 21611, "This 'From' number has exceeded the maximum number of queued messages"),
                        Verdict.THROTTLE, "twilio-queue-or-rate-limit"),
                row(Reply.twilio(400, 14107, "SMS send rate limit exceeded"), Verdict.THROTTLE, "twilio-queue-or-rate-limit"),
                row(Reply.twilio(429, 63017, "Rate limit exceeded"), Verdict.THROTTLE, "twilio-rate-limit"),
                row(Reply.twilio(400, 21211, "The 'To' number is not a valid phone number."), Verdict.PERMANENT, "twilio-recipient-rejected"),
                row(Reply.twilio(400, 21614, "'To' number is not a valid mobile number"), Verdict.PERMANENT, "twilio-recipient-rejected"),
                row(Reply.twilio(400, 21610, "Attempt to send to unsubscribed recipient"), Verdict.PERMANENT, "twilio-recipient-rejected"),
                row(Reply.twilio(400, 21408, "Permission to send an SMS has not been enabled for the region"), Verdict.PERMANENT,
                        "twilio-recipient-rejected"),
                row(Reply.twilio(400, 21612, "The 'To' phone number is not currently reachable"), Verdict.PERMANENT, "twilio-recipient-rejected"),
                row(Reply.twilio(400, 21217, "Phone number does not appear to be valid"), Verdict.PERMANENT, "twilio-recipient-rejected"),
                row(Reply.twilio(503, null, ""), Verdict.TRANSIENT, "twilio-5xx"),
                row(Reply.twilio(500, 20500, "Internal Server Error"), Verdict.TRANSIENT, "twilio-5xx"),
                row(Reply.twilio(401, 20003, "Authenticate"), Verdict.TRANSIENT, "twilio-account-problem"),
                row(Reply.twilio(400, 21602, "Message body is required"), Verdict.PERMANENT, "twilio-4xx"),
                row(Reply.twilio(302, null, ""), Verdict.TRANSIENT, "twilio-unexpected-status"),
                // Webhooks
                row(Reply.http(429), Verdict.THROTTLE, "http-rate-limit"),
                row(Reply.http(408), Verdict.TRANSIENT, "http-request-timeout"),
                row(Reply.http(500), Verdict.TRANSIENT, "http-5xx"),
                row(Reply.http(503), Verdict.TRANSIENT, "http-5xx"),
                row(Reply.http(302), Verdict.PERMANENT, "http-redirect-not-followed"),
                row(Reply.http(400), Verdict.PERMANENT, "http-4xx"),
                row(Reply.http(404), Verdict.PERMANENT, "http-4xx"),
                row(Reply.http(410), Verdict.PERMANENT, "http-4xx"),
                row(Reply.http(101), Verdict.TRANSIENT, "http-unexpected-status"));
    }

    @ParameterizedTest(name = "{0} -> {1} by {2}")
    @MethodSource("defaults")
    void theDefaultTableDecidesEveryKnownReplyByTheRuleThatNamesIt(Reply reply, Verdict verdict, String rule) {
        ReplyRule match = ReplyRules.defaults().match(reply);

        assertThat(match.verdict()).isEqualTo(verdict);
        assertThat(match.name()).isEqualTo(rule);
    }

    @Test
    void exchangesFourThreeTwoIsAnOutageOnlyWhenItIsTheTemporaryServerError() {
        ReplyRules rules = ReplyRules.defaults();

        assertThat(rules.match(smtp("451 4.3.2 Temporary server error. Please try again later")).verdict()).isEqualTo(Verdict.OUTAGE);
        assertThat(rules.match(smtp("421 4.3.2 The maximum number of concurrent connections has exceeded a limit, closing transmission channel"))
                .verdict()).isEqualTo(Verdict.THROTTLE);
        assertThat(rules.match(smtp("432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded")).verdict()).isEqualTo(Verdict.THROTTLE);
    }

    @Test
    void everyDefaultRuleDecidesAtLeastOneRowOfTheTable() {
        List<String> decided = defaults().map(a -> (String) a.get()[2]).toList();

        assertThat(ReplyRules.defaults().rules()).extracting(ReplyRule::name).allMatch(decided::contains);
    }

    @Test
    void anOperatorRuleIsEvaluatedBeforeTheDefaults() {
        ReplyRules rules = ReplyRules.defaults().withOperatorRules(
                ReplyRules.parse("HERALD_REPLY_RULES", "email | 550 | 5.1.1 | does not exist | transient | our-flaky-directory"));

        assertThat(rules.match(smtp("550 5.1.1 The email account that you tried to reach does not exist")).name())
                .isEqualTo("our-flaky-directory");
        assertThat(rules.match(smtp("550 5.1.1 User unknown")).name()).isEqualTo("smtp-5xx");
    }

    @Test
    void anOperatorCanDemoteTheOutageRuleToThrottlingForOneProvidersWording() {
        ReplyRules rules = ReplyRules.defaults().withOperatorRules(
                ReplyRules.parse("HERALD_REPLY_RULES", "email | 451 | 4.3.2 | (?i)temporary server error.*PRX | throttle | relay-prx-busy"));

        assertThat(rules.match(smtp("451 4.3.2 Temporary server error. Please try again later. PRX4")).verdict()).isEqualTo(Verdict.THROTTLE);
        assertThat(rules.match(smtp("451 4.3.2 Temporary server error. Please try again later")).verdict()).isEqualTo(Verdict.OUTAGE);
    }

    @Test
    void parsesRulesSeparatedBySemicolonsAndNewlinesSkippingCommentsAndBlankLines() {
        String text = """
                # our relay's own words
                email | 4xx | 4.7.5xx | server busy | outage | relay-busy ; sms | 30007 | * | * | permanent | carrier-filtered

                webhook | 409 | - | - | transient | conflict-retry
                """;

        List<ReplyRule> rules = ReplyRules.parse("HERALD_REPLY_RULES", text);

        assertThat(rules).extracting(ReplyRule::name).containsExactly("relay-busy", "carrier-filtered", "conflict-retry");
        assertThat(rules.get(0).matches(smtp("451 4.7.500 Server busy. Please try again later"))).isTrue();
        assertThat(rules.get(0).matches(smtp("451 4.7.650 rate limited"))).isFalse();
        assertThat(rules.get(1).matches(Reply.twilio(400, 30007, "filtered"))).isTrue();
        assertThat(rules.get(2).matches(Reply.http(409))).isTrue();
        assertThat(rules.get(2).matches(Reply.http(410))).isFalse();
    }

    @Test
    void aPipeWithoutSpacesBelongsToThePatternAndAnEscapedSemicolonToTheRegex() {
        List<ReplyRule> rules = ReplyRules.parse("HERALD_REPLY_RULES",
                "email | 421|432 | 4.3.2 | STOREDRV.ClientSubmit\\; sender|thread limit | throttle | submission-limit");

        assertThat(rules).hasSize(1);
        assertThat(rules.get(0).matches(smtp("432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded"))).isTrue();
        assertThat(rules.get(0).matches(smtp("421 4.3.2 thread limit"))).isTrue();
        assertThat(rules.get(0).matches(smtp("451 4.3.2 thread limit"))).isFalse();
    }

    @Test
    void theExamplesInTheOperatorDocsParseAndMatchWhatTheySay() {
        String docs = """
                # Our relay restarts nightly and says so: evidence of an outage, not a generic deferral.
                email | 421 | 4.4.2 | relay restarting | outage | relay-restart
                # This partner's endpoint answers 409 while it replays its own queue: try again later.
                webhook | 409 | * | * | transient | partner-conflict-retry
                # Carrier filtering (Twilio 30007) is final for this content.
                sms | 30007 | * | * | permanent | twilio-carrier-filtered
                # Exchange's submission limit written out in full, semicolon escaped.
                email | 432 | 4.3.2 | STOREDRV.ClientSubmit\\; sender thread limit | throttle | exchange-submission-limit
                """;
        ReplyRules rules = ReplyRules.defaults().withOperatorRules(ReplyRules.parse("HERALD_REPLY_RULES_FILE rules.txt", docs));

        assertThat(rules.match(smtp("421 4.4.2 relay restarting, closing transmission channel")).verdict()).isEqualTo(Verdict.OUTAGE);
        assertThat(rules.match(Reply.http(409)).name()).isEqualTo("partner-conflict-retry");
        assertThat(rules.match(Reply.twilio(400, 30007, "Message filtered")).verdict()).isEqualTo(Verdict.PERMANENT);
        assertThat(rules.match(smtp("432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded")).name())
                .isEqualTo("exchange-submission-limit");
    }

    @Test
    void aRuleMatchesOnlyItsOwnChannel() {
        ReplyRule rule = ReplyRules.parse("t", "webhook | 5xx | * | * | outage | endpoint-down").get(0);

        assertThat(rule.matches(Reply.http(503))).isTrue();
        assertThat(rule.matches(Reply.twilio(503, null, ""))).isFalse();
    }

    @Test
    void aRuleReadsBackInItsOwnGrammar() {
        String line = "email | 451 | 4.3.2 | temporary server error | outage | exchange-temporary-server-error";

        assertThat(ReplyRules.parse("t", line).get(0)).hasToString(line);
        assertThat(ReplyRules.parse("t", ReplyRules.defaults().toString())).hasSameSizeAs(ReplyRules.defaults().rules());
    }

    @Test
    void aTableWithoutACatchAllStillAnswersTransient() {
        ReplyRules rules = ReplyRules.of(ReplyRules.parse("t", "email | 550 | * | * | permanent | only-550"));

        assertThat(rules.match(Reply.http(500)).verdict()).isEqualTo(Verdict.TRANSIENT);
        assertThat(rules.match(Reply.http(500)).name()).isEqualTo("no-rule-matched");
    }

    static Stream<Arguments> badRules() {
        return Stream.of(
                Arguments.of("email | 451 | 4.3.2 | x | outage", "line 1: expected 6 fields"),
                Arguments.of("fax | 451 | 4.3.2 | x | outage | n", "line 1: field 'channel': 'fax' is not one of email, sms, webhook"),
                Arguments.of("email | 4y1 | 4.3.2 | x | outage | n", "line 1: field 'code': '4y1'"),
                Arguments.of("email | 451 | 4.3 | x | outage | n", "line 1: field 'enhanced': '4.3'"),
                Arguments.of("email | 451 | 4.3.2 | (unclosed | outage | n", "line 1: field 'text': '(unclosed' is not a valid regex"),
                Arguments.of("email | 451 | 4.3.2 | x | outgae | n", "line 1: field 'verdict': 'outgae' is not one of throttle, outage, transient, permanent"),
                Arguments.of("email | 451 | 4.3.2 | x | outage | ", "line 1: field 'name': required"),
                Arguments.of("email | 451 | 4.3.2 | x | outage | My Rule", "line 1: field 'name': 'My Rule'"),
                Arguments.of("email | 451 | 4.3.2 | a | b | outage | n", "line 1: expected 6 fields"),
                Arguments.of("# ok\nemail | 451 | * | * | outage | a; sms | 429 | * | * | slow | b", "line 2, rule 2: field 'verdict': 'slow'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRules")
    void aBadRuleIsRejectedNamingTheSourceLineAndField(String text, String message) {
        assertThatThrownBy(() -> ReplyRules.parse("HERALD_REPLY_RULES", text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("HERALD_REPLY_RULES " + message);
    }

    private static Arguments row(Reply reply, Verdict verdict, String rule) {
        return Arguments.of(reply, verdict, rule);
    }

    /** An SMTP reply line as the client sees it, split the way the workers split it. */
    private static Reply smtp(String line) {
        int code = Integer.parseInt(line.substring(0, 3));
        String text = line.substring(4);
        Matcher m = ENHANCED.matcher(text);
        return Reply.smtp(code, m.find() ? m.group(1) : null, text);
    }
}
