package io.herald.devkit.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookPagesTest {
    private static final ReceivedWebhook HOSTILE = new ReceivedWebhook(1, Instant.parse("2026-11-30T09:00:00Z"), "POST",
            "/hooks/<script>", Map.of("herald-event-id", List.of("\"><img src=x onerror=alert(1)>")),
            "{\"text\":\"<script>alert('x')</script> & more\"}".getBytes(StandardCharsets.UTF_8));

    @Test
    void theListEscapesWhatTheSenderControls() {
        String html = WebhookPages.list(List.of(HOSTILE), "https://127.0.0.1:1/hooks/<name>");

        assertThat(html).doesNotContain("<script>").doesNotContain("<img").contains("/hooks/&lt;script&gt;")
                .contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;").contains("href=\"/webhooks/1\"");
    }

    @Test
    void oneRequestShowsItsHeadersAndBodyEscaped() {
        String html = WebhookPages.one(HOSTILE);

        assertThat(html).doesNotContain("<script>").doesNotContain("<img")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more").contains("herald-event-id");
    }

    @Test
    void escapesTheFiveMarkupCharacters() {
        assertThat(WebhookPages.escape("<a href=\"x\">'&'</a>")).isEqualTo("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }
}
