package org.mastspark.connector.download;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.mastspark.connector.client.download.DownloadClient;
import org.mastspark.connector.client.http.RateLimiter;

/**
 * The work of one Spark task: its files, downloaded by at most {@code concurrency} threads, one manifest
 * row each. Serializable and immutable; clients and FileSystems are made on the executor.
 */
// Spark ships it with Java serialization; should Kryo (spark.serializer) write it, it must write the same
// form: Kryo field by field cannot rebuild its records, immutable collections or transient state.
@DefaultSerializer(JavaSerializer.class)
final class DownloadPartition implements FlatMapFunction<Iterator<DownloadTask>, Row> {
    private static final long serialVersionUID = 1L;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final String destination;
    private final DownloadOptions options;
    private final HadoopConf conf;
    private final double requestsPerSecondPerTask;
    private final DownloadTotals totals;

    DownloadPartition(
            String destination,
            DownloadOptions options,
            HadoopConf conf,
            double requestsPerSecondPerTask,
            DownloadTotals totals) {
        this.destination = destination;
        this.options = options;
        this.conf = conf;
        this.requestsPerSecondPerTask = requestsPerSecondPerTask;
        this.totals = totals;
    }

    @Override
    public Iterator<Row> call(Iterator<DownloadTask> input) throws IOException {
        List<DownloadTask> tasks = new ArrayList<>();
        input.forEachRemaining(tasks::add);
        if (tasks.isEmpty()) {
            return List.<Row>of().iterator();
        }
        Path root = new Path(destination);
        FileSystem fs = root.getFileSystem(conf.get());
        FileSystem cloudFs = null;
        if (options.cloud()) {
            Path cloudRoot = new Path(options.cloudRoot());
            cloudFs = cloudRoot.getFileSystem(conf.get());
        }
        TaskContext tc = TaskContext.get();
        String tag = (tc == null ? "driver" : "t" + tc.taskAttemptId()) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        FileFetcher.Counters counters = new FileFetcher.Counters();
        FileFetcher fetcher = new FileFetcher(
                fs,
                root,
                options,
                new DownloadClient(options.clientConfig(), RateLimiter.perSecond(requestsPerSecondPerTask)),
                cloudFs,
                tag,
                counters);
        int threads = Math.min(options.concurrency(), tasks.size());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "mast-download-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        List<Row> rows = new ArrayList<>(tasks.size());
        try {
            List<Future<Row>> futures = new ArrayList<>(tasks.size());
            for (DownloadTask t : tasks) {
                futures.add(pool.submit(() -> fetcher.fetch(t)));
            }
            for (Future<Row> f : futures) {
                rows.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("MAST download task was interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException("MAST download thread failed: " + FileFetcher.describe(e.getCause()), e.getCause());
        } finally {
            pool.shutdownNow();
            totals.add(counters);
        }
        return rows.iterator();
    }
}
