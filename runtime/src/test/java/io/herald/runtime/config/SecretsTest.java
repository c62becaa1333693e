package io.herald.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretsTest {

    @ParameterizedTest(name = "{0} secret={1}")
    @CsvSource({
            "kafka.sasl.jaas.config,true",
            "kafka.ssl.key.password,true",
            "kafka.ssl.keystore.password,true",
            "kafka.ssl.keystore.key,true",
            "kafka.ssl.keystore.certificate.chain,true",
            "kafka.ssl.truststore.certificates,true",
            "schema.registry.basic.auth.user.info,true",
            "email.provider.smtp-primary.password,true",
            "sms.provider.twilio.auth-token,true",
            "webhook.secret,true",
            "kafka.sasl.client.callback.handler.class,false",
            "kafka.key.serializer,false",
            "kafka.ssl.keystore.location,false",
            "kafka.ssl.keystore.type,false",
            "kafka.bootstrap.servers,false",
            "email.provider.smtp-primary.host,false",
            "sms.provider.twilio.account-sid,false"})
    void judgesKeyNamesByTheOneRule(String name, boolean secret) {
        assertThat(Secrets.looksSecret(name)).isEqualTo(secret);
    }
}
