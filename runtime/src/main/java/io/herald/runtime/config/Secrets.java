package io.herald.runtime.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one secret-masking rule: a value is masked when its key is declared secret, or when the key's
 * name looks like a credential — password, secret, token, JAAS config, basic-auth user info,
 * credentials, or key material ({@code ssl.keystore.key}, {@code ssl.keystore.certificate.chain},
 * {@code ssl.truststore.certificates}). Names are judged so that undeclared {@code kafka.*}
 * pass-through settings are masked too.
 */
public final class Secrets {
    public static final String MASK = "****";
    private static final Pattern SECRET_NAME = Pattern.compile(
            ".*(password|secret|token|jaas|user\\.info|credential|private).*"
                    + "|.*[.\\-]key|.*\\.certificates|.*certificate\\.chain|.*\\.keystore\\..*key.*");

    private Secrets() {
    }

    /** Whether a value under this key name must never be printed. */
    public static boolean looksSecret(String name) {
        return SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches();
    }

    /** {@code value}, or the mask when {@code secret} and there is something to hide. */
    public static String mask(boolean secret, String value) {
        return secret && value != null && !value.isEmpty() ? MASK : value;
    }
}
