package io.herald.workers.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Which secrets sign a tenant's webhooks. One secret shared by every tenant would let any tenant's
 * integrator forge "signed" events to every other tenant, so each tenant has its own:
 * <ul>
 *   <li>an explicit one from {@code webhook.tenant-secrets} ({@code tenant=secret[|previous]}, comma-separated), or</li>
 *   <li>otherwise one derived from the master {@code webhook.secret}: {@code hex(HMAC-SHA256(master, "herald-webhook/" + tenant))}.
 *       A tenant's derived secret reveals nothing about another's, and {@code herald webhook secret --tenant T}
 *       prints it for the operator to hand over.</li>
 * </ul>
 * Rotation: a second secret (the explicit {@code |previous}, or one derived from {@code webhook.previous-secret})
 * also signs during the rollover, so receivers on either secret verify.
 *
 * @param master         the master secret (required: it enables the webhook channel)
 * @param previousMaster the master being rotated out, or null
 * @param explicit       tenant id → its secrets, current first
 */
public record TenantSecrets(String master, String previousMaster, Map<String, List<String>> explicit) {
    private static final String DERIVATION_LABEL = "herald-webhook/";

    public TenantSecrets {
        if (master == null || master.length() < 16) throw new IllegalArgumentException("webhook.secret must have >= 16 characters");
        if (previousMaster != null && previousMaster.isBlank()) previousMaster = null;
        if (previousMaster != null && previousMaster.length() < 16) {
            throw new IllegalArgumentException("webhook.previous-secret must have >= 16 characters");
        }
        explicit = Map.copyOf(explicit);
    }

    /** The secrets signing {@code tenant}'s webhooks, the current one first (one or two). */
    public List<String> forTenant(String tenant) {
        List<String> own = explicit.get(tenant);
        if (own != null) return own;
        List<String> derived = new ArrayList<>(2);
        derived.add(derive(master, tenant));
        if (previousMaster != null) derived.add(derive(previousMaster, tenant));
        return List.copyOf(derived);
    }

    /** The secret {@code master} derives for {@code tenant}. */
    public static String derive(String master, String tenant) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((DERIVATION_LABEL + tenant).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * Parses {@code acme=s3cret-of-16-chars|old-secret-of-16,globex=…}. Errors name the tenant, never the secret.
     */
    public static Map<String, List<String>> parse(String spec) {
        Map<String, List<String>> secrets = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) return secrets;
        for (String entry : spec.split(",")) {
            if (entry.isBlank()) continue;
            int eq = entry.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("each entry must be tenant=secret[|previous-secret]");
            String tenant = entry.substring(0, eq).trim();
            List<String> values = new ArrayList<>();
            for (String s : entry.substring(eq + 1).split("\\|", -1)) values.add(s.trim());
            if (values.size() > 2) throw new IllegalArgumentException("tenant " + tenant + ": at most a secret and a previous secret");
            for (String s : values) {
                if (s.length() < 16) throw new IllegalArgumentException("tenant " + tenant + ": each secret must have >= 16 characters");
            }
            if (secrets.put(tenant, List.copyOf(values)) != null) throw new IllegalArgumentException("tenant " + tenant + " is listed twice");
        }
        return secrets;
    }

    @Override
    public String toString() {
        return "TenantSecrets[master=****" + (previousMaster == null ? "" : " previous=****") + " explicit tenants=" + explicit.keySet() + "]";
    }
}
