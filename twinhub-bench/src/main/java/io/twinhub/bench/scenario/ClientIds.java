package io.twinhub.bench.scenario;

/**
 * Client identifiers of one run, all the same length (the CONNECT template patches them in place):
 * {@code tb} + run tag + role letter + 8-digit index, e.g. {@code tbk3x9p00000042}.
 */
public final class ClientIds {

    public static final int LENGTH = 2 + 4 + 1 + 8;

    private ClientIds() { }

    public static String of(String runTag, char role, int index) {
        if (index < 0 || index > 99_999_999) {
            throw new IllegalArgumentException("index out of range: " + index);
        }
        String n = Integer.toString(index);
        return "tb" + runTag + role + "0".repeat(8 - n.length()) + n;
    }
}
