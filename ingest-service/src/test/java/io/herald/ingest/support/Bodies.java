package io.herald.ingest.support;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Request bodies for the HTTP tests. */
public final class Bodies {
    /** Fixed per JVM so that two bodies built with the same text are byte-identical (same fingerprint). */
    private static final String EXPIRES = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();

    private Bodies() {
    }

    /** The example, valid for a day; {@code text} varies the body. */
    public static String otp(String text) {
        String expires = EXPIRES;
        return """
                {"priority":"critical","category":"otp",
                 "recipient":{"id":"u-1","email":"a@example.com","phone":"+14155550100","webhookUrl":null,"timezone":"Europe/Paris"},
                 "channels":["email","sms"],
                 "content":{"subject":"Your code","text":"%s","html":null,"sms":"%s"},
                 "expiresAt":"%s","attributes":{}}""".formatted(text, text, expires);
    }

    public static String otp() {
        return otp("Your code is 123456");
    }

    /** A transactional receipt: the otp body on the transactional lane. */
    public static String receipt() {
        return otp("Your receipt").replace("\"priority\":\"critical\",\"category\":\"otp\"",
                "\"priority\":\"transactional\",\"category\":\"receipt\"");
    }
}
