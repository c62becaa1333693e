package io.herald.devkit.twilio;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * The Twilio SDK's HTTP client, sending every request to the {@link TwilioStub} instead of
 * {@code https://api.twilio.com}, with both of the SDK's retry layers switched off so a test sees exactly
 * the requests the code under test made.
 *
 * <p>Test code only: the production SMS channel owns its client (and its base-URL setting).
 */
final class StubRoutingHttpClient extends NetworkHttpClient {
  private final String baseUrl;

  StubRoutingHttpClient(String baseUrl, Duration readTimeout) {
    super(HttpClientBuilder.create()
        // Apache's own strategy would retry 429 and 503 once behind the SDK's back.
        .disableAutomaticRetries()
        // The SDK overwrites every request's RequestConfig, so the read timeout must live on the socket.
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(Timeout.of(readTimeout)).build())
            .build()));
    this.baseUrl = baseUrl;
  }

  @Override
  public Response makeRequest(Request request) {
    return super.makeRequest(routed(request));
  }

  @Override
  protected boolean shouldRetry(Response response, int[] retryCodes) {
    // The SDK retries 5xx three times by default; the caller owns the retry policy.
    return false;
  }

  private Request routed(Request original) {
    URL twilioUrl = original.constructURL();
    URL target = toUrl(baseUrl + twilioUrl.getFile());
    // Request.constructURL rewrites hosts that look like "product.region.twilio.com"; return the stub's
    // URL as is instead.
    Request copy = new Request(original.getMethod(), target.toString()) {
      @Override
      public URL constructURL() {
        return target;
      }
    };
    if (original.getUsername() != null) {
      copy.setAuth(original.getUsername(), original.getPassword());
    } else if (original.getAuthStrategy() != null) {
      copy.setAuth(original.getAuthStrategy());
    }
    copy.setContentType(original.getContentType());
    copy.setBody(original.getBody());
    copy.setFormParameters(original.getFormParameters());
    copy.setUserAgentExtensions(original.getUserAgentExtensions());
    original.getPostParams().forEach((name, values) -> values.forEach(value -> copy.addPostParam(name, value)));
    original.getHeaderParams().forEach((name, values) -> values.forEach(value -> copy.addHeaderParam(name, value)));
    return copy;
  }

  private static URL toUrl(String url) {
    try {
      return URI.create(url).toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("not a URL: " + url, e);
    }
  }
}
