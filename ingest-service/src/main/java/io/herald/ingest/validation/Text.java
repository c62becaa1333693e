package io.herald.ingest.validation;

import java.util.regex.Pattern;

/** Pure text rules shared by the validators. Each returns a reason, or null when the text is fine. */
public final class Text {
    /** ITU-T E.164: a plus, a non-zero country digit, at most 15 digits in all. */
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
    /** Deliberately pragmatic: one @, a dotted domain of LDH labels, no spaces or quotes. */
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@+-]{0,127}");
    private static final Pattern LOCALE = Pattern.compile("[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8}){0,4}");

    private Text() {
    }

    /** How a string may use control characters. */
    public enum Lines {
        /** Headers, ids, subjects: no control character at all (CR/LF would allow header injection). */
        SINGLE,
        /** Bodies: tab, CR and LF allowed, other control characters not. */
        MULTI
    }

    /** Rejects control characters and lone UTF-16 surrogates (a JSON {@code \ud800} escape). */
    public static String characters(String s, Lines lines) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "contains an unpaired surrogate";
            }
            if (Character.isLowSurrogate(c)) return "contains an unpaired surrogate";
            if (c == '\r' || c == '\n') {
                if (lines == Lines.SINGLE) return "must be a single line (CR/LF not allowed)";
                continue;
            }
            if (c == '\t' && lines == Lines.MULTI) continue;
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') return "contains a control character";
        }
        return null;
    }

    public static String e164(String phone) {
        return E164.matcher(phone).matches() ? null : "must be an E.164 number such as +14155550100";
    }

    public static String email(String email) {
        return email.length() <= 254 && EMAIL.matcher(email).matches() ? null : "must be an email address";
    }

    public static String slug(String s) {
        return SLUG.matcher(s).matches() ? null : "must match [a-z0-9][a-z0-9._-]{0,63}";
    }

    public static String id(String s) {
        return ID.matcher(s).matches() ? null : "must match [A-Za-z0-9][A-Za-z0-9._:@+-]{0,127}";
    }

    public static String locale(String s) {
        return LOCALE.matcher(s).matches() ? null : "must be a BCP 47 language tag such as fr-FR";
    }

    public static String timezone(String zone) {
        if (zone.length() > 64) return "must be an IANA time zone id";
        try {
            java.time.ZoneId.of(zone);
            return null;
        } catch (java.time.DateTimeException e) {
            return "must be an IANA time zone id such as Europe/Paris";
        }
    }

    private static final java.util.regex.Pattern IPV4_LITERAL = java.util.regex.Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /**
     * A host written as an IP address in a range no webhook may reach ({@code http://169.254.169.254/...}) is refused
     * now, naming the field, instead of being accepted and failing at every attempt later. Host names are resolved
     * and checked by the workers before each send (DNS may change), with the same ranges.
     */
    private static String refusedLiteral(String host) {
        boolean v6 = host.startsWith("[") && host.endsWith("]");
        if (!v6 && !IPV4_LITERAL.matcher(host).matches()) return null;
        try {
            // A literal: no lookup happens.
            java.net.InetAddress address = java.net.InetAddress.getByName(v6 ? host.substring(1, host.length() - 1) : host);
            return io.herald.policy.net.RefusedAddresses.refusal(address)
                    .map(code -> "must not point at a " + code.substring("ssrf:".length()) + " address")
                    .orElse(null);
        } catch (java.net.UnknownHostException e) {
            return "must be an absolute http(s) URL with a valid host";
        }
    }

    public static String webhookUrl(String url) {
        try {
            java.net.URI uri = new java.net.URI(url);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equals("https") || scheme.equals("http"))) return "must be an http(s) URL";
            if (uri.getHost() == null || uri.getHost().isEmpty()) return "must be an absolute URL with a host";
            if (uri.getUserInfo() != null) return "must not carry credentials";
            return refusedLiteral(uri.getHost());
        } catch (java.net.URISyntaxException e) {
            return "must be an absolute http(s) URL";
        }
    }
}
