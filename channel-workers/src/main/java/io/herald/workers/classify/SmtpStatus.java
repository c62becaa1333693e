package io.herald.workers.classify;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing helpers for SMTP reply texts. */
public final class SmtpStatus {
    private static final Pattern ENHANCED = Pattern.compile("(?<![\\d.])([245]\\.\\d{1,3}\\.\\d{1,3})(?![\\d.])");
    private static final Pattern LEADING_CODE = Pattern.compile("(?:^|response: |\\[)?\\b([2-5]\\d\\d)[ -]");

    private SmtpStatus() {
    }

    /** The first RFC 3463 enhanced status code in {@code text} ({@code 4.3.2}), or null. */
    public static String enhancedCode(String text) {
        if (text == null) return null;
        Matcher m = ENHANCED.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    /**
     * The reply code inside a free-text message such as Jakarta Mail's
     * {@code "Got bad greeting from SMTP host: h, port: 25, response: 421 4.7.0 Too many connections"}, or -1.
     */
    public static int replyCodeIn(String text) {
        if (text == null) return -1;
        int at = text.indexOf("response: ");
        String tail = at >= 0 ? text.substring(at + "response: ".length()) : text;
        Matcher m = LEADING_CODE.matcher(tail + " ");
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The text after "response: " in a Jakarta Mail greeting failure, or the text itself. */
    public static String replyTextIn(String text) {
        if (text == null) return "";
        int at = text.indexOf("response: ");
        return (at >= 0 ? text.substring(at + "response: ".length()) : text).strip();
    }

    /** {@code "451 4.3.2"} or {@code "550"}: the code used in outcomes. */
    public static String providerCode(int code, String text) {
        String enhanced = enhancedCode(text);
        return enhanced == null ? Integer.toString(code) : code + " " + enhanced;
    }
}
