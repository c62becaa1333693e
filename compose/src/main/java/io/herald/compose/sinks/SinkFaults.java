package io.herald.compose.sinks;

import io.herald.devkit.script.ScriptHandle;
import io.herald.devkit.smtp.ScriptedSmtpServer;
import io.herald.devkit.twilio.TwilioStub;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The faults installed through the sink console, one entry per fault and sink: what it is, until when it
 * lasts and how often it answered. Expired faults drop out of the list (the devkit rule stops answering at
 * the end of its window by itself; this only tidies up). Thread-safe.
 */
public final class SinkFaults {
    /** Target name of the SMS sink. */
    public static final String SMS = "sms";

    private final Map<String, ScriptedSmtpServer> mail;
    private final TwilioStub sms;
    private final Clock clock;
    private final AtomicLong ids = new AtomicLong();
    private final List<Installed> installed = new CopyOnWriteArrayList<>();

    /** @param mail the local mail sinks by provider id, in the providers' order */
    public SinkFaults(Map<String, ScriptedSmtpServer> mail, TwilioStub sms, Clock clock) {
        this.mail = new LinkedHashMap<>(mail);
        this.sms = sms;
        this.clock = clock;
    }

    /** Provider ids of the mail sinks. */
    public List<String> mailProviders() {
        return List.copyOf(mail.keySet());
    }

    public Map<String, ScriptedSmtpServer> mailSinks() {
        return Map.copyOf(mail);
    }

    public TwilioStub smsSink() {
        return sms;
    }

    /** Installs {@code fault} on one mail sink, or on each for {@code all}; returns what was installed. */
    public List<Installed> addSmtp(String provider, SmtpFault fault) {
        List<Installed> added = new ArrayList<>();
        for (String id : mailTargets(provider)) {
            ScriptHandle<?> handle = mail.get(id).script(fault.toRule());
            added.add(track(id, fault.describe(), handle, clock.instant().plus(fault.duration())));
        }
        return added;
    }

    /** Installs {@code fault} on the SMS sink. */
    public Installed addSms(SmsFault fault) {
        return track(SMS, fault.describe(), sms.script(fault.toRule()), clock.instant().plus(fault.duration()));
    }

    /** Active faults of {@code target} ({@code all} mail sinks, a provider, {@code sms}, or null for every sink). */
    public List<Installed> active(String target) {
        Instant now = clock.instant();
        installed.removeIf(f -> {
            boolean over = !f.until().isAfter(now) || f.handle().isRemoved();
            if (over) f.handle().remove();
            return over;
        });
        return installed.stream().filter(f -> matches(f, target)).toList();
    }

    /** Removes the active faults of {@code target}; returns how many. */
    public int clear(String target) {
        List<Installed> gone = active(target);
        gone.forEach(f -> f.handle().remove());
        installed.removeAll(gone);
        return gone.size();
    }

    /** Removes one fault by id; false when there is none. */
    public boolean remove(String id) {
        for (Installed f : active(null)) {
            if (f.id().equals(id)) {
                f.handle().remove();
                installed.remove(f);
                return true;
            }
        }
        return false;
    }

    private boolean matches(Installed f, String target) {
        if (target == null) return true;
        if (target.equals("all")) return !f.target().equals(SMS);
        return f.target().equals(target);
    }

    private List<String> mailTargets(String provider) {
        if (provider.equals("all")) return List.copyOf(mail.keySet());
        if (!mail.containsKey(provider)) {
            throw new FaultSpecException("provider", "unknown mail sink '" + provider + "' (known: all, " + String.join(", ", mail.keySet()) + ")");
        }
        return List.of(provider);
    }

    private Installed track(String target, Map<String, Object> spec, ScriptHandle<?> handle, Instant until) {
        Installed f = new Installed("f-" + ids.incrementAndGet(), target, spec, handle, until);
        installed.add(f);
        return f;
    }

    /** One installed fault on one sink. */
    public record Installed(String id, String target, Map<String, Object> spec, ScriptHandle<?> handle, Instant until) {
        /** The JSON-friendly view: id, sink, what it does, until when and how often it answered. */
        public Map<String, Object> describe() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", id);
            out.put("sink", target);
            out.putAll(spec);
            out.put("until", until.toString());
            out.put("hits", handle.hits());
            return out;
        }
    }
}
