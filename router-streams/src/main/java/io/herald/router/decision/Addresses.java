package io.herald.router.decision;

import io.herald.contracts.Channel;
import io.herald.contracts.Recipient;

/** Where a recipient can be reached on a channel. */
public final class Addresses {
    private Addresses() {
    }

    /** The recipient's address for {@code channel}, or null when they cannot be reached there. */
    public static String of(Recipient recipient, Channel channel) {
        String address = switch (channel) {
            case EMAIL -> recipient.getEmail();
            case SMS -> recipient.getPhone();
            case WEBHOOK -> recipient.getWebhookUrl();
        };
        return address == null || address.isBlank() ? null : address;
    }
}
