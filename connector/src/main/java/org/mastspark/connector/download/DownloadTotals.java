package org.mastspark.connector.download;

import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * The download job's counters as Spark accumulators (named {@code mast.download.*}, so they also appear in
 * the Spark UI's stage pages): registered on the driver, summed into by each task when it ends, read by
 * the driver's {@link ProgressReporter}. Immutable; travels inside {@link DownloadPartition}.
 */
final class DownloadTotals implements Serializable {
    private static final long serialVersionUID = 1L;

    private final LongAccumulator files;
    private final LongAccumulator bytes;
    private final LongAccumulator skipped;
    private final LongAccumulator errors;
    private final LongAccumulator requests;

    private DownloadTotals(SparkContext sc) {
        this.files = sc.longAccumulator("mast.download.files");
        this.bytes = sc.longAccumulator("mast.download.bytes");
        this.skipped = sc.longAccumulator("mast.download.skipped");
        this.errors = sc.longAccumulator("mast.download.errors");
        this.requests = sc.longAccumulator("mast.download.requests");
    }

    /** New counters, registered with {@code sc}; on the driver. */
    static DownloadTotals register(SparkContext sc) {
        return new DownloadTotals(sc);
    }

    /** Adds one task's counts; on the executor, once, when the task ends. */
    void add(FileFetcher.Counters task) {
        files.add(task.files.get());
        bytes.add(task.bytes.get());
        skipped.add(task.skipped.get());
        errors.add(task.errors.get());
        requests.add(task.requests.get());
    }

    /** Files fetched so far by the tasks that have ended. */
    long files() {
        return files.value();
    }

    /** Bytes fetched so far by the tasks that have ended. */
    long bytes() {
        return bytes.value();
    }

    /** Files skipped (already complete) so far by the tasks that have ended. */
    long skipped() {
        return skipped.value();
    }

    /** Files that failed so far in the tasks that have ended. */
    long errors() {
        return errors.value();
    }
}
