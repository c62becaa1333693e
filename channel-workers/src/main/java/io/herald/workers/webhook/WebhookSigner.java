package io.herald.workers.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook bodies: {@code Herald-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}. The
 * timestamp is inside the MAC so receivers can refuse replays older than a few minutes.
 *
 * <p>During a secret rollover the signer holds two secrets and the header carries one {@code v1} per secret
 * ({@code t=…,v1=<new>,v1=<old>}): a receiver still on the old secret and one already on the new one both
 * verify, so sender and receivers need not switch at the same instant.
 */
public final class WebhookSigner {
    public static final String HEADER = "Herald-Signature";
    private static final int MIN_SECRET = 16;
    private final List<byte[]> secrets;

    /** A signer (or verifier) with one secret. */
    public WebhookSigner(String secret) {
        this(List.of(secret == null ? "" : secret));
    }

    /** Signs with every one of {@code secrets}, the current one first; verifies against any of them. */
    public WebhookSigner(List<String> secrets) {
        if (secrets.isEmpty() || secrets.size() > 2) throw new IllegalArgumentException("a webhook signer takes one or two secrets");
        List<byte[]> bytes = new ArrayList<>();
        for (String secret : secrets) {
            if (secret == null || secret.length() < MIN_SECRET) {
                throw new IllegalArgumentException("webhook.secret (and every tenant secret) must have >= " + MIN_SECRET + " characters");
            }
            bytes.add(secret.getBytes(StandardCharsets.UTF_8));
        }
        this.secrets = List.copyOf(bytes);
    }

    /** The header value for {@code body} sent at {@code at}. */
    public String sign(byte[] body, Instant at) {
        long t = at.getEpochSecond();
        StringBuilder header = new StringBuilder("t=").append(t);
        for (byte[] secret : secrets) header.append(",v1=").append(HexFormat.of().formatHex(mac(secret, t, body)));
        return header.toString();
    }

    /** Receiver-side check: a fresh timestamp and at least one {@code v1} made with one of this signer's secrets. */
    public boolean verify(String header, byte[] body, Instant now, long toleranceSeconds) {
        long t = -1;
        List<String> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) continue;
            if (kv[0].equals("t")) t = parseSeconds(kv[1]);
            if (kv[0].equals("v1")) signatures.add(kv[1]);
        }
        if (t < 0 || signatures.isEmpty() || Math.abs(now.getEpochSecond() - t) > toleranceSeconds) return false;
        boolean match = false;
        for (byte[] secret : secrets) {
            byte[] expected = HexFormat.of().formatHex(mac(secret, t, body)).getBytes(StandardCharsets.US_ASCII);
            for (String v1 : signatures) match |= MessageDigest.isEqual(expected, v1.getBytes(StandardCharsets.US_ASCII));
        }
        return match;
    }

    private static long parseSeconds(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static byte[] mac(byte[] secret, long t, byte[] body) {
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
