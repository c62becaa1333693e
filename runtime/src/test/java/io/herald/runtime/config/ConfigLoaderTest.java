package io.herald.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ConfigLoaderTest {
    enum Security { NONE, STARTTLS, SMTPS }

    static final Key<String> BOOTSTRAP = Key.string("kafka.bootstrap.servers").defaultValue("localhost:9092")
            .legacy("KAFKA_BOOTSTRAP_SERVERS_OLD").doc("brokers").build();
    static final Key<Integer> THREADS = Key.integer("router.threads").defaultValue(1).check(n -> n >= 1, "must be >= 1")
            .doc("stream threads").build();
    static final Key<Integer> PORT = Key.integer("router.http.port").defaultValue(8081).legacy("HERALD_OLD_PORT").doc("port").build();
    static final Key<Duration> WINDOW = Key.duration("router.dedup.window").defaultValue(Duration.ofDays(7))
            .legacy("HERALD_DEDUP_WINDOW_MS").legacyValue(v -> v + "ms").doc("window").build();
    static final Key<String> USER_INFO = Key.string("schema.registry.basic.auth.user.info").legacy("basic.auth.user.info")
            .doc("user:password").build();
    static final Key<String> API_KEY = Key.string("ingest.api-keys").secret().doc("keys").build();
    static final Key<List<String>> PROVIDERS = Key.ids("email.providers").defaultValue(List.of())
            .doc("ids").build();
    static final Key<String> HOST = Key.string("email.provider.<id>.host").idsFrom(PROVIDERS).required()
            .legacy("HERALD_EMAIL_<ID>_HOST").doc("host").build();
    static final Key<Double> MAX_RATE = Key.decimal("email.provider.<id>.max-rate").idsFrom(PROVIDERS).defaultValue(50.0)
            .check(r -> r > 0, "must be > 0").doc("rate").build();
    static final Key<String> PASSWORD = Key.string("email.provider.<id>.password").idsFrom(PROVIDERS).doc("password").build();
    static final Key<Security> SECURITY = Key.enumeration("email.provider.<id>.security", Security.class)
            .idsFrom(PROVIDERS).defaultValue(Security.STARTTLS).doc("tls").build();
    static final Key<Duration> RETENTION = Key.duration("topics.<topic>.retention").doc("per-topic retention").build();

    static final List<KeyCatalogue> CATALOGUES = List.of(
            KeyCatalogue.of("Test", "", BOOTSTRAP, THREADS, PORT, WINDOW, USER_INFO, API_KEY, RETENTION).owning("router"),
            KeyCatalogue.of("Providers", "", PROVIDERS, HOST, MAX_RATE, PASSWORD, SECURITY).owning("email"));

    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        Path f = dir.resolve("herald.properties");
        Files.writeString(f, text);
        return f;
    }

    private Config load(Path file, Map<String, String> env) {
        return new ConfigLoader(CATALOGUES).file(file).env(env).load();
    }

    @Test
    void theEnvironmentOverridesTheFileWhichOverridesDefaults() throws IOException {
        Config c = load(file("router.threads=4\nrouter.http.port=9000\n"), Map.of("HERALD_ROUTER_HTTP_PORT", "9100"));
        assertThat(c.get(THREADS)).isEqualTo(4);
        assertThat(c.origin(THREADS)).contains("herald.properties");
        assertThat(c.get(PORT)).isEqualTo(9100);
        assertThat(c.origin(PORT)).isEqualTo("environment variable HERALD_ROUTER_HTTP_PORT");
        assertThat(c.get(WINDOW)).isEqualTo(Duration.ofDays(7));
        assertThat(c.isSet(WINDOW)).isFalse();
    }

    @Test
    void providerKeysInTheEnvironmentAreResolvedAgainstTheDeclaredIds() throws IOException {
        Config c = load(file("email.providers=smtp-primary,smtp-secondary\nemail.provider.smtp-primary.host=mx1\n"
                        + "email.provider.smtp-secondary.host=mx2\n"),
                Map.of("HERALD_EMAIL_PROVIDER_SMTP_PRIMARY_MAX_RATE", "12.5", "HERALD_EMAIL_PROVIDER_SMTP_SECONDARY_SECURITY", "smtps"));
        assertThat(c.get(MAX_RATE.of("smtp-primary"))).isEqualTo(12.5);
        assertThat(c.get(MAX_RATE.of("smtp-secondary"))).isEqualTo(50.0);
        assertThat(c.get(SECURITY.of("smtp-secondary"))).isEqualTo(Security.SMTPS);
        assertThat(c.get(HOST.of("smtp-secondary"))).isEqualTo("mx2");
    }

    @Test
    void providerIdsMayComeFromTheEnvironmentToo() {
        Config c = load(null, Map.of("HERALD_EMAIL_PROVIDERS_X", "ignored", "HERALD_EMAIL_PROVIDERS", "relay",
                "HERALD_EMAIL_PROVIDER_RELAY_HOST", "smtp.example.net"));
        assertThat(c.get(PROVIDERS)).containsExactly("relay");
        assertThat(c.get(HOST.of("relay"))).isEqualTo("smtp.example.net");
    }

    @Test
    void perTopicKeysReadUnderscoresInTheTopicNameAsDots() throws IOException {
        Config c = load(file("topics.notify.dlq.v1.retention=90d\n"), Map.of("HERALD_TOPICS_NOTIFY_OUTCOME_V1_RETENTION", "30d"));
        assertThat(c.get(RETENTION.of("notify.outcome.v1"))).isEqualTo(Duration.ofDays(30));
        assertThat(c.get(RETENTION.of("notify.dlq.v1"))).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void everyKafkaKeyPassesThroughUntouchedFromFileAndEnvironment() throws IOException {
        Config c = load(file("kafka.security.protocol=SASL_SSL\nkafka.client.dns.lookup=use_all_dns_ips\n"),
                Map.of("HERALD_KAFKA_SASL_MECHANISM", "PLAIN", "HERALD_KAFKA_BOOTSTRAP_SERVERS", "b1:9093,b2:9093"));
        assertThat(c.kafka()).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("client.dns.lookup", "use_all_dns_ips").containsEntry("bootstrap.servers", "b1:9093,b2:9093");
    }

    @Test
    void declaredKafkaKeysContributeTheirDefaults() {
        assertThat(load(null, Map.of()).kafka()).containsEntry("bootstrap.servers", "localhost:9092");
    }

    @Test
    void aBadValueFailsNamingTheKeyAndTheEnvironmentVariable() {
        assertThatThrownBy(() -> load(null, Map.of("HERALD_ROUTER_THREADS", "zero")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("router.threads").hasMessageContaining("environment variable HERALD_ROUTER_THREADS")
                .hasMessageContaining("'zero' is not an integer");
        assertThatThrownBy(() -> load(null, Map.of("HERALD_ROUTER_THREADS", "0")))
                .hasMessageContaining("router.threads").hasMessageContaining("must be >= 1");
    }

    @Test
    void aBadValueInTheFileNamesTheFile() throws IOException {
        Path f = file("router.dedup.window=a week\n");
        assertThatThrownBy(() -> load(f, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("router.dedup.window").hasMessageContaining("file " + f)
                .hasMessageContaining("is not a duration");
    }

    @Test
    void aBadPerProviderValueNamesTheConcreteKey() {
        assertThatThrownBy(() -> load(null, Map.of("HERALD_EMAIL_PROVIDERS", "relay", "HERALD_EMAIL_PROVIDER_RELAY_HOST", "h",
                "HERALD_EMAIL_PROVIDER_RELAY_MAX_RATE", "-1")))
                .hasMessageContaining("email.provider.relay.max-rate").hasMessageContaining("HERALD_EMAIL_PROVIDER_RELAY_MAX_RATE");
    }

    @Test
    void aMissingRequiredKeyIsNamedWithItsEnvironmentVariable() {
        Config c = load(null, Map.of("HERALD_EMAIL_PROVIDERS", "relay"));
        assertThatThrownBy(() -> c.get(HOST.of("relay"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("email.provider.relay.host").hasMessageContaining("HERALD_EMAIL_PROVIDER_RELAY_HOST");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> load(missing, Map.of())).isInstanceOf(ConfigException.class).hasMessageContaining(missing.toString());
    }

    @Test
    void legacyNamesKeepWorkingAndWarnNamingTheNewKey() {
        try (CapturedLogs logs = new CapturedLogs()) {
            Config c = load(null, Map.of("HERALD_OLD_PORT", "7000", "HERALD_DEDUP_WINDOW_MS", "1500",
                    "HERALD_EMAIL_PROVIDERS", "smtp-primary", "HERALD_EMAIL_SMTP_PRIMARY_HOST", "mx", "basic.auth.user.info", "u:p",
                    "KAFKA_SECURITY_PROTOCOL", "SSL"));
            assertThat(c.get(PORT)).isEqualTo(7000);
            assertThat(c.get(WINDOW)).isEqualTo(Duration.ofMillis(1500));
            assertThat(c.get(HOST.of("smtp-primary"))).isEqualTo("mx");
            assertThat(c.get(USER_INFO)).isEqualTo("u:p");
            assertThat(c.kafka()).containsEntry("security.protocol", "SSL");
            assertThat(logs.lines()).anySatisfy(l -> assertThat(l).startsWith("WARN").contains("HERALD_OLD_PORT")
                    .contains("router.http.port"));
            assertThat(logs.lines()).anySatisfy(l -> assertThat(l).startsWith("WARN").contains("HERALD_EMAIL_SMTP_PRIMARY_HOST")
                    .contains("email.provider.smtp-primary.host").contains("HERALD_EMAIL_PROVIDER_SMTP_PRIMARY_HOST"));
            assertThat(logs.lines()).anySatisfy(l -> assertThat(l).contains("KAFKA_SECURITY_PROTOCOL")
                    .contains("HERALD_KAFKA_SECURITY_PROTOCOL"));
            assertThat(c.warnings()).hasSize(5);
        }
    }

    @Test
    void theNewNameWinsOverALegacyOne() {
        Config c = load(null, Map.of("HERALD_OLD_PORT", "7000", "HERALD_ROUTER_HTTP_PORT", "7001"));
        assertThat(c.get(PORT)).isEqualTo(7001);
        assertThat(c.warnings()).singleElement().asString().contains("ignored because HERALD_ROUTER_HTTP_PORT is set");
    }

    @Test
    void anUnknownKeyUnderAnOwnedPrefixIsWarnedButOtherServicesKeysAreNot() throws IOException {
        Config c = load(file("router.thraeds=3\ningest.http.port=8080\n"), Map.of());
        assertThat(c.warnings()).singleElement().asString().contains("router.thraeds");
    }

    @Test
    void secretsNeverReachTheLogs() throws IOException {
        Path f = file("email.providers=smtp-primary\nemail.provider.smtp-primary.host=mx\n"
                + "email.provider.smtp-primary.password=hunter2-file\n"
                + "kafka.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required password=\"jaas-pw\";\n"
                + "kafka.ssl.keystore.key=-----BEGIN PRIVATE KEY-----abc\n"
                + "kafka.ssl.truststore.certificates=-----BEGIN CERTIFICATE-----xyz\n");
        try (CapturedLogs logs = new CapturedLogs()) {
            Config c = load(f, Map.of("HERALD_INGEST_API_KEYS", "tenant:k1:deadbeefcafe", "basic.auth.user.info", "reg-user:reg-pw"));
            c.log(LoggerFactory.getLogger("io.herald.test"), "test-service");
            // A bad secret is named but not echoed.
            assertThatThrownBy(() -> load(f, Map.of("HERALD_EMAIL_PROVIDER_SMTP_PRIMARY_MAX_RATE", "secret-rate", "HERALD_INGEST_API_KEYS", "x")))
                    .hasMessageContaining("max-rate");
            String text = logs.text();
            assertThat(text).contains("email.provider.smtp-primary.password = ****", "kafka.sasl.jaas.config = ****",
                    "ingest.api-keys = ****", "schema.registry.basic.auth.user.info = ****", "email.provider.smtp-primary.host = mx");
            assertThat(text).doesNotContain("hunter2-file", "jaas-pw", "BEGIN PRIVATE KEY", "BEGIN CERTIFICATE", "deadbeefcafe", "reg-pw");
        }
    }

    @Test
    void aBadSecretValueIsNotEchoedInTheError() {
        Key<Integer> secretNumber = Key.integer("router.token-count").secret().doc("x").build();
        ConfigLoader loader = new ConfigLoader(List.of(KeyCatalogue.of("t", "", secretNumber)));
        assertThatThrownBy(() -> loader.env(Map.of("HERALD_ROUTER_TOKEN_COUNT", "s3cr3t")).load())
                .hasMessageContaining("router.token-count").hasMessageNotContaining("s3cr3t");
    }

    @Test
    void aCatalogueRefusesTwoKeysWithOneEnvironmentName() {
        Key<String> a = Key.string("a.b-c").doc("x").build();
        Key<String> b = Key.string("a.b.c").doc("x").build();
        assertThatThrownBy(() -> KeyCatalogue.of("t", "", a, b)).hasMessageContaining("HERALD_A_B_C");
    }

    @Test
    void theConfigFileComesFromTheArgumentsOrTheEnvironment() {
        assertThat(ConfigLoader.configFile(new String[]{"--config", "a.properties"}, Map.of())).isEqualTo(Path.of("a.properties"));
        assertThat(ConfigLoader.configFile(new String[]{"--config=b.properties"}, Map.of())).isEqualTo(Path.of("b.properties"));
        assertThat(ConfigLoader.configFile(new String[0], Map.of("HERALD_CONFIG", "c.properties"))).isEqualTo(Path.of("c.properties"));
        assertThat(ConfigLoader.configFile(new String[0], Map.of())).isNull();
    }

    @Test
    void theReferenceTableShowsEnvironmentNamesDefaultsSecretsAndDeprecatedNames() {
        String md = ReferenceDoc.markdown(CATALOGUES, "regen");
        assertThat(md).contains("| `router.http.port` | `HERALD_ROUTER_HTTP_PORT` | integer | `8081` | port Deprecated names: `HERALD_OLD_PORT`. |")
                .contains("| `email.provider.<id>.security` | `HERALD_EMAIL_PROVIDER_<ID>_SECURITY` | none\\|starttls\\|smtps | `starttls` |")
                .contains("| `ingest.api-keys` | `HERALD_INGEST_API_KEYS` | string, secret | none |")
                .contains("| `router.dedup.window` | `HERALD_ROUTER_DEDUP_WINDOW` | duration | `7d` |")
                .contains("Regenerate with: regen");
    }

    @Test
    void providedDefaultsLetPerIdKeysOfTheirIdsBeReadAndYieldToTheUser() {
        Map<String, String> defaults = Map.of("email.providers", "smtp-primary");
        Config tuned = new ConfigLoader(CATALOGUES).defaults(defaults)
                .env(Map.of("HERALD_EMAIL_PROVIDER_SMTP_PRIMARY_MAX_RATE", "7", "HERALD_EMAIL_SMTP_PRIMARY_HOST", "127.0.0.1")).load();
        assertThat(tuned.get(MAX_RATE.of("smtp-primary"))).isEqualTo(7.0);
        assertThat(tuned.get(HOST.of("smtp-primary"))).isEqualTo("127.0.0.1");
        assertThat(tuned.origin(PROVIDERS)).isEqualTo(ConfigLoader.PROVIDED_DEFAULT);

        Config own = new ConfigLoader(CATALOGUES).defaults(defaults).env(Map.of("HERALD_EMAIL_PROVIDERS", "relay")).load();
        assertThat(own.get(PROVIDERS)).containsExactly("relay");
        assertThat(own.origin(PROVIDERS)).isEqualTo("environment variable HERALD_EMAIL_PROVIDERS");
    }
}
