package org.mastspark.connector.client.http;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one unit of work against MAST (for example one Spark partition): requests sent, retries,
 * bytes and rows received, time spent waiting for MAST to finish executing a query. Thread safe.
 */
public final class ClientMetrics {
    final LongAdder requests = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder bytes = new LongAdder();
    final LongAdder rows = new LongAdder();
    final LongAdder executingWaitNanos = new LongAdder();
    final LongAdder filesOpened = new LongAdder();
    final LongAdder rowGroupsRead = new LongAdder();
    final LongAdder rowGroupsSkipped = new LongAdder();

    /** Counts a row read from an answer (by the cursors, outside this package). */
    public void countRow() {
        rows.increment();
    }

    /** Counts time spent waiting for MAST to finish executing a query. */
    public void countExecutingWait(long nanos) {
        executingWaitNanos.add(nanos);
    }

    /**
     * Counts what a read of files (HATS catalogs' Parquet) did: files opened, row groups read and skipped, bytes
     * read (added to {@link #bytes()}).
     */
    public void countFiles(long files, long groupsRead, long groupsSkipped, long bytesRead) {
        filesOpened.add(files);
        rowGroupsRead.add(groupsRead);
        rowGroupsSkipped.add(groupsSkipped);
        bytes.add(bytesRead);
    }

    /** Files opened by a read of files (0 for MAST's APIs). */
    public long filesOpened() {
        return filesOpened.sum();
    }

    /** Parquet row groups read. */
    public long rowGroupsRead() {
        return rowGroupsRead.sum();
    }

    /** Parquet row groups skipped by statistics, dictionaries or column indexes. */
    public long rowGroupsSkipped() {
        return rowGroupsSkipped.sum();
    }

    public long requests() {
        return requests.sum();
    }

    public long retries() {
        return retries.sum();
    }

    public long bytes() {
        return bytes.sum();
    }

    public long rows() {
        return rows.sum();
    }

    public long executingWaitMillis() {
        return executingWaitNanos.sum() / 1_000_000L;
    }

    @Override
    public String toString() {
        return "requests=" + requests() + ", retries=" + retries() + ", bytes=" + bytes() + ", rows=" + rows()
                + ", executingWaitMs=" + executingWaitMillis() + ", filesOpened=" + filesOpened() + ", rowGroupsRead="
                + rowGroupsRead() + ", rowGroupsSkipped=" + rowGroupsSkipped();
    }
}
