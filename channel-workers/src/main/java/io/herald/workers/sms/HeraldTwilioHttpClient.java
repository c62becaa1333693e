package io.herald.workers.sms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.twilio.exception.ApiException;
import com.twilio.http.HttpMethod;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.entity.UrlEncodedFormEntity;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.NameValuePair;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicNameValuePair;
import org.apache.hc.core5.util.Timeout;

/**
 * The Twilio SDK's HTTP client, adjusted for a worker that owns its retry policy:
 * <ul>
 *   <li>no SDK retries ({@link #shouldRetry} is always false) and no Apache retries ({@code disableAutomaticRetries});</li>
 *   <li>connect and read timeouts on the connection manager's socket/connection config, because the SDK
 *       replaces any request config with its own defaults (30 s);</li>
 *   <li>an optional base URL replacing {@code https://api.twilio.com} (regional edge or a local stub);</li>
 *   <li>non-2xx replies without Twilio's JSON error body are given one carrying their HTTP status
 *       ({@link #errorBody}), so they are classified by status, not as an ambiguous hand-over.</li>
 * </ul>
 */
final class HeraldTwilioHttpClient extends NetworkHttpClient {
    private static final String TWILIO_API = "https://api.twilio.com";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI baseUrl;
    private final RequestConfig requestConfig;

    HeraldTwilioHttpClient(URI baseUrl, Duration connectTimeout, Duration readTimeout, int maxConnections) {
        super(builder(connectTimeout, readTimeout, maxConnections));
        this.baseUrl = baseUrl;
        this.requestConfig = RequestConfig.custom().setResponseTimeout(Timeout.of(readTimeout)).build();
    }

    private static HttpClientBuilder builder(Duration connectTimeout, Duration readTimeout, int maxConnections) {
        return HttpClientBuilder.create()
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(Timeout.of(readTimeout)).setSoKeepAlive(true).build())
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.of(connectTimeout))
                                .setSocketTimeout(Timeout.of(readTimeout)).build())
                        .setMaxConnTotal(maxConnections)
                        .setMaxConnPerRoute(maxConnections)
                        .build());
    }

    /** The worker decides about retries; the SDK must not resend a message on its own. */
    @Override
    protected boolean shouldRetry(Response response, int[] retryCodes) {
        return false;
    }

    @Override
    public Response makeRequest(Request request) {
        String url = rewrite(request.constructURL().toString());
        HttpUriRequestBase http = request.getMethod() == HttpMethod.POST ? new HttpPost(url) : new HttpGet(url);
        http.setConfig(requestConfig);
        if (request.requiresAuthentication()) http.addHeader(HttpHeaders.AUTHORIZATION, request.getAuthString());
        for (Map.Entry<String, List<String>> header : request.getHeaderParams().entrySet()) {
            for (String value : header.getValue()) http.addHeader(header.getKey(), value);
        }
        http.addHeader(HttpHeaders.ACCEPT, "application/json");
        if (request.getMethod() == HttpMethod.POST) {
            List<NameValuePair> form = new ArrayList<>();
            for (Map.Entry<String, List<String>> p : request.getPostParams().entrySet()) {
                for (String value : p.getValue()) form.add(new BasicNameValuePair(p.getKey(), value));
            }
            http.setEntity(new UrlEncodedFormEntity(form, StandardCharsets.UTF_8));
        }
        try {
            return client.execute(http, response -> {
                byte[] body = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
                return new Response(new ByteArrayInputStream(errorBody(response.getCode(), body)), response.getCode(),
                        response.getHeaders());
            });
        } catch (IOException e) {
            // The SDK's own convention: network failures surface as ApiException with the IOException as cause.
            throw new ApiException(e.getMessage(), e);
        }
    }

    /**
     * The body the SDK gets to read. A non-2xx reply without Twilio's JSON error (a proxy's HTML page, an empty
     * 504, a plain-text 429) would otherwise surface as an {@code ApiException} without a status whose cause is
     * the JSON parser's IOException: classified as a timeout after hand-over (UNCERTAIN), never retried, never
     * failed over. Twilio's error format with the HTTP status puts the decision back on the status.
     */
    static byte[] errorBody(int status, byte[] body) {
        if (status >= 200 && status < 300) return body;
        if (isTwilioError(body)) return body;
        ObjectNode error = JSON.createObjectNode();
        error.putNull("code");
        error.put("message", "HTTP " + status + " without a Twilio error body");
        error.putNull("more_info");
        error.put("status", status);
        return error.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean isTwilioError(byte[] body) {
        if (body.length == 0) return false;
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() && node.path("status").canConvertToInt();
        } catch (IOException notJson) {
            return false;
        }
    }

    void close() {
        client.close(org.apache.hc.core5.io.CloseMode.GRACEFUL);
    }

    String rewrite(String url) {
        if (baseUrl == null || !url.startsWith(TWILIO_API)) return url;
        String base = baseUrl.toString().endsWith("/") ? baseUrl.toString().substring(0, baseUrl.toString().length() - 1) : baseUrl.toString();
        return base + url.substring(TWILIO_API.length());
    }
}
