package io.herald.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contracts.Priority;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which request topic a lane is written to, and which topics carry requests as producers write them. */
class RequestTopicsTest {
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "CRITICAL, notify.request.critical.v1",
            "TRANSACTIONAL, notify.request.v1",
            "BULK, notify.request.v1",
    })
    void a_lane_has_its_request_topic(Priority lane, String topic) {
        assertThat(TopicNames.request(lane)).isEqualTo(topic);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "notify.request.v1, true",
            "notify.request.critical.v1, true",
            "notify.replay.v1, false",
            "notify.outcome.v1, false",
    })
    void request_topics_are_the_two_producers_write(String topic, boolean request) {
        assertThat(TopicNames.isRequest(topic)).isEqualTo(request);
    }
}
