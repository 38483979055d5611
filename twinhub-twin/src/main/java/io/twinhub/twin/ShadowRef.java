package io.twinhub.twin;

import java.util.regex.Pattern;

/**
 * One shadow: the classic shadow of a thing ({@code name} empty) or one of its named shadows.
 * Names follow the contract: 1–64 characters of {@code [A-Za-z0-9_-]}.
 */
public record ShadowRef(String thingId, String name) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public ShadowRef {
        if (!name.isEmpty() && !isValidName(name)) {
            throw new IllegalArgumentException("invalid shadow name: " + name);
        }
    }

    public static ShadowRef classic(String thingId) {
        return new ShadowRef(thingId, "");
    }

    public boolean isClassic() {
        return name.isEmpty();
    }

    public static boolean isValidName(String name) {
        return NAME.matcher(name).matches();
    }
}
