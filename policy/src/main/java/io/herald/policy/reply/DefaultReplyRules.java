package io.herald.policy.reply;

/**
 * The shipped reply table, written in the operators' own grammar so the defaults are data that docs and tests can
 * show verbatim. Specific provider rules first, generic rules last; each group says why it exists. Reply texts are
 * from OUTAGES.md and the providers' documentation; re-check a provider's docs before adding to them.
 */
final class DefaultReplyRules {
    static final String TEXT = """
            # channel | code | enhanced | text (case-insensitive regex) | verdict | name

            # --- Exchange Online / Microsoft 365: one enhanced code, 4.3.2, says three things; the text tells them apart.
            # The January 2026 outage reply: the back end accepts nothing, for hours. Outage evidence, not pacing.
            email | 451 | 4.3.2 | temporary server error | outage | exchange-temporary-server-error
            # SMTP AUTH allows 3 concurrent connections per mailbox; the server closes the connection: reconnect later, fewer at once.
            email | 421 | 4.3.2 | concurrent connections | throttle | exchange-concurrent-connections
            # 432 is Exchange's submission limit reply (sender thread limit, concurrent connection limit): fewer connections, slower.
            email | 432 | 4.3.2 | * | throttle | exchange-thread-limit
            # The same limits under other reply codes.
            email | 4xx | 4.3.2 | concurrent connection|connection limit|thread limit | throttle | exchange-connection-limit
            # Any other 4.3.2 is "system not accepting network messages" (e.g. 421 4.3.2 Service not available): nothing gets in.
            email | 4xx | 4.3.2 | * | outage | smtp-system-not-accepting
            # Inbound throttling per IP or sender (451 4.7.500 Server busy ... (S77719) and the other 4.7.5xx): pace that destination.
            email | 4xx | 4.7.5xx | * | throttle | exchange-server-busy
            # 451 4.7.650 ... temporarily rate limited due to IP reputation: pace, and fix the reputation.
            email | 4xx | 4.7.650 | * | throttle | exchange-ip-reputation-rate-limit

            # --- Gmail: rate and reputation throttling.
            email | 421 | 4.7.28 | * | throttle | gmail-unusual-rate
            email | 421 | 4.7.0 | try again later | throttle | gmail-try-again-later
            # One recipient receiving mail too fast: slow down for that recipient; "mailbox unavailable" 4.2.1 stays transient.
            email | 450 | 4.2.1 | receiving mail at a rate|rate that prevents | throttle | gmail-recipient-rate

            # --- Generic SMTP (RFC 5321 and what servers actually send).
            # Rate and connection-limit words on any 4xx are pacing, not failure. ("try again later" alone is not: every 4xx says that.)
            email | 4xx | * | too many (connections|messages|recipients|concurrent)|connection limit|rate limit|rate of|ratelimit|throttl|server busy|too busy|thread limit|limit exceeded|exceeded.{0,20}(rate|limit)|slow down|deferred due to | throttle | smtp-rate-limit
            # Every other 4xx is by definition a transient negative completion.
            email | 4xx | * | * | transient | smtp-4xx
            # The provider refused OUR credentials: the recipient is fine and another provider may work.
            email | 530|534|535 | * | * | transient | smtp-provider-authentication
            email | 5xx | 5.7.8 | * | transient | smtp-provider-authentication
            email | 5xx | 5.7.0 | auth | transient | smtp-provider-authentication
            # Our sending IP is on a block list: a property of this provider's IPs; another provider may get through.
            email | 5xx | * | blocklist|blacklist|block list|black list|blocked using|spamhaus|listed at|ip reputation | transient | smtp-provider-reputation
            # RFC 5321 4.5.3.1.10: "too many recipients" must be treated as temporary even when sent as 552.
            email | 552 | * | too many recipients | transient | smtp-too-many-recipients
            # Some servers say "rate limited" with a 5xx; it is still pacing.
            email | 5xx | * | rate limit | throttle | smtp-5xx-rate-limit
            # Any other 5xx (550 5.1.1 no such user, 552 5.2.2 mailbox full, 553 bad address, 554 policy) is a verdict on the message.
            email | 5xx | * | * | permanent | smtp-5xx
            # A 2xx/3xx reported as a failure means the dialogue went out of step: start over.
            email | * | * | * | transient | smtp-unexpected-reply

            # --- Twilio (the code is tried on the HTTP status and on Twilio's error code).
            # 429 / 20429: too many concurrent API requests; never processed, always safe to retry.
            sms | 429|20429 | * | * | throttle | twilio-rate-limit
            # 30022 10DLC carrier rate limit, 30001 queue overflow, 21611 sender queue full, 14107 send rate between two
            # numbers, 63017 account rate limit: slow down.
            sms | 30022|30001|21611|14107|63017 | * | * | throttle | twilio-queue-or-rate-limit
            # Invalid To, not reachable, not a mobile number, unsubscribed (STOP), no permission for the region, invalid
            # To for the From: the recipient's state, not ours; retrying annoys or costs.
            sms | 21211|21614|21610|21408|21612|21217 | * | * | permanent | twilio-recipient-rejected
            # Twilio-side errors are temporary by contract.
            sms | 5xx | * | * | transient | twilio-5xx
            # Bad credentials or a suspended account: Herald's configuration, never the message; keep it for after the fix.
            sms | 401|403|20003 | * | * | transient | twilio-account-problem
            # Any other 4xx means this exact request will never succeed.
            sms | 4xx | * | * | permanent | twilio-4xx
            sms | * | * | * | transient | twilio-unexpected-status

            # --- Webhooks (HTTP).
            # 429: the receiver asks us to slow down (and may say for how long in Retry-After).
            webhook | 429 | * | * | throttle | http-rate-limit
            # 408: the receiver timed out reading our request; it did not process it.
            webhook | 408 | * | * | transient | http-request-timeout
            # 5xx: the receiver failed; it may work later.
            webhook | 5xx | * | * | transient | http-5xx
            # 3xx: redirects are not followed (a redirect could point anywhere, even inside our network); fix the URL.
            webhook | 3xx | * | * | permanent | http-redirect-not-followed
            # Other 4xx: the endpoint rejects this payload or does not exist; resending the same bytes will not help.
            webhook | 4xx | * | * | permanent | http-4xx
            webhook | * | * | * | transient | http-unexpected-status
            """;

    private DefaultReplyRules() {
    }
}
