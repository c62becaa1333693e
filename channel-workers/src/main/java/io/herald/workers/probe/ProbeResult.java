package io.herald.workers.probe;

/**
 * What one probe found. No PII: never the probe address, never the server's free text (it may echo the
 * address back).
 *
 * @param ok           the provider would have accepted a message
 * @param providerCode the reply that decided a failed probe ({@code smtp:451 4.3.2}, {@code io:connect-refused}); for a
 *                     successful one, the accepting reply ({@code smtp:250})
 * @param detail       short fixed reason ({@code rcpt-to-accepted}, {@code rcpt-to-refused}, {@code connect-failed}, …)
 * @param latencyMs    duration of the dialogue
 */
public record ProbeResult(boolean ok, String providerCode, String detail, long latencyMs) {
}
