package io.herald.policy.destination;

import io.herald.policy.choice.WarmUp;
import io.herald.runtime.config.Key;
import io.herald.runtime.config.KeyCatalogue;

/**
 * Keys of recipient destinations and the warm secondary, declared once for the services that read them: the
 * router (overrides, warm-up share) and the ingest service (overrides, MX lookups).
 */
public final class DestinationKeys {
    public static final Key<DestinationOverrides> OVERRIDES = Key.custom(DestinationOverrides.KEY, "domain=destination list",
                    DestinationOverrides::parse).defaultValue(DestinationOverrides.NONE).defaultText("none")
            .doc("Where a recipient domain's mail lands, e.g. `contoso.com=exchange-online,fabrikam.com=google-workspace`; wins "
                    + "over DNS. Without an entry a domain's destination is its MX rollup (`exchange-online` for "
                    + "`*.mail.protection.outlook.com`, `google-workspace` for `*.google.com`/`*.googlemail.com`) when ingest "
                    + "resolved it, else the domain itself.").build();
    public static final Key<Boolean> MX_LOOKUP = Key.bool("destinations.mx-lookup").defaultValue(true)
            .doc("Ingest looks recipient domains' MX records up in the background (never on a request) and tags requests with "
                    + "their destination; `false` = overrides only.").build();
    public static final Key<WarmUp> EMAIL_WARMUP_SHARE = Key.custom(WarmUp.KEY, "share", WarmUp::parse).defaultValue(WarmUp.NONE)
            .defaultText("0%")
            .doc("Share of transactional and bulk email (e.g. `2%`) sent to the secondary provider first while both are "
                    + "healthy, so its reputation stays warm; deterministic by notification id; metric `herald.router.warmup`.")
            .build();

    public static final KeyCatalogue CATALOGUE = KeyCatalogue.of("Recipient destinations and warm secondary",
            "Health is tracked per recipient destination beside per provider: a destination that is DOWN sends critical "
                    + "traffic to the next channel and parks the rest (`destination-down:<name>`), released per destination.",
            OVERRIDES, MX_LOOKUP, EMAIL_WARMUP_SHARE).owning("destinations");

    private DestinationKeys() {
    }
}
