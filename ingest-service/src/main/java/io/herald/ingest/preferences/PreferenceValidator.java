package io.herald.ingest.preferences;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.contracts.Channel;
import io.herald.ingest.problem.Problems;
import io.herald.ingest.validation.Errors;
import io.herald.ingest.validation.Fingerprint;
import io.herald.ingest.validation.JsonBody;
import io.herald.ingest.validation.ObjectView;
import io.herald.ingest.validation.Text;
import io.herald.ingest.validation.Validation;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Validates a preferences PUT body with the same strictness as notifications. Pure. */
public final class PreferenceValidator {
    static final Set<String> TOP = Set.of("optOuts", "quietHours", "timezone", "consent");
    static final Set<String> OPT_OUT = Set.of("channel", "category");
    static final Set<String> QUIET = Set.of("start", "end", "timezone");
    static final Set<String> CONSENT = Set.of("source", "proof");
    private static final Pattern HH_MM = Pattern.compile("([01][0-9]|2[0-3]):([0-5][0-9])");

    private PreferenceValidator() {
    }

    public static Validation<PreferenceInput> validate(byte[] body) {
        JsonNode root = JsonBody.parse(body);
        Errors errors = new Errors();
        ObjectView top = ObjectView.of(root, "", errors, true, TOP);
        Set<PreferenceInput.OptOut> optOuts = optOuts(top, errors);
        PreferenceInput.QuietHours quiet = quietHours(top.object("quietHours", false, QUIET));
        String timezone = top.text("timezone", false, 64, Text::timezone);
        ObjectView consent = top.object("consent", true, CONSENT);
        String source = consent.text("source", true, 32, s -> PreferenceInput.sources().contains(s)
                ? null : "must be one of " + String.join(", ", PreferenceInput.sources()));
        String proof = consent.text("proof", false, 256, Text.Lines.SINGLE);
        if (!errors.isEmpty()) return new Validation.Invalid<>(Problems.invalid(errors.list()));
        return new Validation.Valid<>(new PreferenceInput(optOuts, quiet, timezone, source, proof), Fingerprint.of(root));
    }

    private static Set<PreferenceInput.OptOut> optOuts(ObjectView top, Errors errors) {
        List<JsonNode> items = top.array("optOuts", false, 0, 64);
        Set<PreferenceInput.OptOut> optOuts = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            ObjectView item = ObjectView.of(items.get(i), Errors.index(top.pointer("optOuts"), i), errors, true, OPT_OUT);
            Channel channel = item.symbol("channel", true, Channel.class);
            String category = item.text("category", false, 64, Text::slug);
            if (channel != null && item.present() && !optOuts.add(new PreferenceInput.OptOut(channel, category))) {
                errors.add(Errors.index(top.pointer("optOuts"), i), "is a duplicate opt-out");
            }
        }
        return optOuts;
    }

    private static PreferenceInput.QuietHours quietHours(ObjectView q) {
        Integer start = minute(q, "start");
        Integer end = minute(q, "end");
        String zone = q.text("timezone", false, 64, Text::timezone);
        if (!q.present() || start == null || end == null) return null;
        if (start.equals(end)) {
            q.errors().add(q.pointer("end"), "must differ from start");
            return null;
        }
        return new PreferenceInput.QuietHours(start, end, zone);
    }

    private static Integer minute(ObjectView q, String name) {
        String hhmm = q.text(name, true, 5, s -> HH_MM.matcher(s).matches() ? null : "must be HH:mm (00:00-23:59)");
        if (hhmm == null) return null;
        Matcher m = HH_MM.matcher(hhmm);
        if (!m.matches()) return null;
        return Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2));
    }
}
