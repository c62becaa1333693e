package io.herald.ingest.problem;

/**
 * One invalid input named in a problem document: either a JSON pointer into the request body
 * ({@code /recipient/phone}) or a header name, and a reason a client developer can act on.
 * Reasons never echo the submitted value (it may be PII or hostile).
 *
 * @param pointer RFC 6901 pointer into the body, or null when the problem is in a header
 * @param header  header name, or null when the problem is in the body
 * @param reason  what is wrong
 */
public record InvalidParam(String pointer, String header, String reason) {
    public static InvalidParam body(String pointer, String reason) {
        return new InvalidParam(pointer, null, reason);
    }

    public static InvalidParam header(String header, String reason) {
        return new InvalidParam(null, header, reason);
    }
}
