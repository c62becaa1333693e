package io.herald.runtime.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders the configuration reference ({@code docs/configuration.md}) from key catalogues, so the table
 * can never disagree with what the services read.
 */
public final class ReferenceDoc {
    private ReferenceDoc() {
    }

    /** The whole Markdown document; {@code regenerate} is the command that rewrites it. */
    public static String markdown(List<KeyCatalogue> catalogues, String regenerate) {
        StringBuilder md = new StringBuilder();
        md.append("# Configuration reference\n\n");
        md.append("<!-- Generated from the key definitions; do not edit. Regenerate with: ").append(regenerate).append(" -->\n\n");
        md.append("""
                Every Herald service reads one configuration model: a properties file given with `--config FILE`
                (or `$HERALD_CONFIG`), overridden by environment variables. An example of every common key is in
                [`conf/herald.properties.example`](../conf/herald.properties.example).

                - **Environment names.** Key `foo.bar-baz` is `HERALD_FOO_BAR_BAZ`: `HERALD_`, then the name upper-cased,
                  dots and dashes written as underscores. Environment names are resolved against the declared keys,
                  never guessed. Per-id keys (`email.provider.<id>.max-rate`) are matched for the ids listed by their
                  list key (`email.providers=smtp-primary`): `HERALD_EMAIL_PROVIDER_SMTP_PRIMARY_MAX_RATE`. Ids use only
                  `a-z`, `0-9` and `-`, so the mapping is one-to-one. Per-topic keys read underscores in the topic name
                  as dots: `HERALD_TOPICS_NOTIFY_OUTCOME_V1_RETENTION` is `topics.notify.outcome.v1.retention`.
                - **Precedence**, lowest first: default, file, deprecated environment name, environment name.
                - **Durations** everywhere: a whole number and a unit — `250ms`, `10s`, `5m`, `2h`, `7d` — or ISO-8601
                  (`PT30S`). `0` means zero.
                - **Lists** are comma-separated.
                - **Kafka.** Every `kafka.*` key is passed untouched, without the prefix, to every Kafka client
                  (producers, consumers, admin, Kafka Streams): `kafka.security.protocol`, `kafka.sasl.jaas.config`,
                  `kafka.ssl.truststore.location`… In the environment: `HERALD_KAFKA_SASL_JAAS_CONFIG`.
                - **Secrets.** Start-up logs the effective configuration with secrets masked: keys marked *secret*
                  below, and any key whose name holds password, secret, token, jaas, user.info, credential, or key
                  material (`ssl.keystore.key`, `ssl.keystore.certificate.chain`, `ssl.truststore.certificates`).
                - **Errors.** A bad value stops the service at start-up, naming the key and the file or environment
                  variable it came from.
                - **Deprecated names** (listed per key) still work for one release; each use logs a warning naming the
                  new key. Unprefixed `KAFKA_*` variables are deprecated in favour of `HERALD_KAFKA_*`.

                """);
        for (KeyCatalogue catalogue : catalogues) {
            md.append("## ").append(catalogue.title()).append("\n\n");
            if (!catalogue.description().isBlank()) md.append(catalogue.description().strip()).append("\n\n");
            md.append("| key | environment | type | default | meaning |\n|---|---|---|---|---|\n");
            for (Key<?> key : catalogue.keys()) {
                md.append("| `").append(key.name()).append("` | `").append(key.envName()).append("` | ")
                        .append(cell(key.type() + (key.secret() ? ", secret" : ""))).append(" | ")
                        .append(key.defaultText().equals("none") || key.defaultText().equals("required")
                                ? key.defaultText() : "`" + cell(key.defaultText()) + "`")
                        .append(" | ").append(cell(key.doc()))
                        .append(key.legacyEnv().isEmpty() ? "" : " Deprecated names: "
                                + key.legacyEnv().stream().map(n -> "`" + n + "`").collect(Collectors.joining(", ")) + ".")
                        .append(" |\n");
            }
            md.append("\n");
        }
        return md.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
