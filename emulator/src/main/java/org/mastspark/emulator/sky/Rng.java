package org.mastspark.emulator.sky;

/**
 * Stateless, seeded pseudo-random values: every synthetic value is a pure function of (seed, stream,
 * index, draw), so any row can be regenerated on demand, in any order, on any thread.
 */
final class Rng {
    private long state;

    Rng(long seed, long stream, long index) {
        this.state = mix(seed ^ mix(stream * 0x9E3779B97F4A7C15L + index));
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    int nextInt(int bound) {
        return (int) ((nextLong() >>> 33) % bound);
    }

    double range(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    double gaussian() {
        double u = Math.max(1e-300, nextDouble());
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * nextDouble());
    }

    <T> T pick(T[] options) {
        return options[nextInt(options.length)];
    }
}
