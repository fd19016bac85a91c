package org.mastspark.connector.download;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.MastHttpException;
import org.mastspark.connector.client.download.DownloadClient;
import org.mastspark.connector.client.http.ClientMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads single files into a Hadoop FileSystem and reports each as a manifest row. Used from the threads
 * of one Spark task (thread safe). Never leaves a partial file at a final path:
 *
 * <ul>
 *   <li>{@code rename}: the bytes go to {@code .<file>.<attempt>-<n>.mastpart} beside the final path, which
 *       is renamed to the final name once complete and verified. If the final file appeared meanwhile with
 *       the same size (a speculative or retried task won), the temporary file is deleted and the winner kept.
 *   <li>{@code direct} (object stores): the bytes go straight to the final path; on any failure the stream
 *       is aborted, so S3A never publishes the object.
 * </ul>
 */
final class FileFetcher {
    private static final Logger LOG = LoggerFactory.getLogger(FileFetcher.class);
    private static final String TEMP_SUFFIX = ".mastpart";
    /**
     * Longest part of a temporary name taken from the final name (with its leading dot and a dot after).
     * The rest, {@code <attempt tag>-<sequence>.mastpart}, is at most {@value #MAX_TAIL_BYTES} bytes: a tag
     * of {@code t} and a task attempt id (at most 20 characters) or {@code driver}, {@code -} and 8 hex
     * digits; {@code -} and a sequence of at most 19 digits; the 9-byte suffix.
     */
    static final int MAX_STEM_BYTES = 190;

    static final int MAX_TAIL_BYTES = 20 + 1 + 8 + 1 + 19 + 9;
    /**
     * What follows {@link #tempPrefix} in a temporary name: one part without dots (the attempt tag and
     * sequence), then the suffix.
     */
    private static final Pattern TEMP_TAIL = Pattern.compile("[^.]+" + Pattern.quote(TEMP_SUFFIX));

    /** Counters of one task, summed into the Spark accumulators when it ends. */
    static final class Counters {
        final AtomicLong files = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong requests = new AtomicLong();
    }

    private final FileSystem fs;
    private final Path root;
    private final DownloadOptions options;
    private final DownloadOptions.Commit commit;
    private final DownloadClient client;
    private final FileSystem cloudFs;
    private final String attemptTag;
    private final Counters counters;
    private final AtomicLong sequence = new AtomicLong();

    FileFetcher(
            FileSystem fs,
            Path root,
            DownloadOptions options,
            DownloadClient client,
            FileSystem cloudFs,
            String attemptTag,
            Counters counters)
            throws IOException {
        this.fs = Committer.writable(fs);
        this.root = root;
        this.options = options;
        this.commit = options.commitFor(root.toUri().getScheme());
        this.client = client;
        this.cloudFs = cloudFs;
        this.attemptTag = attemptTag;
        this.counters = counters;
    }

    /** What happened to one file. */
    private record Outcome(String status, String message, long bytes, long expected, String sha256, String source) {}

    /** A transfer into a sink, from MAST or from the cloud copy. */
    private interface Producer {
        DownloadClient.Transfer produce(DownloadClient.Sink sink) throws IOException;
    }

    /** The file was received but is not what the products table describes. */
    private static final class Mismatch extends IOException {
        private static final long serialVersionUID = 1L;

        Mismatch(String message) {
            super(message);
        }
    }

    Row fetch(DownloadTask t) {
        long start = System.nanoTime();
        Path target = new Path(root, t.relativePath());
        ClientMetrics metrics = new ClientMetrics();
        int[] cloudReads = new int[1];
        Outcome o;
        try {
            o = run(t, target, metrics, cloudReads);
        } catch (MastHttpException e) {
            o = error(httpMessage(e), t);
        } catch (MastException e) {
            o = error(e.getMessage(), t);
        } catch (DownloadClient.SinkException e) {
            o = error("writing " + target + " failed: " + describe(e.getCause()), t);
        } catch (Mismatch e) {
            o = error(e.getMessage(), t);
        } catch (IOException | RuntimeException e) {
            o = error("downloading to " + target + " failed: " + describe(e), t);
        }
        long ms = (System.nanoTime() - start) / 1_000_000L;
        int attempts = (int) metrics.requests() + cloudReads[0];
        counters.files.incrementAndGet();
        counters.requests.addAndGet(attempts);
        if (o.status.equals(Manifest.ERROR)) {
            counters.errors.incrementAndGet();
            LOG.warn("MAST download of {} failed: {}", t.dataUri(), o.message);
        } else if (o.status.equals(Manifest.SKIPPED)) {
            counters.skipped.incrementAndGet();
        }
        return Manifest.row(
                t.dataUri(),
                target.toString(),
                o.status,
                o.message,
                o.bytes,
                o.expected >= 0 ? o.expected : null,
                o.sha256,
                attempts,
                ms,
                o.source);
    }

    private Outcome error(String message, DownloadTask t) {
        return new Outcome(Manifest.ERROR, message, 0, t.expectedSize(), null, null);
    }

    private String httpMessage(MastHttpException e) {
        int s = e.status();
        if (s == 401 || s == 403) {
            return (client.config().hasToken()
                            ? "MAST refused the token (HTTP " + s + "): it is invalid or lacks access to this"
                                    + " exclusive-access file"
                            : "MAST requires a token for this exclusive-access file (HTTP " + s + "): set option"
                                    + " 'token' or the environment variable MAST_API_TOKEN")
                    + " [" + e.getMessage() + "]";
        }
        return e.getMessage();
    }

    private Outcome run(DownloadTask t, Path target, ClientMetrics metrics, int[] cloudReads) throws IOException {
        long expected = t.expectedSize();
        boolean replace = options.overwrite();
        String note = null;
        FileStatus existing = Committer.statOrNull(fs, target);
        if (existing != null && existing.isDirectory()) {
            return error("the destination path " + target + " is a directory", t);
        }
        if (existing != null && !options.overwrite()) {
            long want = expected;
            if (want < 0) {
                try {
                    want = retrieveProduct(t.dataUri())
                            ? client.contentLength(
                                    "retrieve_product " + t.dataUri(),
                                    DownloadClient.retrieveProductPath(options.mission(), t.dataUri()),
                                    metrics)
                            : client.contentLength(t.dataUri(), metrics);
                } catch (MastException e) {
                    want = -1;
                }
            }
            if (want >= 0 && existing.getLen() == want) {
                if (t.knownSha256() == null) {
                    cleanOtherTemps(target, null);
                    return new Outcome(Manifest.SKIPPED, "already complete (size matches)", want, want, null, null);
                }
                String actual = sha256Of(target);
                if (actual.equals(t.knownSha256())) {
                    cleanOtherTemps(target, null);
                    return new Outcome(
                            Manifest.SKIPPED,
                            "already complete (size and SHA-256 match the previous manifest)",
                            want,
                            want,
                            actual,
                            null);
                }
                note = "the existing file's SHA-256 differed from the previous manifest; downloaded again";
            } else {
                note = want < 0
                        ? "the existing file's size could not be checked (no size known); downloaded again"
                        : "the existing file had " + existing.getLen() + " bytes, expected " + want
                                + "; downloaded again";
            }
            replace = true;
        }
        if (t.cloudPath() != null && cloudFs != null) {
            Path src = new Path(options.cloudRoot() + t.cloudPath());
            try {
                Outcome o = write(t, target, replace, sink -> fromCloud(src, sink, cloudReads), "cloud");
                return note == null ? o : withNote(o, note);
            } catch (DownloadClient.SinkException | Mismatch e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                String why = e instanceof FileNotFoundException ? "not found" : describe(e);
                note = join(note, "cloud copy " + src + " unavailable (" + why + "); fetched from MAST");
            }
        }
        Outcome o = retrieveProduct(t.dataUri())
                ? write(
                        t,
                        target,
                        replace,
                        sink -> client.fetch(
                                "retrieve_product " + t.dataUri(),
                                DownloadClient.retrieveProductPath(options.mission(), t.dataUri()),
                                sink,
                                metrics),
                        "mission")
                : write(t, target, replace, sink -> client.fetch(t.dataUri(), sink, metrics), "mast");
        return note == null ? o : withNote(o, note);
    }

    /** Whether a URI is a Mission Search product fetched with retrieve_product (not a mast: URI). */
    private boolean retrieveProduct(String uri) {
        return options.mission() != null
                && DownloadOptions.RETRIEVE_PRODUCT_MISSIONS.contains(options.mission())
                && !uri.regionMatches(true, 0, "mast:", 0, 5);
    }

    private static Outcome withNote(Outcome o, String note) {
        return new Outcome(o.status, join(note, o.message), o.bytes, o.expected, o.sha256, o.source);
    }

    private static String join(String a, String b) {
        return a == null ? b : b == null ? a : a + "; " + b;
    }

    /** Streams into the final path by the commit strategy and verifies the size. */
    private Outcome write(DownloadTask t, Path target, boolean replace, Producer producer, String source)
            throws IOException {
        return commit == DownloadOptions.Commit.DIRECT
                ? writeDirect(t, target, producer, source)
                : writeRenamed(t, target, replace, producer, source);
    }

    private Outcome writeRenamed(DownloadTask t, Path target, boolean replace, Producer producer, String source)
            throws IOException {
        Path tmp = new Path(
                target.getParent(),
                tempPrefix(target.getName()) + attemptTag + "-" + sequence.incrementAndGet() + TEMP_SUFFIX);
        FSDataOutputStream[] holder = new FSDataOutputStream[1];
        DownloadClient.Transfer tr = null;
        try {
            tr = producer.produce(restart -> {
                if (holder[0] != null) {
                    Committer.closeQuietly(holder[0]);
                }
                holder[0] = fs.create(tmp, true);
                return holder[0];
            });
            if (holder[0] == null) {
                holder[0] = fs.create(tmp, true);
            }
            holder[0].close();
            verify(t, tr);
            String message = transferNote(tr);
            if (replace || fs.exists(target) || !fs.rename(tmp, target)) {
                FileStatus now = Committer.statOrNull(fs, target);
                if (now != null && !replace && now.getLen() == tr.bytes()) {
                    fs.delete(tmp, false);
                    message = join("another attempt wrote this file first; kept its copy", message);
                } else {
                    Committer.renameReplacing(fs, tmp, target);
                }
            }
            counters.bytes.addAndGet(tr.bytes());
            cleanOtherTemps(target, tmp);
            return new Outcome(Manifest.COMPLETE, message, tr.bytes(), expectedOf(t, tr), tr.sha256(), source);
        } catch (IOException | DownloadClient.SinkException e) {
            // Our temporary file may have been removed by a speculative twin that committed the same file
            // first, even before the transfer began (between creating the file and setting its permissions):
            // its complete copy stands.
            long size = t.expectedSize() >= 0 ? t.expectedSize() : tr != null ? tr.bytes() : -1;
            FileStatus now = e instanceof Mismatch ? null : Committer.statOrNull(fs, target);
            if (!replace && now != null && size >= 0 && now.getLen() == size) {
                return new Outcome(
                        Manifest.COMPLETE,
                        "another attempt wrote this file first; kept its copy",
                        size,
                        tr != null ? expectedOf(t, tr) : t.expectedSize(),
                        tr != null ? tr.sha256() : null,
                        source);
            }
            throw e;
        } finally {
            if (holder[0] != null) {
                Committer.closeQuietly(holder[0]);
            }
            deleteQuietly(tmp);
        }
    }

    private Outcome writeDirect(DownloadTask t, Path target, Producer producer, String source) throws IOException {
        FSDataOutputStream[] holder = new FSDataOutputStream[1];
        boolean ok = false;
        try {
            DownloadClient.Transfer tr = producer.produce(restart -> {
                if (holder[0] != null) {
                    Committer.abort(fs, target, holder[0]);
                }
                holder[0] = fs.create(target, true);
                return holder[0];
            });
            if (holder[0] == null) {
                holder[0] = fs.create(target, true);
            }
            verify(t, tr);
            ok = true;
            holder[0].close();
            counters.bytes.addAndGet(tr.bytes());
            return new Outcome(Manifest.COMPLETE, transferNote(tr), tr.bytes(), expectedOf(t, tr), tr.sha256(), source);
        } finally {
            if (!ok && holder[0] != null) {
                Committer.abort(fs, target, holder[0]);
            }
        }
    }

    private void verify(DownloadTask t, DownloadClient.Transfer tr) throws Mismatch {
        if (tr.contentLength() >= 0 && tr.bytes() != tr.contentLength()) {
            throw new Mismatch("received " + tr.bytes() + " bytes but Content-Length was " + tr.contentLength());
        }
        if (options.verifySize() && t.expectedSize() >= 0 && tr.bytes() != t.expectedSize()) {
            throw new Mismatch("received " + tr.bytes() + " bytes but the products table gives size " + t.expectedSize()
                    + " (option verifySize=false accepts it)");
        }
    }

    private static long expectedOf(DownloadTask t, DownloadClient.Transfer tr) {
        return t.expectedSize() >= 0 ? t.expectedSize() : tr.contentLength();
    }

    private static String transferNote(DownloadClient.Transfer tr) {
        String s = null;
        if (tr.resumes() > 0) {
            s = "resumed " + tr.resumes() + (tr.resumes() == 1 ? " time" : " times") + " with Range";
        }
        if (tr.restarts() > 0) {
            s = join(s, "restarted from byte 0 " + tr.restarts() + (tr.restarts() == 1 ? " time" : " times"));
        }
        return s;
    }

    /** Reads the cloud copy, resuming with a seek after a broken read. */
    private DownloadClient.Transfer fromCloud(Path src, DownloadClient.Sink sink, int[] reads) throws IOException {
        FileSystem cfs = cloudFs;
        long total = cfs.getFileStatus(src).getLen();
        MessageDigest digest = DownloadClient.sha256();
        OutputStream out;
        try {
            out = sink.open(false);
        } catch (IOException e) {
            throw new DownloadClient.SinkException(e);
        }
        long written = 0;
        int resumes = 0;
        int max = client.config().maxAttempts();
        byte[] buf = new byte[64 * 1024];
        for (int attempt = 1; ; attempt++) {
            reads[0]++;
            try (FSDataInputStream in = cfs.open(src)) {
                if (written > 0) {
                    in.seek(written);
                    resumes++;
                }
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (n == 0) {
                        continue;
                    }
                    try {
                        out.write(buf, 0, n);
                    } catch (IOException e) {
                        throw new DownloadClient.SinkException(e);
                    }
                    digest.update(buf, 0, n);
                    written += n;
                }
                if (written == total) {
                    return new DownloadClient.Transfer(
                            written, total, attempt, resumes, 0, HexFormat.of().formatHex(digest.digest()));
                }
                if (written > total) {
                    throw new IOException("the cloud copy grew past its listed size " + total);
                }
                if (attempt >= max) {
                    throw new IOException(
                            "read ended after " + written + " of " + total + " bytes, " + attempt + " attempts");
                }
            } catch (FileNotFoundException e) {
                throw e;
            } catch (IOException e) {
                if (attempt >= max) {
                    throw e;
                }
            }
            try {
                Thread.sleep(DownloadClient.backoffMillis(client.config(), attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while retrying " + src);
            }
        }
    }

    private String sha256Of(Path p) throws IOException {
        MessageDigest d = DownloadClient.sha256();
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = fs.open(p)) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    /** Deletes temporary files of this final path left by other attempts or earlier runs. */
    private void cleanOtherTemps(Path target, Path own) {
        if (commit == DownloadOptions.Commit.DIRECT) {
            return;
        }
        String prefix = tempPrefix(target.getName());
        try {
            FileStatus[] temps = fs.listStatus(target.getParent(), p -> isTempOf(prefix, p.getName()));
            for (FileStatus s : temps) {
                if (own == null || !s.getPath().getName().equals(own.getName())) {
                    fs.delete(s.getPath(), false);
                }
            }
        } catch (IOException e) {
            LOG.debug("Could not list temporary files beside {}: {}", target, describe(e));
        }
    }

    /**
     * The start of the temporary names of a final file name: {@code .<name>.}, or for a name longer than
     * {@value #MAX_STEM_BYTES} bytes its first bytes (whole characters) and a hash of it, so that the
     * temporary name (the attempt tag, sequence and {@code .mastpart} add up to {@value #MAX_TAIL_BYTES}
     * bytes) stays within the 255 bytes a file name may have for every name the path check accepts.
     */
    static String tempPrefix(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= MAX_STEM_BYTES) {
            return "." + name + ".";
        }
        String hash = HexFormat.of().formatHex(DownloadClient.sha256().digest(utf8), 0, 8);
        int keep = MAX_STEM_BYTES - 1 - hash.length();
        // Back off to the start of a UTF-8 character (continuation bytes are 10xxxxxx).
        while (keep > 0 && (utf8[keep] & 0xC0) == 0x80) {
            keep--;
        }
        return "." + new String(utf8, 0, keep, StandardCharsets.UTF_8) + "~" + hash + ".";
    }

    /**
     * Whether a file name is a temporary file of the final name whose {@link #tempPrefix} is given: that
     * prefix, then one part without dots and the suffix. The strict tail keeps the
     * temporary files of {@code x.fits.gz} ({@code .x.fits.gz.<tag>-<n>.mastpart}) from being taken for those
     * of {@code x.fits} (and deleted while being written).
     */
    static boolean isTempOf(String prefix, String fileName) {
        return fileName.startsWith(prefix)
                && TEMP_TAIL.matcher(fileName.substring(prefix.length())).matches();
    }

    private void deleteQuietly(Path p) {
        try {
            fs.delete(p, false);
        } catch (IOException e) {
            LOG.warn("Could not delete the temporary file {}: {}", p, describe(e));
        }
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
