package io.herald.workers.email;

/**
 * Names Jakarta Mail's {@code StreamProvider} implementation (Angus Mail's) in the system property Jakarta Mail reads
 * first, unless it is already set.
 *
 * <p>Why: Jakarta Mail 2.1 looks its {@code StreamProvider} up anew for every MIME part it creates, encodes or writes,
 * and without the property that look-up is a {@code ServiceLoader} scan of every jar on the class path
 * (jakartaee/mail-api#699, #861, open). In a 100,000-mail drain that scan was 60–70% of the CPU of the workers' send
 * threads, which used half of the machine. With the property Jakarta Mail loads the named class directly, a
 * class-loader cache hit.
 */
final class StreamProviderPin {
    static final String PROPERTY = "jakarta.mail.util.StreamProvider";
    static final String ANGUS = "org.eclipse.angus.mail.util.MailStreamProvider";

    private StreamProviderPin() {
    }

    /** Sets the property for this JVM if nobody has; an operator's {@code -Djakarta.mail.util.StreamProvider} wins. */
    static void apply() {
        synchronized (StreamProviderPin.class) {
            String current = System.getProperty(PROPERTY);
            String value = valueFor(current);
            if (!value.equals(current)) System.setProperty(PROPERTY, value);
        }
    }

    /** What the property should be, given its current value (null when unset). Pure. */
    static String valueFor(String current) {
        return current == null || current.isBlank() ? ANGUS : current;
    }
}
