package io.herald.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class NotificationIdsTest {
    @Test
    void theSameTenantAndKeyAlwaysGiveTheSameId() {
        assertThat(NotificationIds.of("acme", "order-42")).isEqualTo(NotificationIds.of("acme", "order-42"));
    }

    @Test
    void anotherTenantOrKeyGivesAnotherId() {
        String id = NotificationIds.of("acme", "order-42");
        assertThat(NotificationIds.of("acme", "order-43")).isNotEqualTo(id);
        assertThat(NotificationIds.of("globex", "order-42")).isNotEqualTo(id);
        // The separator cannot be shifted between the two parts.
        assertThat(NotificationIds.of("ac", "me/order-42")).isNotEqualTo(NotificationIds.of("acme", "order-42"));
    }

    @Test
    void theIdIsANameBasedUuid() {
        UUID id = UUID.fromString(NotificationIds.of("acme", "order-42"));
        assertThat(id.version()).isEqualTo(3);
        assertThat(id.toString()).isEqualTo(UUID.nameUUIDFromBytes("herald/acme/order-42".getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
    }

    @Test
    void matchesTellsCurrentIdsFromOthers() {
        assertThat(NotificationIds.matches(NotificationIds.of("acme", "k"), "acme", "k")).isTrue();
        assertThat(NotificationIds.matches(UUID.randomUUID().toString(), "acme", "k")).isFalse();
        assertThat(NotificationIds.matches(null, "acme", "k")).isFalse();
        assertThat(NotificationIds.matches(NotificationIds.of("acme", "k"), null, "k")).isFalse();
    }

    @Test
    void aMissingPartIsRefusedByName() {
        assertThatThrownBy(() -> NotificationIds.of("", "k")).hasMessageContaining("tenantId");
        assertThatThrownBy(() -> NotificationIds.of("acme", null)).hasMessageContaining("idempotencyKey");
    }
}
