package org.mastspark.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local file system under the scheme {@code countfile:}, counting the files readers open, so that the HATS
 * benchmark reports the same figure for the connector and for Spark's own Parquet reader (both read through
 * Hadoop's {@code FileSystem.open} in one JVM). Register it with {@code fs.countfile.impl}.
 */
public final class CountingFileSystem extends RawLocalFileSystem {
    /** The scheme this file system serves. */
    public static final String SCHEME = "countfile";

    private static final AtomicLong OPENS = new AtomicLong();
    private static final Set<String> OPENED = ConcurrentHashMap.newKeySet();

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FSDataInputStream open(Path f, int bufferSize) throws IOException {
        OPENS.incrementAndGet();
        OPENED.add(f.toUri().getPath());
        return super.open(f, bufferSize);
    }

    /** Clears the counts. */
    public static void reset() {
        OPENS.set(0);
        OPENED.clear();
    }

    /** {@code open} calls since the last {@link #reset()}. */
    public static long opens() {
        return OPENS.get();
    }

    /** Distinct Parquet data files opened since the last {@link #reset()} (metadata files excluded). */
    public static long parquetFilesOpened() {
        return OPENED.stream()
                .filter(p -> p.endsWith(".parquet") && p.contains("/Npix="))
                .count();
    }
}
