package io.herald.policy.reply;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A code pattern of a reply rule: alternatives separated by {@code |}, each a literal where {@code x} stands for
 * one digit. Reply codes look like {@code 451}, {@code 4xx}, {@code 421|432}, {@code 20429}; enhanced codes like
 * {@code 4.3.2} or {@code 4.7.5xx}. {@code *} matches anything, including no code at all.
 *
 * @param source the pattern as written
 */
public record CodePattern(String source, Pattern regex) {
    /** Matches every code, and the absence of one. */
    public static final CodePattern ANY = new CodePattern("*", null);
    private static final Pattern REPLY_CODE = Pattern.compile("[0-9x]{3,6}(\\|[0-9x]{3,6})*");
    private static final Pattern ENHANCED_CODE = Pattern.compile("[245x]\\.[0-9x]{1,3}\\.[0-9x]{1,3}(\\|[245x]\\.[0-9x]{1,3}\\.[0-9x]{1,3})*");

    /** A reply-code pattern ({@code 451}, {@code 4xx}, {@code 421|432}, {@code 20429}); blank or {@code *} is {@link #ANY}. */
    public static CodePattern replyCode(String source) {
        return parse(source, REPLY_CODE, "digits with x as a wildcard, alternatives separated by | (e.g. 451, 4xx, 421|432)");
    }

    /** An enhanced-code pattern ({@code 4.3.2}, {@code 4.7.5xx}); blank, {@code -} or {@code *} is {@link #ANY}. */
    public static CodePattern enhancedCode(String source) {
        return parse(source, ENHANCED_CODE, "class.subject.detail with x as a digit wildcard (e.g. 4.3.2, 4.7.5xx)");
    }

    private static CodePattern parse(String source, Pattern shape, String expected) {
        String s = source == null ? "" : source.strip().toLowerCase(Locale.ROOT);
        if (s.isEmpty() || s.equals("*") || s.equals("-")) return ANY;
        if (!shape.matcher(s).matches()) throw new IllegalArgumentException("'" + source.strip() + "' is not " + expected);
        return new CodePattern(s, Pattern.compile(s.replace(".", "\\.").replace("x", "\\d")));
    }

    /** True when {@code code} (null: the reply had none) fits the pattern. */
    public boolean matches(String code) {
        if (regex == null) return true;
        return code != null && regex.matcher(code).matches();
    }

    public boolean isAny() {
        return regex == null;
    }

    @Override
    public String toString() {
        return source;
    }
}
