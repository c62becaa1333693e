/**
 * A real SMTP server with scripted replies ({@link io.herald.devkit.smtp.ScriptedSmtpServer}) for
 * integration tests, drills and the local stack: reject or defer per recipient, sender, time window or
 * message, drop connections with {@code 421} or reset them mid-transaction
 * ({@link io.herald.devkit.smtp.SmtpReply#connectionReset()}), and inspect what was accepted. Optionally STARTTLS (offered or
 * required) or implicit TLS with a generated self-signed certificate, and AUTH PLAIN/LOGIN.
 */
package io.herald.devkit.smtp;
