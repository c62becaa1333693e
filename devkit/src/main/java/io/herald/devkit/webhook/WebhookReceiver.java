package io.herald.devkit.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.herald.devkit.smtp.ServerCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local webhook endpoint for the local stack and tests: HTTPS on loopback with a devkit certificate
 * ({@link ServerCertificate}, valid for {@code 127.0.0.1} and {@code localhost}), answering {@code 200} to every POST
 * under {@code /hooks/} and capturing it; a plain-HTTP viewer on loopback lists what arrived
 * ({@code /webhooks}) and shows one request ({@code /webhooks/<n>}), HTML-escaped.
 *
 * <p>Workers reach it only when it is allow-listed past their SSRF guard (loopback) and its certificate is trusted
 * ({@link #certificatePem()}); the local stack does both for its own workers.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** Larger bodies are refused (413): a webhook is a small JSON document. */
    static final int MAX_BODY_BYTES = 1 << 20;

    private final int port;
    private final int viewerPort;
    private final Clock clock;
    private final List<ReceivedWebhook> received = new CopyOnWriteArrayList<>();
    private ServerCertificate certificate;
    private HttpsServer https;
    private HttpServer viewer;
    private ExecutorService executor;

    private WebhookReceiver(int port, int viewerPort, Clock clock) {
        this.port = port;
        this.viewerPort = viewerPort;
        this.clock = clock;
    }

    /** A receiver on free loopback ports. */
    public static WebhookReceiver onFreePorts() {
        return new WebhookReceiver(0, 0, Clock.systemUTC());
    }

    /** A receiver on {@code port} (HTTPS) and {@code viewerPort} (HTTP); 0 picks a free port. */
    public static WebhookReceiver on(int port, int viewerPort) {
        return new WebhookReceiver(port, viewerPort, Clock.systemUTC());
    }

    public synchronized WebhookReceiver start() {
        if (https != null) return this;
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try {
            certificate = ServerCertificate.selfSigned(List.of("127.0.0.1", "localhost"));
            executor = Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "herald-webhook-receiver");
                t.setDaemon(true);
                return t;
            });
            https = HttpsServer.create(new InetSocketAddress(loopback, port), 0);
            https.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
            https.createContext("/hooks/", this::receive);
            https.setExecutor(executor);
            https.start();
            viewer = HttpServer.create(new InetSocketAddress(loopback, viewerPort), 0);
            viewer.createContext("/webhooks", this::view);
            viewer.setExecutor(executor);
            viewer.start();
            return this;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot start the webhook receiver", e);
        }
    }

    /**
     * Where to point a webhook, e.g. {@code https://localhost:41234/hooks/demo} for {@code name} "demo". A host name,
     * not the loopback literal: ingest refuses IP literals in refused ranges at intake, while a name is checked by the
     * workers against their allow-list (the local stack allow-lists {@code localhost}).
     */
    public String hookUrl(String name) {
        return "https://localhost:" + https.getAddress().getPort() + "/hooks/" + name;
    }

    /** The viewer's list page, e.g. {@code http://127.0.0.1:41235/webhooks}. */
    public String viewerUrl() {
        return "http://127.0.0.1:" + viewer.getAddress().getPort() + "/webhooks";
    }

    /** The certificate the receiver presents, as a PEM file a client may trust. */
    public Path certificatePem() {
        return certificate.pemFile();
    }

    /** What arrived so far, in arrival order. */
    public List<ReceivedWebhook> received() {
        return List.copyOf(received);
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                respond(exchange, 405, "text/plain", "POST only");
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY_BYTES + 1);
            }
            if (body.length > MAX_BODY_BYTES) {
                respond(exchange, 413, "text/plain", "body too large");
                return;
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(values)));
            synchronized (received) {
                received.add(new ReceivedWebhook(received.size() + 1, clock.instant(), "POST",
                        exchange.getRequestURI().getRawPath(), headers, body));
            }
            respond(exchange, 200, "application/json", "{\"received\":true}");
        }
    }

    private void view(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/webhooks") || path.equals("/webhooks/")) {
                respond(exchange, 200, "text/html; charset=utf-8", WebhookPages.list(received(), hookUrl("<name>")));
                return;
            }
            String number = path.substring("/webhooks/".length());
            List<ReceivedWebhook> all = received();
            int n;
            try {
                n = Integer.parseInt(number);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > all.size()) {
                respond(exchange, 404, "text/html; charset=utf-8", WebhookPages.notFound("no webhook #" + number));
                return;
            }
            respond(exchange, 200, "text/html; charset=utf-8", WebhookPages.one(all.get(n - 1)));
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public synchronized void close() {
        if (https != null) https.stop(0);
        if (viewer != null) viewer.stop(0);
        if (executor != null) executor.shutdownNow();
        https = null;
        viewer = null;
    }
}
