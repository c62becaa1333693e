package io.herald.workers.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook bodies: {@code Herald-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}. The
 * timestamp is inside the MAC so receivers can refuse replays older than a few minutes.
 */
public final class WebhookSigner {
    public static final String HEADER = "Herald-Signature";
    private final byte[] secret;

    public WebhookSigner(String secret) {
        if (secret == null || secret.length() < 16) throw new IllegalArgumentException("HERALD_WEBHOOK_SECRET must have >= 16 characters");
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The header value for {@code body} sent at {@code at}. */
    public String sign(byte[] body, Instant at) {
        long t = at.getEpochSecond();
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac(t, body));
    }

    /** Receiver-side check, used by tests and documented for integrators. */
    public boolean verify(String header, byte[] body, Instant now, long toleranceSeconds) {
        long t = -1;
        String v1 = null;
        for (String part : header.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) continue;
            if (kv[0].equals("t")) t = Long.parseLong(kv[1]);
            if (kv[0].equals("v1")) v1 = kv[1];
        }
        if (t < 0 || v1 == null || Math.abs(now.getEpochSecond() - t) > toleranceSeconds) return false;
        return MessageDigest.isEqual(HexFormat.of().formatHex(mac(t, body)).getBytes(StandardCharsets.US_ASCII),
                v1.getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] mac(long t, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
