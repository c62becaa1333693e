package io.herald.devkit.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request the local webhook receiver captured, as it arrived.
 *
 * @param number  1-based position in arrival order (the viewer's URL)
 * @param headers header name (lower case) → values
 */
public record ReceivedWebhook(int number, Instant receivedAt, String method, String path, Map<String, List<String>> headers,
                              byte[] body) {
    public ReceivedWebhook {
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    /** The first value of header {@code name} (any case). */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
