package io.herald.devkit.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookReceiverIT {
    private final WebhookReceiver receiver = WebhookReceiver.onFreePorts().start();

    @AfterEach
    void stop() {
        receiver.close();
    }

    private HttpClient trusting() throws Exception {
        java.security.cert.Certificate cert;
        try (var in = java.nio.file.Files.newInputStream(receiver.certificatePem())) {
            cert = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        var anchors = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
        anchors.load(null, null);
        anchors.setCertificateEntry("receiver", cert);
        var trust = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(anchors);
        var context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).build();
    }

    @Test
    void capturesAPostOverHttpsAndShowsItInTheViewer() throws Exception {
        HttpResponse<String> answer = trusting().send(HttpRequest.newBuilder(URI.create(receiver.hookUrl("demo")))
                .header("Herald-Event-Id", "n-1").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"<b>hi</b>\"}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(receiver.received()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/hooks/demo");
            assertThat(r.header("Herald-Event-Id")).contains("n-1");
            assertThat(r.bodyText()).isEqualTo("{\"text\":\"<b>hi</b>\"}");
        });
        HttpClient plain = HttpClient.newHttpClient();
        String list = plain.send(HttpRequest.newBuilder(URI.create(receiver.viewerUrl())).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(list).contains("/hooks/demo").contains("n-1");
        HttpResponse<String> one = plain.send(HttpRequest.newBuilder(URI.create(receiver.viewerUrl() + "/1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(one.body()).contains("&lt;b&gt;hi&lt;/b&gt;").doesNotContain("<b>hi</b>");
        assertThat(plain.send(HttpRequest.newBuilder(URI.create(receiver.viewerUrl() + "/2")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }

    @Test
    void aClientThatDoesNotTrustTheDevkitCertificateIsRefused() {
        HttpClient defaults = HttpClient.newHttpClient();

        assertThatThrownBy(() -> defaults.send(HttpRequest.newBuilder(URI.create(receiver.hookUrl("demo")))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void onlyPostsAreCaptured() throws Exception {
        HttpResponse<String> get = trusting().send(HttpRequest.newBuilder(URI.create(receiver.hookUrl("demo"))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(receiver.received()).isEmpty();
    }
}
