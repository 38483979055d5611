package io.twinhub.core.topic;

import io.twinhub.core.session.Subscription;

import java.util.Arrays;

/**
 * Copy-on-write array helpers. Readers on the PUBLISH path iterate volatile arrays without locking;
 * writers (under a lock) replace the whole array, so a reader sees either the old or the new one.
 */
final class CowArrays {

    private CowArrays() {
    }

    static <T> T[] append(T[] a, T x) {
        T[] r = Arrays.copyOf(a, a.length + 1);
        r[a.length] = x;
        return r;
    }

    static <T> T[] replace(T[] a, int i, T x) {
        T[] r = a.clone();
        r[i] = x;
        return r;
    }

    static <T> T[] without(T[] a, int i) {
        T[] r = Arrays.copyOf(a, a.length - 1);
        System.arraycopy(a, i + 1, r, i, a.length - 1 - i);
        return r;
    }

    static int indexOfClient(Subscription[] a, String clientId) {
        for (int i = 0; i < a.length; i++) {
            if (a[i].clientId().equals(clientId)) {
                return i;
            }
        }
        return -1;
    }
}
