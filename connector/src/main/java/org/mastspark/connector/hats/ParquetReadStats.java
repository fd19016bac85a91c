package org.mastspark.connector.hats;

/**
 * What {@link ParquetRows} cursors opened and skipped: files opened, row groups read and skipped (by the
 * split's byte range they are neither: only the row groups of the range count), rows decoded, rows returned
 * and bytes read from the file system. One instance per task, shared by the task's cursors; not thread safe.
 * Serializable, so a task can hand its counts on.
 */
public final class ParquetReadStats implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private long filesOpened;
    private long rowGroupsRead;
    private long rowGroupsSkipped;
    private long rowsRead;
    private long rowsReturned;
    private long bytesRead;

    /** Counters at zero. */
    public ParquetReadStats() {}

    /** Parquet files opened (one per cursor). */
    public long filesOpened() {
        return filesOpened;
    }

    /** Row groups of which at least one page was decoded. */
    public long rowGroupsRead() {
        return rowGroupsRead;
    }

    /**
     * Row groups of the split's range that no row was decoded from: dropped by their statistics, dictionaries,
     * bloom filters or column indexes. Counted when a cursor reaches its end.
     */
    public long rowGroupsSkipped() {
        return rowGroupsSkipped;
    }

    /** Rows decoded from pages, before record-level filtering. */
    public long rowsRead() {
        return rowsRead;
    }

    /** Rows that matched the filter and were handed to the sink. */
    public long rowsReturned() {
        return rowsReturned;
    }

    /** Bytes read from the file system, footers included. */
    public long bytesRead() {
        return bytesRead;
    }

    /** Adds another task's counters to these. */
    public void add(ParquetReadStats other) {
        filesOpened += other.filesOpened;
        rowGroupsRead += other.rowGroupsRead;
        rowGroupsSkipped += other.rowGroupsSkipped;
        rowsRead += other.rowsRead;
        rowsReturned += other.rowsReturned;
        bytesRead += other.bytesRead;
    }

    void fileOpened() {
        filesOpened++;
    }

    void rowGroupRead() {
        rowGroupsRead++;
    }

    void rowGroupsSkipped(long n) {
        rowGroupsSkipped += n;
    }

    void rowsRead(long n) {
        rowsRead += n;
    }

    void rowReturned() {
        rowsReturned++;
    }

    void bytesRead(long n) {
        bytesRead += n;
    }

    @Override
    public String toString() {
        return "ParquetReadStats[files=" + filesOpened + ", rowGroupsRead=" + rowGroupsRead + ", rowGroupsSkipped="
                + rowGroupsSkipped + ", rowsRead=" + rowsRead + ", rowsReturned=" + rowsReturned + ", bytesRead="
                + bytesRead + "]";
    }
}
