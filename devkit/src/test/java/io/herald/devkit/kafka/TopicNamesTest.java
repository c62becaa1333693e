package io.herald.devkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.common.internals.Topic;
import org.junit.jupiter.api.Test;

class TopicNamesTest {

    @Test
    void neverRepeatsANameEvenAcrossThreads() {
        Set<String> names = IntStream.range(0, 10_000).parallel()
                .mapToObj(i -> TopicNames.unique("notify.request.v1"))
                .collect(Collectors.toSet());

        assertThat(names).hasSize(10_000);
    }

    @Test
    void keepsTheReadablePrefix() {
        assertThat(TopicNames.unique("notify.dispatch.email.critical.v1"))
                .startsWith("notify.dispatch.email.critical.v1-");
    }

    @Test
    void producesNamesKafkaAcceptsFromAnyPrefix() {
        String fromIllegal = TopicNames.unique("tenant/acme key:1 é");
        String fromLong = TopicNames.unique("x".repeat(400));

        // Topic.validate throws InvalidTopicException for names the broker would refuse.
        Topic.validate(fromIllegal);
        Topic.validate(fromLong);
        assertThat(fromIllegal).startsWith("tenant-acme-key-1--");
        assertThat(fromLong).hasSizeLessThanOrEqualTo(TopicNames.MAX_LENGTH);
    }

    @Test
    void refusesABlankPrefix() {
        assertThatThrownBy(() -> TopicNames.unique(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefix");
    }
}
