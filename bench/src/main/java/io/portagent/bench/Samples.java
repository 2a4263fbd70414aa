package io.portagent.bench;

import java.util.Arrays;

/**
 * A growable array of durations in nanoseconds, appended by one reader at a time and merged
 * at the end of a phase. Percentiles are exact (sorted copy): a bench run holds a few million
 * samples at most.
 */
final class Samples {

    private long[] values = new long[256];
    private int size;

    synchronized void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    synchronized void addAll(Samples other) {
        long[] theirs;
        int count;
        synchronized (other) {
            theirs = other.values;
            count = other.size;
        }
        if (size + count > values.length) {
            values = Arrays.copyOf(values, Math.max(values.length * 2, size + count));
        }
        System.arraycopy(theirs, 0, values, size, count);
        size += count;
    }

    synchronized int size() {
        return size;
    }

    /** Percentiles in milliseconds ({@code NaN} without samples), nearest-rank. */
    synchronized double[] millisAt(double... percentiles) {
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        double[] result = new double[percentiles.length];
        for (int i = 0; i < percentiles.length; i++) {
            if (size == 0) {
                result[i] = Double.NaN;
                continue;
            }
            int rank = (int) Math.ceil(percentiles[i] / 100.0 * size);
            result[i] = sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
        }
        return result;
    }
}
