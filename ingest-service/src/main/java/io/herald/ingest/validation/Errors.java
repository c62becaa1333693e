package io.herald.ingest.validation;

import io.herald.ingest.problem.InvalidParam;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects invalid fields while a validator walks a body, so one answer names every problem.
 * Bounded: a hostile body with thousands of bad fields gets the first {@value #MAX} of them.
 */
public final class Errors {
    public static final int MAX = 50;
    private final List<InvalidParam> list = new ArrayList<>();

    public void add(String pointer, String reason) {
        if (list.size() < MAX) list.add(InvalidParam.body(pointer, reason));
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public List<InvalidParam> list() {
        return List.copyOf(list);
    }

    /** RFC 6901: {@code ~} and {@code /} in a member name are escaped; absurdly long names are cut. */
    public static String child(String pointer, String name) {
        // The common case, a short plain member name, has nothing to cut, replace or escape.
        if (plain(name)) return pointer + "/" + name;
        String cut = name.length() > 64 ? name.substring(0, 64) + "..." : name;
        StringBuilder safe = new StringBuilder(cut.length());
        cut.codePoints().forEach(cp -> safe.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        return pointer + "/" + safe.toString().replace("~", "~0").replace("/", "~1");
    }

    private static boolean plain(String name) {
        if (name.length() > 64) return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '~' || c == '/' || Character.isISOControl(c) || Character.isSurrogate(c)) return false;
        }
        return true;
    }

    public static String index(String pointer, int index) {
        return pointer + "/" + index;
    }
}
