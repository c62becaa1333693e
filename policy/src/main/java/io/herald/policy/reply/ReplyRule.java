package io.herald.policy.reply;

import io.herald.contracts.Channel;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One row of the reply table: on {@code channel}, a reply whose code, enhanced code and text fit the patterns
 * means {@code verdict}. The {@code name} is the reason an outcome carries, so it names the rule that decided.
 *
 * <p>For Twilio the code pattern is tried on both the HTTP status and Twilio's own error code: {@code 429} and
 * {@code 20429} are both rate limits, and three-digit patterns can never match a five-digit code.
 *
 * @param code     reply code pattern ({@code 451}, {@code 4xx}, {@code 421|432}, {@code *})
 * @param enhanced enhanced status code pattern ({@code 4.3.2}, {@code 4.7.5xx}, {@code *})
 * @param text     case-insensitive regex found anywhere in the reply text, or null for any text
 */
public record ReplyRule(Channel channel, CodePattern code, CodePattern enhanced, Pattern text, Verdict verdict, String name) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._:-]{0,79}");

    public ReplyRule {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(enhanced, "enhanced");
        Objects.requireNonNull(verdict, "verdict");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("field 'name': '" + name + "' must be 1-80 of a-z 0-9 . _ : - (it becomes the outcome's reason)");
        }
    }

    /**
     * A rule from its written fields, each validated with a message naming the field.
     *
     * @param text a regex ({@code (?i)} is implied); blank, {@code -} or {@code *} for any text
     */
    public static ReplyRule of(Channel channel, String code, String enhanced, String text, Verdict verdict, String name) {
        return new ReplyRule(channel, field("code", () -> CodePattern.replyCode(code)), field("enhanced", () -> CodePattern.enhancedCode(enhanced)),
                field("text", () -> textPattern(text)), verdict, name);
    }

    /** True when {@code reply} is what this rule describes. */
    public boolean matches(Reply reply) {
        if (reply.channel() != channel) return false;
        boolean codeFits = code.matches(Integer.toString(reply.code()))
                || (reply.errorCode() != null && code.matches(reply.errorCode().toString()));
        if (!codeFits) return false;
        if (!enhanced.matches(reply.enhanced())) return false;
        return text == null || text.matcher(reply.text()).find();
    }

    /** The rule in the line grammar of {@link ReplyRules#parse}, e.g. {@code email | 451 | 4.3.2 | temporary server error | outage | name}. */
    @Override
    public String toString() {
        return String.join(" | ", channel.name().toLowerCase(Locale.ROOT), code.source(), enhanced.source(),
                text == null ? "*" : text.pattern(), verdict.name().toLowerCase(Locale.ROOT), name);
    }

    static Pattern textPattern(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty() || t.equals("*") || t.equals("-")) return null;
        try {
            return Pattern.compile(t, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("'" + t + "' is not a valid regex: " + e.getDescription());
        }
    }

    private static <T> T field(String field, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field '" + field + "': " + e.getMessage(), e);
        }
    }
}
