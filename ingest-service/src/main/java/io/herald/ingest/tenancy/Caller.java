package io.herald.ingest.tenancy;

/**
 * An authenticated caller: the tenant a key belongs to and the key's public id (what audit records
 * name as the actor; never the key itself).
 */
public record Caller(String tenantId, String keyId) {
}
