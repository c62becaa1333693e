package io.herald.workers.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.contracts.Channel;
import io.herald.contracts.DispatchCommand;
import io.herald.workers.channel.AttemptResult;
import io.herald.workers.channel.ChannelProvider;
import io.herald.workers.classify.Failure;
import io.herald.workers.classify.RetryAfter;
import io.herald.workers.classify.IoKind;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * POSTs a signed JSON payload to the recipient's webhook URL. Redirects are not followed; destinations
 * are checked by the {@link SsrfGuard} after DNS resolution and the connection uses the checked address
 * (Apache HttpClient's {@code DnsResolver} hook — {@code java.net.http} cannot pin an address without
 * losing TLS host-name verification). Thread-safe.
 */
public final class WebhookProvider implements ChannelProvider {
    public static final String EVENT_ID_HEADER = "Herald-Event-Id";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final WebhookConfig config;
    /** Bodies up to this many bytes are read to keep the connection; longer ones are not read at all. */
    static final long DRAINED_BODY_LIMIT = 4096;
    /** One daemon thread enforcing every request's deadline: it only cancels, never blocks. */
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "herald-webhook-deadlines");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, WebhookSigner> signers = new ConcurrentHashMap<>();
    private final Clock clock;
    private final CloseableHttpClient http;

    public WebhookProvider(WebhookConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.http = HttpClientBuilder.create()
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                // No useSystemProperties(): JVM-wide proxy properties would send webhooks through a proxy that resolves
                // and connects on its own, bypassing the SSRF guard's resolver below.
                .setProxy(null)
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(config.requestTimeout())).build())
                .setConnectionManager(tls(PoolingHttpClientConnectionManagerBuilder.create(), config)
                        .setDnsResolver(new GuardedDnsResolver(SsrfGuard.allowing(config.allowList())))
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.of(config.connectTimeout()))
                                .setSocketTimeout(Timeout.of(config.requestTimeout())).build())
                        .setMaxConnTotal(config.maxConnections())
                        .setMaxConnPerRoute(config.maxConnections())
                        .build())
                .build();
    }

    /** The JVM's CAs, plus {@code trustCaFile}'s certificates when configured; an unusable file stops start-up. */
    private static PoolingHttpClientConnectionManagerBuilder tls(PoolingHttpClientConnectionManagerBuilder builder,
                                                                 WebhookConfig config) {
        if (config.trustCaFile() == null) return builder;
        try {
            return builder.setTlsSocketStrategy(new DefaultClientTlsStrategy(WebhookTrust.withExtraAnchors(config.trustCaFile())));
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("HERALD_WEBHOOK_TRUST_CA_FILE " + config.trustCaFile() + " is not usable: " + e.getMessage(), e);
        }
    }

    @Override
    public String id() {
        return config.id();
    }

    @Override
    public Channel channel() {
        return Channel.WEBHOOK;
    }

    @Override
    public AttemptResult send(DispatchCommand command) {
        URI uri;
        try {
            uri = URI.create(command.getAddress());
        } catch (IllegalArgumentException | NullPointerException e) {
            return refused("invalid-url", "not a URI");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) return refused("invalid-url", "scheme must be http(s)");
        if (config.requireHttps() && !scheme.equals("https")) return refused("insecure-url", "https required");
        if (uri.getHost() == null || uri.getUserInfo() != null) return refused("invalid-url", "host required, no user info");
        byte[] body = payload(command);
        HttpPost post = new HttpPost(uri);
        post.setHeader(WebhookSigner.HEADER, signers.computeIfAbsent(command.getTenantId(), this::signer).sign(body, clock.instant()));
        post.setHeader(EVENT_ID_HEADER, command.getNotificationId());
        post.setHeader("User-Agent", "Herald-Webhooks/1");
        TrackedEntity entity = new TrackedEntity(body);
        post.setEntity(entity);
        // One deadline for the whole exchange (connect, send, status line, draining a short answer): a slow endpoint
        // must not pin a worker thread that every tenant's webhooks share.
        ScheduledFuture<?> deadline = DEADLINES.schedule(post::cancel, config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            ClassicHttpResponse response = http.executeOpen(null, post, null);
            int status = response.getCode();
            Header retryAfter = response.getFirstHeader("Retry-After");
            release(post, response);
            if (status >= 200 && status < 300) return new AttemptResult.Sent("http:" + status, 1);
            // A 429 or 503 may say how long to wait; the pacer holds this endpoint that long when it throttles.
            return new AttemptResult.Failed(new Failure.HttpStatus(status,
                    RetryAfter.parse(retryAfter == null ? null : retryAfter.getValue(), clock.instant())));
        } catch (GuardedDnsResolver.RefusedDestinationException e) {
            return refused(e.code(), "destination address not allowed");
        } catch (IOException e) {
            if (post.isCancelled()) return new AttemptResult.Failed(new Failure.Io(IoKind.READ_TIMEOUT, entity.written(), "deadline"));
            return new AttemptResult.Failed(describe(e));
        } finally {
            deadline.cancel(false);
        }
    }

    /**
     * Gives the connection back without reading an answer Herald does not need: a short body of known length
     * is drained (the connection stays reusable), anything else — chunked, unknown or long — drops the
     * connection, so an endpoint streaming a large or endless body costs nothing.
     */
    private static void release(HttpPost post, ClassicHttpResponse response) {
        HttpEntity answer = response.getEntity();
        long length = answer == null ? 0 : answer.getContentLength();
        try {
            if (length < 0 || length > DRAINED_BODY_LIMIT) post.cancel();
            else EntityUtils.consume(answer);
        } catch (IOException e) {
            post.cancel(); // the status is already known; a body that fails to arrive only costs the connection
        } finally {
            closeQuietly(response);
        }
    }

    private static void closeQuietly(ClassicHttpResponse response) {
        try {
            response.close();
        } catch (IOException e) {
            // The connection was dropped on purpose (or by the endpoint) after its status arrived: nothing to report.
        }
    }

    private WebhookSigner signer(String tenant) {
        return new WebhookSigner(config.secrets().forTenant(tenant));
    }

    static Failure describe(IOException e) {
        if (e instanceof ConnectTimeoutException) return new Failure.Io(IoKind.CONNECT_TIMEOUT, false, "connect-timeout");
        if (e instanceof ConnectException) return new Failure.Io(IoKind.CONNECT_REFUSED, false, "connect-refused");
        if (e instanceof UnknownHostException) return new Failure.Io(IoKind.UNKNOWN_HOST, false, "unknown-host");
        if (e instanceof SSLException) return new Failure.Io(IoKind.TLS, false, "tls");
        if (e instanceof SocketTimeoutException) return new Failure.Io(IoKind.READ_TIMEOUT, true, "read-timeout");
        return new Failure.Io(IoKind.CONNECTION_CLOSED, true, e.getClass().getSimpleName());
    }

    static byte[] payload(DispatchCommand c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("notificationId", c.getNotificationId());
        json.put("tenantId", c.getTenantId());
        json.put("category", c.getCategory());
        json.put("priority", c.getLane().name());
        json.put("createdAt", c.getCreatedAt().toString());
        json.put("subject", c.getContent().getSubject());
        json.put("text", c.getContent().getText());
        json.put("attributes", c.getAttributes());
        try {
            return JSON.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise webhook payload", e);
        }
    }

    private static AttemptResult refused(String code, String reason) {
        return new AttemptResult.Failed(new Failure.Refused(code.startsWith("ssrf:") ? code : "webhook:" + code, reason));
    }

    @Override
    public void close() {
        http.close(CloseMode.GRACEFUL);
    }

    /** The request body, remembering whether it was completely written (a deadline after that is UNCERTAIN). */
    private static final class TrackedEntity extends HttpEntityWrapper {
        private volatile boolean written;

        TrackedEntity(byte[] body) {
            super(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            super.writeTo(out);
            out.flush();
            written = true;
        }

        boolean written() {
            return written;
        }
    }
}
