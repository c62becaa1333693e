package io.herald.compose.sinks;

import io.herald.devkit.smtp.ReceivedMail;
import io.herald.devkit.smtp.ScriptedSmtpServer;
import io.herald.devkit.twilio.RecordedSms;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the sink console shows of the local sinks: rows as maps (rendered as JSON or as an HTML table) and
 * the HTML around them. Everything that came from a client is escaped before it reaches a page.
 */
final class SinkViews {
    private SinkViews() {
    }

    /** Every retained mail of every sink, oldest first per sink; ids are {@code <provider>-<n>}. */
    static List<Map<String, Object>> mails(Map<String, ScriptedSmtpServer> sinks) {
        List<Map<String, Object>> rows = new ArrayList<>();
        sinks.forEach((provider, server) -> {
            List<ReceivedMail> received = server.received();
            for (int i = 0; i < received.size(); i++) rows.add(mailRow(provider + "-" + (i + 1), provider, received.get(i)));
        });
        // By instant, not by text: ISO strings with and without fractions of a second do not sort as times.
        rows.sort(java.util.Comparator.comparing(row -> java.time.Instant.parse((String) row.get("receivedAt"))));
        return rows;
    }

    /** One mail with its header block and body, by console id. */
    static Optional<Map<String, Object>> mail(Map<String, ScriptedSmtpServer> sinks, String id) {
        int dash = id.lastIndexOf('-');
        if (dash < 1) return Optional.empty();
        ScriptedSmtpServer server = sinks.get(id.substring(0, dash));
        int n;
        try {
            n = Integer.parseInt(id.substring(dash + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (server == null) return Optional.empty();
        List<ReceivedMail> received = server.received();
        if (n < 1 || n > received.size()) return Optional.empty();
        ReceivedMail mail = received.get(n - 1);
        Map<String, Object> row = mailRow(id, id.substring(0, dash), mail);
        String raw = new String(mail.mime(), StandardCharsets.UTF_8);
        int split = raw.indexOf("\r\n\r\n");
        int sep = 4;
        if (split < 0) {
            split = raw.indexOf("\n\n");
            sep = 2;
        }
        row.put("headers", split < 0 ? raw : raw.substring(0, split));
        row.put("body", split < 0 ? "" : raw.substring(split + sep));
        return Optional.of(row);
    }

    private static Map<String, Object> mailRow(String id, String provider, ReceivedMail mail) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("receivedAt", mail.receivedAt().toString());
        row.put("provider", provider);
        row.put("messageId", mail.messageId().orElse(""));
        row.put("subject", mail.subject().orElse(""));
        row.put("from", mail.envelopeFrom());
        row.put("recipients", mail.recipients());
        return row;
    }

    /** Every retained request to the SMS sink, accepted or refused; ids are {@code sms-<n>}. */
    static List<Map<String, Object>> sms(List<RecordedSms> received) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < received.size(); i++) rows.add(smsRow("sms-" + (i + 1), received.get(i)));
        return rows;
    }

    static Optional<Map<String, Object>> sms(List<RecordedSms> received, String id) {
        if (!id.startsWith("sms-")) return Optional.empty();
        try {
            int n = Integer.parseInt(id.substring(4));
            return n < 1 || n > received.size() ? Optional.empty() : Optional.of(smsRow(id, received.get(n - 1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Map<String, Object> smsRow(String id, RecordedSms sms) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("receivedAt", sms.receivedAt().toString());
        row.put("status", sms.status());
        row.put("errorCode", sms.errorCode());
        row.put("sid", sms.messageSid());
        row.put("to", sms.to());
        row.put("from", sms.from());
        row.put("body", sms.body());
        return row;
    }

    /** An HTML page with a title, an optional note and a table of {@code rows} over {@code columns}. */
    static String table(String title, String note, List<String> columns, List<Map<String, Object>> rows, String linkPrefix) {
        StringBuilder html = page(title).append("<p>").append(escape(note)).append("</p>\n<table>\n<tr>");
        for (String c : columns) html.append("<th>").append(escape(c)).append("</th>");
        html.append("</tr>\n");
        for (Map<String, Object> row : rows) {
            html.append("<tr>");
            for (String c : columns) {
                String cell = escape(text(row.get(c)));
                if (c.equals("id") && linkPrefix != null) {
                    cell = "<a href=\"" + escape(linkPrefix + text(row.get(c))) + "\">" + cell + "</a>";
                }
                html.append("<td>").append(cell).append("</td>");
            }
            html.append("</tr>\n");
        }
        return html.append("</table>\n</body></html>\n").toString();
    }

    /** One record as a definition list, multi-line values preformatted. */
    static String record(String title, Map<String, Object> row) {
        StringBuilder html = page(title).append("<dl>\n");
        row.forEach((k, v) -> {
            String value = text(v);
            html.append("<dt>").append(escape(k)).append("</dt><dd>");
            html.append(value.contains("\n") ? "<pre>" + escape(value) + "</pre>" : escape(value)).append("</dd>\n");
        });
        return html.append("</dl>\n</body></html>\n").toString();
    }

    private static StringBuilder page(String title) {
        return new StringBuilder("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title><style>body{font-family:sans-serif}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}"
                        + "table{border-collapse:collapse}pre{white-space:pre-wrap}</style></head><body>\n<h1>")
                .append(escape(title)).append("</h1>\n<p><a href=\"/sinks/mail\">mail</a> | <a href=\"/sinks/sms\">sms</a>"
                        + " | <a href=\"/sinks/faults\">faults</a></p>\n");
    }

    private static String text(Object value) {
        if (value == null) return "";
        if (value instanceof List<?> list) return String.join(", ", list.stream().map(String::valueOf).toList());
        return String.valueOf(value);
    }

    /** HTML-escapes text for element content and attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
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
