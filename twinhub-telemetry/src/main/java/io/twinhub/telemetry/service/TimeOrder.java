package io.twinhub.telemetry.service;

/** Sorting of point columns by timestamp without boxing: a stable merge sort of indices. */
final class TimeOrder {

    private TimeOrder() { }

    /** Indices 0..n-1 ordered by {@code ts}; equal timestamps keep their index order. */
    static int[] ascending(long[] ts, int n) {
        int[] order = new int[n];
        boolean sorted = true;
        for (int i = 0; i < n; i++) {
            order[i] = i;
            if (i > 0 && ts[i] < ts[i - 1]) {
                sorted = false;
            }
        }
        if (sorted) {
            return order; // the common case: points arrive in time order
        }
        int[] scratch = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    scratch[k++] = ts[order[j]] < ts[order[i]] ? order[j++] : order[i++];
                }
                while (i < mid) {
                    scratch[k++] = order[i++];
                }
                while (j < hi) {
                    scratch[k++] = order[j++];
                }
            }
            int[] t = order;
            order = scratch;
            scratch = t;
        }
        return order;
    }
}
