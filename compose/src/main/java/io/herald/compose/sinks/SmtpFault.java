package io.herald.compose.sinks;

import io.herald.devkit.smtp.SmtpReply;
import io.herald.devkit.smtp.SmtpRule;
import io.herald.devkit.smtp.SmtpStage;
import io.herald.replay.pace.PaceParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fault for a local mail sink, as a user asks for it from outside the JVM:
 * {@code {"stage":"RCPT","reply":"451 4.3.2 Temporary server error. Please try again later","for":"2m","recipients":"*"}}.
 * Every fault expires by itself ({@code for}, default {@link #DEFAULT_FOR}), so a forgotten one never keeps
 * a local stack broken.
 *
 * @param stage      connect (greeting), MAIL, RCPT or DATA
 * @param reply      the reply; a 421 closes the connection unless {@code drop} says otherwise
 * @param duration   how long the fault lasts from installation
 * @param recipients empty for every recipient; else addresses and {@code @domain}s (RCPT and DATA only)
 * @param every      0: every attempt gets the reply; n: one attempt in n goes through, the rest get it
 */
public record SmtpFault(SmtpStage stage, SmtpReply reply, Duration duration, List<String> recipients, int every) {
    public static final Duration DEFAULT_FOR = Duration.ofMinutes(5);
    public static final Duration MAX_FOR = Duration.ofHours(24);
    private static final Pattern REPLY = Pattern.compile("\\s*([45]\\d\\d)(?:[ -](.*))?", Pattern.DOTALL);

    public SmtpFault {
        recipients = List.copyOf(recipients);
    }

    /** Reads a fault from a parsed JSON object; fails naming the first bad field. */
    public static SmtpFault parse(Map<String, ?> json) {
        FaultFields.requireKnown(json, "stage", "reply", "for", "recipients", "every", "drop");
        SmtpStage stage = stage(FaultFields.text(json, "stage", "RCPT"));
        String replyText = FaultFields.text(json, "reply", null);
        if (replyText == null || replyText.isBlank()) throw new FaultSpecException("reply", "is required, e.g. \"451 4.3.2 Temporary server error\"");
        Matcher m = REPLY.matcher(replyText);
        if (!m.matches()) throw new FaultSpecException("reply", "must start with a 4xx or 5xx SMTP code, was '" + replyText + "'");
        int code = Integer.parseInt(m.group(1));
        String text = m.group(2) == null || m.group(2).isBlank() ? "Scripted by the sink console" : m.group(2).trim();
        Object dropValue = json.get("drop");
        boolean drop = dropValue == null ? code == 421 : FaultFields.bool("drop", dropValue);
        SmtpReply reply = drop ? SmtpReply.rejectAndDrop(code, text) : SmtpReply.reject(code, text);
        List<String> recipients = recipients(json.get("recipients"));
        if (!recipients.isEmpty() && stage != SmtpStage.RCPT_TO && stage != SmtpStage.DATA) {
            throw new FaultSpecException("recipients", "can only narrow a RCPT or DATA fault, not " + stage);
        }
        return new SmtpFault(stage, reply, FaultFields.duration(json), recipients, FaultFields.every(json));
    }

    /** The devkit rule that makes a sink behave so; each call makes a fresh rule with its own 1-in-n counter. */
    public SmtpRule toRule() {
        SmtpRule rule = SmtpRule.at(stage, reply).forNext(duration);
        List<String> addresses = recipients.stream().filter(r -> !r.startsWith("@")).toList();
        List<String> domains = recipients.stream().filter(r -> r.startsWith("@")).map(r -> r.substring(1)).toList();
        if (!addresses.isEmpty() && !domains.isEmpty()) {
            // forRecipient and forDomain together would require both: match either instead.
            rule = rule.when(a -> a.addressedRecipients().stream().map(r -> r.toLowerCase(Locale.ROOT))
                    .anyMatch(r -> addresses.contains(r) || domains.stream().anyMatch(d -> r.endsWith("@" + d))));
        } else if (!addresses.isEmpty()) {
            rule = rule.forRecipient(addresses.toArray(String[]::new));
        } else if (!domains.isEmpty()) {
            rule = rule.forDomain(domains.toArray(String[]::new));
        }
        if (every > 0) {
            AtomicLong seen = new AtomicLong();
            // Conditions run only inside the window, so the count is of attempts the fault could answer.
            rule = rule.when(a -> seen.incrementAndGet() % every != 0);
        }
        return rule;
    }

    /** The JSON-friendly view the console lists. */
    public Map<String, Object> describe() {
        return Map.of("stage", stage.name(), "reply", reply.line(), "drop", reply.dropConnection(), "for", duration.toString(),
                "recipients", recipients.isEmpty() ? "*" : String.join(",", recipients), "every", every);
    }

    static SmtpStage stage(String value) {
        return switch (value.trim().toUpperCase(Locale.ROOT).replace(' ', '_')) {
            case "CONNECT", "GREETING", "HELO", "EHLO" -> SmtpStage.CONNECT;
            case "MAIL", "MAIL_FROM" -> SmtpStage.MAIL_FROM;
            case "RCPT", "RCPT_TO" -> SmtpStage.RCPT_TO;
            case "DATA" -> SmtpStage.DATA;
            default -> throw new FaultSpecException("stage", "must be connect, MAIL, RCPT or DATA, was '" + value + "'");
        };
    }

    private static List<String> recipients(Object value) {
        List<String> items = new ArrayList<>();
        if (value == null) return items;
        if (value instanceof List<?> list) list.forEach(v -> items.add(String.valueOf(v)));
        else if (value instanceof String s) items.addAll(Arrays.asList(s.split(",")));
        else throw new FaultSpecException("recipients", "must be \"*\", a comma-separated string or an array");
        List<String> out = new ArrayList<>();
        for (String item : items) {
            String r = item.trim().toLowerCase(Locale.ROOT);
            if (r.isEmpty() || r.equals("*")) continue;
            if (!r.contains("@")) r = "@" + r;
            if (r.endsWith("@")) throw new FaultSpecException("recipients", "'" + item.trim() + "' is neither an address nor a domain");
            out.add(r);
        }
        return out;
    }

    /** Shared field readers of the fault bodies. */
    static final class FaultFields {
        private FaultFields() {
        }

        static void requireKnown(Map<String, ?> json, String... known) {
            List<String> allowed = List.of(known);
            for (String key : json.keySet()) {
                if (!allowed.contains(key)) throw new FaultSpecException(key, "is not a fault field (known: " + allowed + ")");
            }
        }

        static String text(Map<String, ?> json, String field, String fallback) {
            Object value = json.get(field);
            if (value == null) return fallback;
            if (value instanceof String || value instanceof Number) return String.valueOf(value);
            throw new FaultSpecException(field, "must be a string");
        }

        static boolean bool(String field, Object value) {
            if (value instanceof Boolean b) return b;
            if ("true".equals(value)) return true;
            if ("false".equals(value)) return false;
            throw new FaultSpecException(field, "must be true or false");
        }

        static Duration duration(Map<String, ?> json) {
            String text = text(json, "for", null);
            if (text == null) return DEFAULT_FOR;
            Duration d;
            try {
                d = PaceParser.duration("for", text);
            } catch (RuntimeException e) {
                throw new FaultSpecException("for", "'" + text + "' is not a duration (500ms, 30s, 2m, 1h)");
            }
            if (d.isZero() || d.isNegative()) throw new FaultSpecException("for", "must be positive");
            if (d.compareTo(MAX_FOR) > 0) throw new FaultSpecException("for", "must be at most " + MAX_FOR.toHours() + "h");
            return d;
        }

        static int every(Map<String, ?> json) {
            Object value = json.get("every");
            if (value == null) return 0;
            int n;
            try {
                n = value instanceof Number num ? num.intValue() : Integer.parseInt(String.valueOf(value).trim());
            } catch (NumberFormatException e) {
                throw new FaultSpecException("every", "must be a whole number (accept one attempt in n)");
            }
            if (n < 0 || n == 1) throw new FaultSpecException("every", "must be 0 (no attempt goes through) or at least 2, was " + n);
            return n;
        }
    }
}
