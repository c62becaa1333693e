package io.herald.schemas.serde;

import io.herald.contracts.NotificationRequest;
import io.herald.schemas.Samples;
import java.time.Instant;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;

/** One realistic record of every top-level contract. */
final class ContractFixtures {
    private ContractFixtures() {
    }

    static Stream<SpecificRecord> everyContract(Instant now) {
        NotificationRequest otp = Samples.otp("acme", "k-1", now);
        return Stream.of(
                otp,
                Samples.newsletter("acme", "k-2", now),
                Samples.dispatch(otp, io.herald.contracts.Channel.EMAIL, "smtp-primary"),
                Samples.deferred(otp.getNotificationId(), "acme", now),
                Samples.parked(otp, now),
                Samples.down("smtp-primary", now),
                Samples.probeOk("smtp-primary", now),
                Samples.preference("acme", "u-1", now),
                Samples.preferenceSet("acme", "u-1", now),
                Samples.pauseBulkEmail(now),
                // Destinations (issue 14): the same contracts with their destination fields set.
                NotificationRequest.newBuilder(otp).setRecipient(io.herald.contracts.Recipient.newBuilder(otp.getRecipient())
                        .setEmailDestination("exchange-online").build()).build(),
                io.herald.contracts.DispatchCommand.newBuilder(Samples.dispatch(otp, io.herald.contracts.Channel.EMAIL, "smtp-primary"))
                        .setDestination("exchange-online").build(),
                io.herald.contracts.DeliveryOutcome.newBuilder(Samples.deferred(otp.getNotificationId(), "acme", now))
                        .setDestination("exchange-online").build(),
                io.herald.contracts.ParkedNotification.newBuilder(Samples.parked(otp, now))
                        .setReason("destination-down:exchange-online").setDestination("exchange-online").build(),
                io.herald.contracts.ProviderHealth.newBuilder(Samples.down("destination:exchange-online", now))
                        .setDestination("exchange-online").build());
    }
}
