package io.herald.devkit.webhook;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The receiver's viewer pages: the list of captured requests and one request with its headers and body. Pure;
 * everything a sender controls (path, headers, body) is HTML-escaped, so a payload cannot script the page.
 */
final class WebhookPages {
    private WebhookPages() {
    }

    static String list(List<ReceivedWebhook> received, String receiveUrl) {
        StringBuilder html = page("Webhooks received");
        html.append("<p>POST to <code>").append(escape(receiveUrl)).append("</code>; ").append(received.size())
                .append(" request(s) captured, newest first.</p>\n");
        html.append("<table><tr><th>#</th><th>received</th><th>path</th><th>event</th><th>bytes</th></tr>\n");
        for (int i = received.size() - 1; i >= 0; i--) {
            ReceivedWebhook r = received.get(i);
            html.append("<tr><td><a href=\"/webhooks/").append(r.number()).append("\">").append(r.number()).append("</a></td><td>")
                    .append(escape(r.receivedAt().toString())).append("</td><td>").append(escape(r.method() + " " + r.path()))
                    .append("</td><td>").append(escape(r.header("Herald-Event-Id").orElse(""))).append("</td><td>")
                    .append(r.body().length).append("</td></tr>\n");
        }
        return html.append("</table>\n</body></html>\n").toString();
    }

    static String one(ReceivedWebhook r) {
        StringBuilder html = page("Webhook #" + r.number());
        html.append("<p><a href=\"/webhooks\">all requests</a></p>\n");
        html.append("<p>").append(escape(r.method() + " " + r.path())).append(" at ").append(escape(r.receivedAt().toString()))
                .append("</p>\n<table>\n");
        for (Map.Entry<String, List<String>> h : new TreeMap<>(r.headers()).entrySet()) {
            for (String value : h.getValue()) {
                html.append("<tr><th>").append(escape(h.getKey())).append("</th><td>").append(escape(value)).append("</td></tr>\n");
            }
        }
        html.append("</table>\n<pre>").append(escape(r.bodyText())).append("</pre>\n");
        return html.append("</body></html>\n").toString();
    }

    static String notFound(String what) {
        return page("Not found").append("<p>").append(escape(what)).append("</p></body></html>\n").toString();
    }

    private static StringBuilder page(String title) {
        return new StringBuilder("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title><style>body{font-family:sans-serif}td,th{padding:2px 8px;text-align:left;vertical-align:top}"
                        + "pre{background:#f4f4f4;padding:8px;white-space:pre-wrap}</style></head><body>\n<h1>")
                .append(escape(title)).append("</h1>\n");
    }

    /** Escapes the five characters that are markup in HTML text and attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
