package io.herald.compose.sinks;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local sinks, scriptable and browsable from outside the JVM (curl, a browser, {@code herald sinks}):
 *
 * <pre>
 * POST|GET|DELETE /sinks/smtp/{provider|all}/faults   install / list / clear mail faults ({@link SmtpFault})
 * POST|GET|DELETE /sinks/sms/faults                   the same for the SMS sink ({@link SmsFault})
 * GET|DELETE      /sinks/faults                       every active fault / clear them all
 * DELETE          /sinks/faults/{id}                  remove one
 * GET             /sinks/mail, /sinks/mail/{id}       received mail (HTML, or JSON with Accept: application/json)
 * GET             /sinks/sms, /sinks/sms/{id}         requests the SMS sink received
 * GET             /sinks/smtp/{provider}/attempts     the mail sink's attempt log (stage, time, reply code)
 * </pre>
 *
 * Loopback only and without authentication: these are the user's own local sinks and test data.
 */
public final class SinkConsole implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SinkConsole.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SinkFaults faults;
    private final HttpServer server;
    private final ExecutorService executor;

    private SinkConsole(SinkFaults faults, HttpServer server, ExecutorService executor) {
        this.faults = faults;
        this.server = server;
        this.executor = executor;
    }

    /** Binds loopback {@code port} (0: a free one) and serves. */
    public static SinkConsole start(SinkFaults faults, int port) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 32);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the sink console to port " + port + " (HERALD_SINKS_PORT)", e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "sink-console");
            t.setDaemon(true);
            return t;
        });
        SinkConsole console = new SinkConsole(faults, server, executor);
        server.setExecutor(executor);
        server.createContext("/", console::handle);
        server.start();
        LOG.info("sink console at {}", console.url());
        return console;
    }

    /** e.g. {@code http://127.0.0.1:8025}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public SinkFaults faults() {
        return faults;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            List<String> path = List.of(exchange.getRequestURI().getPath().replaceAll("^/+|/+$", "").split("/+"));
            try {
                route(exchange, method, path);
            } catch (FaultSpecException e) {
                send(exchange, 400, Map.of("error", e.getMessage()));
            } catch (IOException e) {
                send(exchange, 400, Map.of("error", "body is not a JSON object: " + e.getMessage()));
            }
        }
    }

    private void route(HttpExchange ex, String method, List<String> p) throws IOException {
        int n = p.size();
        if (n >= 1 && p.get(0).isEmpty() || n == 1 && p.get(0).equals("sinks")) {
            redirect(ex, "/sinks/mail");
        } else if (n < 2 || !p.get(0).equals("sinks")) {
            notFound(ex);
        } else if (p.get(1).equals("faults") && n == 2) {
            if (method.equals("DELETE")) send(ex, 200, Map.of("cleared", faults.clear(null)));
            else view(ex, "Active faults", "Faults expire by themselves.", List.of("id", "sink", "stage", "reply", "recipients", "every", "until", "hits"),
                    described(faults.active(null)), null);
        } else if (p.get(1).equals("faults") && n == 3 && method.equals("DELETE")) {
            if (faults.remove(p.get(2))) send(ex, 200, Map.of("removed", p.get(2)));
            else notFound(ex);
        } else if (p.get(1).equals("smtp") && n == 4 && p.get(3).equals("faults")) {
            faultsOf(ex, method, p.get(2), true);
        } else if (p.get(1).equals("smtp") && n == 4 && p.get(3).equals("attempts") && faults.mailSinks().containsKey(p.get(2))) {
            List<Map<String, Object>> rows = faults.mailSinks().get(p.get(2)).attempts().stream().map(a -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("at", a.at().toString());
                row.put("stage", a.stage().name());
                row.put("recipient", a.recipient().orElse(""));
                row.put("code", a.code());
                return row;
            }).toList();
            view(ex, "Attempts at " + p.get(2), "Every protocol step and the reply it got, oldest first.",
                    List.of("at", "stage", "recipient", "code"), rows, null);
        } else if (p.get(1).equals("sms") && n == 3 && p.get(2).equals("faults")) {
            faultsOf(ex, method, SinkFaults.SMS, false);
        } else if (p.get(1).equals("mail") && n == 2) {
            view(ex, "Mail received by the local sinks", "Newest last. Open one for its headers and body.",
                    List.of("id", "receivedAt", "provider", "messageId", "subject", "recipients"), SinkViews.mails(faults.mailSinks()), "/sinks/mail/");
        } else if (p.get(1).equals("mail") && n == 3) {
            one(ex, "Mail " + p.get(2), SinkViews.mail(faults.mailSinks(), p.get(2)));
        } else if (p.get(1).equals("sms") && n == 2) {
            view(ex, "SMS received by the local sink", "Every request, including refused ones (status >= 400).",
                    List.of("id", "receivedAt", "status", "errorCode", "to", "body"), SinkViews.sms(faults.smsSink().received()), "/sinks/sms/");
        } else if (p.get(1).equals("sms") && n == 3) {
            one(ex, "SMS " + p.get(2), SinkViews.sms(faults.smsSink().received(), p.get(2)));
        } else {
            notFound(ex);
        }
    }

    private void faultsOf(HttpExchange ex, String method, String target, boolean mail) throws IOException {
        switch (method) {
            case "POST" -> {
                Map<String, Object> body = JSON.readValue(ex.getRequestBody(), new TypeReference<Map<String, Object>>() {
                });
                List<SinkFaults.Installed> added = mail ? faults.addSmtp(target, SmtpFault.parse(body))
                        : List.of(faults.addSms(SmsFault.parse(body)));
                send(ex, 201, described(added));
            }
            case "DELETE" -> send(ex, 200, Map.of("cleared", faults.clear(target)));
            case "GET" -> {
                if (mail && !target.equals("all") && !faults.mailProviders().contains(target)) {
                    throw new FaultSpecException("provider", "unknown mail sink '" + target + "'");
                }
                view(ex, "Active faults of " + target, "Faults expire by themselves.",
                        List.of("id", "sink", "stage", "reply", "recipients", "every", "until", "hits"), described(faults.active(target)), null);
            }
            default -> send(ex, 405, Map.of("error", method + " is not supported here; use GET, POST or DELETE"));
        }
    }

    private static List<Map<String, Object>> described(List<SinkFaults.Installed> installed) {
        return installed.stream().map(SinkFaults.Installed::describe).toList();
    }

    private void view(HttpExchange ex, String title, String note, List<String> columns, List<Map<String, Object>> rows,
                      String linkPrefix) throws IOException {
        if (wantsJson(ex)) send(ex, 200, rows);
        else html(ex, 200, SinkViews.table(title, note, columns, rows, linkPrefix));
    }

    private void one(HttpExchange ex, String title, Optional<Map<String, Object>> row) throws IOException {
        if (row.isEmpty()) notFound(ex);
        else if (wantsJson(ex)) send(ex, 200, row.get());
        else html(ex, 200, SinkViews.record(title, row.get()));
    }

    private static boolean wantsJson(HttpExchange ex) {
        String accept = ex.getRequestHeaders().getFirst("Accept");
        return accept != null && accept.contains("application/json");
    }

    private static void notFound(HttpExchange ex) throws IOException {
        send(ex, 404, Map.of("error", "no such sink resource: " + ex.getRequestURI().getPath()));
    }

    private static void redirect(HttpExchange ex, String to) throws IOException {
        ex.getResponseHeaders().set("Location", to);
        ex.sendResponseHeaders(302, -1);
    }

    private static void send(HttpExchange ex, int status, Object body) throws IOException {
        write(ex, status, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void html(HttpExchange ex, int status, String page) throws IOException {
        write(ex, status, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(HttpExchange ex, int status, String type, byte[] bytes) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
