package io.herald.ingest.http;

import io.herald.ingest.problem.Problems;
import io.herald.ingest.tenancy.Caller;
import io.herald.ingest.tenancy.RateLimiter;
import io.herald.ingest.validation.Text;
import io.herald.runtime.auth.ApiKeys;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * The checks every API request passes, in order, each a guard clause that throws the matching
 * problem: who is calling (401), for which tenant (403), in which media type (415), how big (413),
 * with which idempotency key (400), and how fast (429).
 */
public final class Guards {
    /** Optional header naming the tenant the caller means to act for; a mismatch with the key's tenant is 403. */
    public static final String TENANT_HEADER = "X-Tenant-Id";
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    /** Oversized bodies up to this multiple of the limit are read and discarded before the 413. */
    static final int DRAIN_FACTOR = 16;

    private final ApiKeys keys;
    private final RateLimiter rate;
    private final int maxBodyBytes;

    public Guards(ApiKeys keys, RateLimiter rate, int maxBodyBytes) {
        this.keys = keys;
        this.rate = rate;
        this.maxBodyBytes = maxBodyBytes;
    }

    public Caller caller(Context ctx) {
        String key = ApiKeys.bearer(ctx.header("Authorization"));
        // One answer for missing and unknown keys would hide nothing useful; name which one it was.
        if (key == null) throw Problems.unauthorized("send Authorization: Bearer <api key>").toException();
        // Ingest is configured with tenant keys only (IngestKeys.API_KEYS): every match has a tenant.
        Caller caller = keys.authenticate(key).map(k -> new Caller(k.tenantId(), k.keyId()))
                .orElseThrow(() -> Problems.unauthorized("the API key is not known").toException());
        ctx.attribute("tenant", caller.tenantId());
        String tenant = ctx.header(TENANT_HEADER);
        if (tenant != null && !tenant.equals(caller.tenantId())) {
            throw Problems.forbidden("this API key does not belong to the tenant in " + TENANT_HEADER).toException();
        }
        return caller;
    }

    public void json(Context ctx) {
        String type = ctx.header("Content-Type");
        if (type == null) throw Problems.unsupportedMediaType("send Content-Type: application/json").toException();
        String[] parts = type.toLowerCase(Locale.ROOT).split(";");
        boolean json = parts[0].trim().equals("application/json");
        for (int i = 1; i < parts.length && json; i++) {
            String param = parts[i].trim();
            // JSON is UTF-8 (RFC 8259); any other declared charset is refused rather than guessed.
            if (param.startsWith("charset=") && !param.substring(8).replace("\"", "").equals("utf-8")) json = false;
        }
        if (!json) throw Problems.unsupportedMediaType("only application/json (UTF-8) is accepted").toException();
    }

    /**
     * The body, read up to the limit: a declared or actual size above it is 413 before anything is
     * parsed. A moderately oversized body is drained first so the client, still sending, reads the
     * 413 instead of a reset connection; beyond {@value #DRAIN_FACTOR}x the limit the connection is
     * simply dropped by the server after the answer.
     */
    public byte[] body(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        try (InputStream in = ctx.bodyInputStream()) {
            if (declared > maxBodyBytes) {
                if (declared <= (long) maxBodyBytes * DRAIN_FACTOR) drain(in, declared);
                throw Problems.tooLarge(maxBodyBytes).toException();
            }
            // With a declared length (within the limit) read exactly that: readNBytes(limit) starts with an 8 KiB
            // buffer and copies it down, a visible share of a request's garbage. Jetty ends the stream at the
            // declared length, so a longer body cannot get past it; without one (chunked) read up to the limit.
            byte[] body = in.readNBytes(declared >= 0 ? (int) declared : maxBodyBytes + 1);
            if (body.length > maxBodyBytes) {
                drain(in, (long) maxBodyBytes * DRAIN_FACTOR);
                throw Problems.tooLarge(maxBodyBytes).toException();
            }
            return body;
        } catch (IOException e) {
            throw Problems.malformed("the body could not be read").toException();
        }
    }

    private static void drain(InputStream in, long max) {
        byte[] buffer = new byte[8192];
        long left = max;
        try {
            for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0; ) left -= n;
        } catch (IOException e) {
            // The client went away; the 413 is still the answer.
        }
    }

    public String idempotencyKey(Context ctx) {
        String key = ctx.header(IDEMPOTENCY_HEADER);
        if (key == null || key.isEmpty()) throw Problems.badHeader(IDEMPOTENCY_HEADER, "is required").toException();
        return checkIdempotencyKey(key, IDEMPOTENCY_HEADER);
    }

    /** 1-255 visible ASCII characters; shared with batch items' {@code idempotencyKey}. */
    public static String checkIdempotencyKey(String key, String where) {
        if (key.length() > 255) throw Problems.badHeader(where, "must be at most 255 characters").toException();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7e) throw Problems.badHeader(where, "must be visible ASCII characters").toException();
        }
        return key;
    }

    public void rate(Caller caller, int cost) {
        long wait = rate.acquire(caller.tenantId(), cost);
        if (wait > 0) throw Problems.rateLimited(wait).toException();
    }

    /** Path ids (recipients, notifications) use the same rule as recipient ids in bodies. */
    public static String pathId(Context ctx, String name) {
        String id = ctx.pathParam(name);
        if (Text.id(id) != null) throw Problems.notFound("no such " + name).toException();
        return id;
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }
}
