package org.mastspark.connector.download;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * Prints the download's progress on the driver at a calm interval: files done of the total, skipped and
 * failed files, bytes, rate and ETA. Reads the job's accumulators, which Spark updates as tasks end (the
 * same counters appear as named accumulators in the Spark UI's stage pages).
 */
final class ProgressReporter implements AutoCloseable {
    private final long total;
    private final DownloadTotals totals;
    private final Consumer<String> out;
    private final String label;
    private final String unit;
    private final long started = System.nanoTime();
    private final Thread thread;
    private volatile boolean stopped;

    ProgressReporter(long total, long intervalSeconds, DownloadTotals totals, Consumer<String> out) {
        this("MAST download", "files", total, intervalSeconds, totals, out);
    }

    /**
     * @param label what the line starts with, e.g. "MAST cutouts"
     * @param unit what {@code total} counts, e.g. "requests"
     */
    ProgressReporter(
            String label, String unit, long total, long intervalSeconds, DownloadTotals totals, Consumer<String> out) {
        this.label = label;
        this.unit = unit;
        this.total = total;
        this.totals = totals;
        this.out = out;
        if (intervalSeconds > 0) {
            thread = new Thread(
                    () -> {
                        while (!stopped) {
                            try {
                                Thread.sleep(intervalSeconds * 1000L);
                            } catch (InterruptedException e) {
                                return;
                            }
                            if (!stopped) {
                                out.accept(line());
                            }
                        }
                    },
                    "mast-download-progress");
            thread.setDaemon(true);
            thread.start();
        } else {
            thread = null;
        }
    }

    /** One progress line from the current counter values. */
    String line() {
        return line(
                label,
                unit,
                total,
                totals.files(),
                totals.skipped(),
                totals.errors(),
                totals.bytes(),
                System.nanoTime() - started);
    }

    static String line(long total, long done, long skipped, long errors, long bytes, long elapsedNanos) {
        return line("MAST download", "files", total, done, skipped, errors, bytes, elapsedNanos);
    }

    static String line(
            String label,
            String unit,
            long total,
            long done,
            long skipped,
            long errors,
            long bytes,
            long elapsedNanos) {
        double seconds = Math.max(1e-3, elapsedNanos / 1e9);
        String eta;
        if (done >= total) {
            eta = "done";
        } else if (done == 0) {
            eta = "ETA unknown";
        } else {
            eta = "ETA " + duration((long) ((total - done) * seconds / done));
        }
        return String.format(
                Locale.ROOT,
                "%s: %d/%d %s (%d skipped, %d errors), %s in %s, %s/s, %s",
                label,
                done,
                total,
                unit,
                skipped,
                errors,
                size(bytes),
                duration((long) seconds),
                size((long) (bytes / seconds)),
                eta);
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return (seconds / 60) + " min " + (seconds % 60) + " s";
        }
        return (seconds / 3600) + " h " + (seconds % 3600 / 60) + " min";
    }

    @Override
    public void close() {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
        }
        out.accept(line());
    }
}
