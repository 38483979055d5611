package io.twinhub.bench.cli;

import java.util.List;
import java.util.regex.Pattern;

/** The exact command line of this run, as the user would type it again (recorded in every result). */
public final class Invocation {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:=,@%+-]+");
    private static volatile List<String> args = List.of();

    private Invocation() { }

    public static void set(String[] a) {
        args = List.of(a);
    }

    public static String command() {
        StringBuilder sb = new StringBuilder("./twinhub bench");
        for (String a : args) {
            sb.append(' ').append(quote(a));
        }
        return sb.toString();
    }

    static String quote(String s) {
        if (!s.isEmpty() && SAFE.matcher(s).matches()) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
