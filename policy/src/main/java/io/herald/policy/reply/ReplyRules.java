package io.herald.policy.reply;

import io.herald.contracts.Channel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An ordered table of reply rules: the first rule that matches a reply decides. Operators' rules come before the
 * shipped {@linkplain #defaults() defaults}, so a rule from configuration overrides a default for the replies it
 * matches. Immutable and pure.
 */
public final class ReplyRules {
    /** Separates fields: a {@code |} with whitespace (or the end) on both sides, so {@code 421|432} and regex alternations stay whole. */
    private static final Pattern FIELD_SEPARATOR = Pattern.compile("(?:(?<=\\s)|^)\\|(?:(?=\\s)|$)");
    /** Separates rules on one line: a {@code ;} not escaped as {@code \;} (which a regex reads as a plain ';'). */
    private static final Pattern RULE_SEPARATOR = Pattern.compile("(?<!\\\\);");
    private static final String GRAMMAR = "channel | code | enhanced | text | verdict | name";
    private static final Map<Channel, ReplyRule> UNMATCHED = new EnumMap<>(Channel.class);

    static {
        for (Channel c : Channel.values()) UNMATCHED.put(c, ReplyRule.of(c, "*", "*", "*", Verdict.TRANSIENT, "no-rule-matched"));
    }

    private static final ReplyRules DEFAULTS = new ReplyRules(parse("default reply rules", DefaultReplyRules.TEXT));

    private final List<ReplyRule> rules;

    private ReplyRules(List<ReplyRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Herald's shipped table: Exchange Online, Gmail, Twilio and HTTP rules, then generic SMTP rules. See {@code docs/reply-rules.md}. */
    public static ReplyRules defaults() {
        return DEFAULTS;
    }

    /** Exactly these rules, in this order (tests, or an operator who wants no defaults). */
    public static ReplyRules of(List<ReplyRule> rules) {
        return new ReplyRules(rules);
    }

    /** This table with {@code operatorRules} evaluated first. */
    public ReplyRules withOperatorRules(List<ReplyRule> operatorRules) {
        List<ReplyRule> all = new ArrayList<>(operatorRules);
        all.addAll(rules);
        return new ReplyRules(all);
    }

    /**
     * The rule that decides {@code reply}: the first that matches. A table without a catch-all for the reply's channel
     * yields a TRANSIENT {@code no-rule-matched} rule rather than nothing (the defaults end with catch-alls).
     */
    public ReplyRule match(Reply reply) {
        for (ReplyRule rule : rules) if (rule.matches(reply)) return rule;
        return UNMATCHED.get(reply.channel());
    }

    public List<ReplyRule> rules() {
        return rules;
    }

    /**
     * Parses rules written one per line ({@code #} starts a comment line) or separated by {@code ;} (write {@code \;}
     * for a semicolon inside a regex), each as six fields separated by {@code " | "}:
     * <pre>{@code channel | code | enhanced | text | verdict | name}</pre>
     * e.g. {@code email | 451 | 4.3.2 | temporary server error | outage | my-rule-name}. {@code channel} is email, sms
     * or webhook; {@code code} like {@code 451}, {@code 4xx}, {@code 421|432}; {@code enhanced} like {@code 4.3.2},
     * {@code 4.7.5xx} or {@code *}; {@code text} a case-insensitive regex or {@code *}; {@code verdict} throttle,
     * outage, transient or permanent; {@code name} the reason outcomes will carry.
     *
     * @param source where the text came from (a config key or file), named in errors
     * @throws IllegalArgumentException naming the source, the line (and rule) and the field that is wrong
     */
    public static List<ReplyRule> parse(String source, String text) {
        List<ReplyRule> parsed = new ArrayList<>();
        if (text == null) return parsed;
        String[] lines = text.split("\\r?\\n", -1);
        for (int l = 0; l < lines.length; l++) {
            String line = lines[l].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] entries = RULE_SEPARATOR.split(line, -1);
            for (int r = 0; r < entries.length; r++) {
                String entry = entries[r].strip();
                if (entry.isEmpty()) continue;
                String where = source + " line " + (l + 1) + (entries.length > 1 ? ", rule " + (r + 1) : "");
                try {
                    parsed.add(rule(entry));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ": " + e.getMessage() + " in '" + entry + "'", e);
                }
            }
        }
        return parsed;
    }

    private static ReplyRule rule(String entry) {
        String[] f = FIELD_SEPARATOR.split(entry, -1);
        if (f.length != 6) {
            throw new IllegalArgumentException("expected 6 fields '" + GRAMMAR + "' separated by ' | ', found " + f.length
                    + " (a '|' inside a pattern must not have spaces on both sides)");
        }
        return ReplyRule.of(channel(f[0].strip()), f[1], f[2], f[3], verdict(f[4].strip()), name(f[5].strip()));
    }

    private static Channel channel(String s) {
        return Arrays.stream(Channel.values()).filter(c -> c.name().equalsIgnoreCase(s)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("field 'channel': '" + s + "' is not one of " + names(Channel.values())));
    }

    private static Verdict verdict(String s) {
        return Arrays.stream(Verdict.values()).filter(v -> v.name().equalsIgnoreCase(s)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("field 'verdict': '" + s + "' is not one of " + names(Verdict.values())));
    }

    private static String name(String s) {
        if (s.isEmpty()) throw new IllegalArgumentException("field 'name': required (it becomes the outcome's reason)");
        return s;
    }

    private static String names(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return rules.stream().map(ReplyRule::toString).collect(Collectors.joining("\n"));
    }
}
