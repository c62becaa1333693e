package io.herald.workers.sms;

/**
 * How many SMS segments a text needs: GSM-7 texts fit 160 characters (153 per part when split), any
 * other character forces UCS-2 with 70 (67 per part). Extension characters count twice in GSM-7.
 */
public final class SmsSegments {
    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXTENDED = "^{}\\[~]|€\f";

    private SmsSegments() {
    }

    /** Segments needed for {@code text} (0 for an empty text). */
    public static int count(String text) {
        if (text == null || text.isEmpty()) return 0;
        int gsmLength = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (GSM_BASIC.indexOf(c) >= 0) {
                gsmLength += 1;
            } else if (GSM_EXTENDED.indexOf(c) >= 0) {
                gsmLength += 2;
            } else {
                return parts(text.length(), 70, 67);
            }
        }
        return parts(gsmLength, 160, 153);
    }

    private static int parts(int length, int single, int perPart) {
        return length <= single ? 1 : (length + perPart - 1) / perPart;
    }
}
