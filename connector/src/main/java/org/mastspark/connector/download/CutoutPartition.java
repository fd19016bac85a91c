package org.mastspark.connector.download;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.cutout.CutoutClient;
import org.mastspark.connector.client.cutout.CutoutFiles;
import org.mastspark.connector.client.cutout.CutoutMember;
import org.mastspark.connector.client.cutout.CutoutResult;
import org.mastspark.connector.client.cutout.CutoutSize;
import org.mastspark.connector.client.cutout.RequestPermits;
import org.mastspark.connector.client.download.DownloadClient;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;

/**
 * The work of one Spark task of {@code MastCutouts.download}: its cutout requests, at most {@code threads} at
 * once, each under the job-wide limiter's permits. A request's files are written under temporary names in
 * {@code <destination>/<service>/} and renamed to their names (made from their headers) once whole and checked;
 * then the request's rows are written to its marker, so that a killed job's finished requests are not asked
 * again. Serializable and immutable; clients and FileSystems are made on the executor.
 */
// Spark ships it with Java serialization; should Kryo (spark.serializer) write it, it must write the same form.
@DefaultSerializer(JavaSerializer.class)
final class CutoutPartition implements FlatMapFunction<Iterator<CutoutTask>, Row> {
    private static final long serialVersionUID = 1L;
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** What a file name made by {@link CutoutFiles} may hold; anything else is refused, never written. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9+-][A-Za-z0-9._+-]{0,254}");

    private final String destination;
    private final MastClientConfig config;
    private final RequestPermits permits;
    private final DownloadOptions.Commit commit;
    private final boolean overwrite;
    private final int threads;
    private final int noFfisAttempts;
    private final HadoopConf conf;
    private final DownloadTotals totals;

    CutoutPartition(
            String destination,
            MastClientConfig config,
            RequestPermits permits,
            DownloadOptions.Commit commit,
            boolean overwrite,
            int threads,
            int noFfisAttempts,
            HadoopConf conf,
            DownloadTotals totals) {
        this.destination = destination;
        this.config = config;
        this.permits = permits;
        this.commit = commit;
        this.overwrite = overwrite;
        this.threads = threads;
        this.noFfisAttempts = noFfisAttempts;
        this.conf = conf;
        this.totals = totals;
    }

    /** The marker file of a request: its key's SHA-256 (keys hold characters no file name should). */
    static Path marker(Path root, String key) {
        MessageDigest d = DownloadClient.sha256();
        String hex = HexFormat.of().formatHex(d.digest(key.getBytes(StandardCharsets.UTF_8)));
        return new Path(new Path(root, CutoutManifest.MARKERS), hex.substring(0, 40) + ".jsonl");
    }

    @Override
    public Iterator<Row> call(Iterator<CutoutTask> input) throws IOException {
        List<CutoutTask> tasks = new ArrayList<>();
        input.forEachRemaining(tasks::add);
        if (tasks.isEmpty()) {
            return List.<Row>of().iterator();
        }
        Path root = new Path(destination);
        FileSystem fs = Committer.writable(root.getFileSystem(conf.get()));
        FileFetcher.Counters counters = new FileFetcher.Counters();
        CutoutClient client = new CutoutClient(config, permits, new ClientMetrics())
                .withNoFfisAttempts(Math.min(noFfisAttempts, config.maxAttempts()));
        Fetcher fetcher = new Fetcher(fs, root, client, counters);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, tasks.size()), r -> {
            Thread t = new Thread(r, "mast-cutout-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        List<Row> rows = new ArrayList<>();
        try {
            List<Future<List<Row>>> futures = new ArrayList<>(tasks.size());
            for (CutoutTask t : tasks) {
                futures.add(pool.submit(() -> fetcher.fetch(t)));
            }
            for (Future<List<Row>> f : futures) {
                rows.addAll(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("MAST cutout task was interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException("MAST cutout thread failed: " + FileFetcher.describe(e.getCause()), e.getCause());
        } finally {
            pool.shutdownNow();
            totals.add(counters);
        }
        return rows.iterator();
    }

    /** Fetches one request at a time (thread safe: one per task, shared by its threads). */
    private final class Fetcher {
        private final FileSystem fs;
        private final Path root;
        private final CutoutClient client;
        private final FileFetcher.Counters counters;

        Fetcher(FileSystem fs, Path root, CutoutClient client, FileFetcher.Counters counters) {
            this.fs = fs;
            this.root = root;
            this.client = client;
            this.counters = counters;
        }

        List<Row> fetch(CutoutTask t) throws IOException {
            long start = System.nanoTime();
            if (!overwrite) {
                List<Row> previous = previous(t);
                List<Row> kept = previous.isEmpty() ? null : stillComplete(previous, start);
                if (kept != null) {
                    counters.files.incrementAndGet();
                    counters.skipped.incrementAndGet();
                    return kept;
                }
            }
            Path dir = new Path(root, t.service());
            Sink sink = new Sink(fs, dir);
            List<Row> rows = new ArrayList<>();
            try {
                CutoutResult result = ask(t, sink);
                counters.requests.addAndGet(result.attempts());
                long ms = millisSince(start);
                if (result instanceof CutoutResult.Files files) {
                    for (CutoutMember m : files.members()) {
                        counters.bytes.addAndGet(m.bytes());
                        rows.add(fileRow(
                                t,
                                new Path(dir, m.fileName()).toString(),
                                CutoutManifest.COMPLETE,
                                null,
                                m.bytes(),
                                m.sha256(),
                                files.attempts(),
                                ms,
                                m.header()));
                    }
                } else {
                    CutoutResult.NoResult none = (CutoutResult.NoResult) result;
                    rows.add(fileRow(
                            t, null, CutoutManifest.NO_RESULT, none.message(), 0, null, none.attempts(), ms, null));
                }
            } catch (MastException | IllegalArgumentException | DownloadClient.SinkException e) {
                sink.abandonAll();
                counters.files.incrementAndGet();
                counters.errors.incrementAndGet();
                String why = e instanceof DownloadClient.SinkException
                        ? "writing to " + dir + " failed: " + FileFetcher.describe(e.getCause())
                        : e.getMessage();
                return List.of(fileRow(t, null, CutoutManifest.ERROR, why, 0, null, 0, millisSince(start), null));
            } catch (RuntimeException e) {
                sink.abandonAll();
                throw e;
            }
            // The marker is written last: present only when every file of the request is at its final path.
            Committer.writeWhole(
                    fs,
                    marker(root, t.key()),
                    CutoutManifest.toJsonLines(rows).getBytes(StandardCharsets.UTF_8),
                    commit);
            counters.files.incrementAndGet();
            return rows;
        }

        private CutoutResult ask(CutoutTask t, Sink sink) {
            CutoutSize size = CutoutSize.parse(t.size());
            return switch (t.service()) {
                case CutoutClient.TESSCUT ->
                    t.objectId() != null
                            ? client.movingTargetTesscut(t.objectId(), t.objectType(), size, t.sector(), sink)
                            : client.tesscut(t.ra(), t.dec(), size, t.sector(), sink);
                case CutoutClient.ZCUT -> client.zcut(t.ra(), t.dec(), size, t.survey(), t.format(), sink);
                case CutoutClient.HAPCUT -> client.hapcut(t.ra(), t.dec(), size, sink);
                default -> throw new IllegalArgumentException("unknown cutout service " + t.service());
            };
        }

        /** The rows the previous manifest (or a killed run's marker) recorded for the request. */
        private List<Row> previous(CutoutTask t) throws IOException {
            List<Row> rows = new ArrayList<>();
            if (t.previous() != null) {
                for (String line : t.previous().split("\n")) {
                    if (!line.isBlank()) {
                        rows.add(CutoutManifest.fromJson(line));
                    }
                }
            }
            if (rows.isEmpty() && t.marker()) {
                rows.addAll(CutoutManifest.read(fs, marker(root, t.key())));
            }
            return rows;
        }

        /**
         * The previous rows as SKIPPED when every file they name is still there with its size and SHA-256, else
         * null (the request is asked again). A request that gave no file before (NO_RESULT, ERROR) is asked again:
         * a sector may have been cubed since.
         */
        private List<Row> stillComplete(List<Row> previous, long start) throws IOException {
            List<Row> kept = new ArrayList<>();
            for (Row r : previous) {
                String status = r.getString(CutoutManifest.STATUS);
                if (!(CutoutManifest.COMPLETE.equals(status) || CutoutManifest.SKIPPED.equals(status))
                        || r.isNullAt(CutoutManifest.PATH)) {
                    return null;
                }
                Path p = new Path(r.getString(CutoutManifest.PATH));
                FileStatus st = Committer.statOrNull(fs, p);
                if (st == null
                        || st.getLen() != r.getLong(CutoutManifest.BYTES)
                        || !sha256Of(p).equals(r.getString(CutoutManifest.SHA256))) {
                    return null;
                }
                Object[] v = new Object[r.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = r.get(i);
                }
                v[CutoutManifest.STATUS] = CutoutManifest.SKIPPED;
                v[CutoutManifest.MESSAGE] = "already complete (size and SHA-256 match the previous manifest)";
                v[CutoutManifest.ATTEMPTS] = 0;
                v[CutoutManifest.DURATION] = millisSince(start);
                kept.add(RowFactory.create(v));
            }
            return kept;
        }

        private String sha256Of(Path p) throws IOException {
            MessageDigest d = DownloadClient.sha256();
            byte[] buf = new byte[64 * 1024];
            try (FSDataInputStream in = fs.open(p)) {
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    d.update(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(d.digest());
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    static Row fileRow(
            CutoutTask t,
            String path,
            String status,
            String message,
            long bytes,
            String sha256,
            int attempts,
            long durationMs,
            CutoutFiles.CutoutHeader h) {
        return RowFactory.create(
                t.key(),
                t.service(),
                t.ra(),
                t.dec(),
                t.objectId(),
                t.sector(),
                t.survey(),
                t.size(),
                path,
                status,
                message,
                bytes,
                sha256,
                attempts,
                durationMs,
                h == null ? null : h.sector(),
                h == null ? null : h.camera(),
                h == null ? null : h.ccd(),
                h == null ? null : h.ra(),
                h == null ? null : h.dec(),
                h == null ? null : h.ny(),
                h == null ? null : h.nx());
    }

    /**
     * Where one request's files go: each member under a hidden temporary name in the service's folder, renamed
     * to its header-made name when whole and checked; a member abandoned (or a request failed) leaves nothing.
     */
    private static final class Sink implements CutoutClient.Sink {
        private final FileSystem fs;
        private final Path dir;
        private final String id = UUID.randomUUID().toString().substring(0, 12);
        private final Map<Integer, Path> open = new ConcurrentHashMap<>();

        Sink(FileSystem fs, Path dir) {
            this.fs = fs;
            this.dir = dir;
        }

        @Override
        public OutputStream open(int ordinal) throws IOException {
            Path tmp = new Path(dir, "." + id + "-" + ordinal + ".mastpart");
            open.put(ordinal, tmp);
            return fs.create(tmp, true);
        }

        @Override
        public void completed(CutoutMember member) throws IOException {
            if (!SAFE_NAME.matcher(member.fileName()).matches()) {
                throw new IOException("refusing the file name '" + member.fileName() + "', which could write outside "
                        + dir + " or hide the file");
            }
            Path tmp = open.remove(member.ordinal());
            Committer.renameReplacing(fs, tmp, new Path(dir, member.fileName()));
        }

        @Override
        public void abandon(int ordinal) throws IOException {
            Path tmp = open.remove(ordinal);
            if (tmp != null) {
                fs.delete(tmp, false);
            }
        }

        void abandonAll() {
            for (Integer ordinal : List.copyOf(open.keySet())) {
                try {
                    abandon(ordinal);
                } catch (IOException e) {
                    // the request's failure is what is reported; a stray temporary name is hidden
                }
            }
        }
    }
}
