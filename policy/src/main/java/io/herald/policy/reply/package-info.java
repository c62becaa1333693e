/**
 * Reply rules as data: an ordered table of {@link io.herald.policy.reply.ReplyRule}s (channel, code, enhanced code,
 * text pattern → throttle | outage | transient | permanent) that says what a provider's reply means. First match
 * wins; operators' rules from configuration come before the shipped defaults. Pure, no I/O. See
 * {@code docs/reply-rules.md}.
 */
package io.herald.policy.reply;
