package org.mastspark.connector.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A real HDFS in the test JVM: a {@link MiniDFSCluster} (one NameNode, one DataNode) from
 * {@code hadoop-client-minicluster}, under a temporary directory that {@link #close()} deletes.
 *
 * <pre>{@code
 * try (MiniHdfs hdfs = MiniHdfs.start()) {
 *     spark.range(10).write().parquet(hdfs.path("/out/range"));   // hdfs://localhost:<port>/out/range
 * }
 * }</pre>
 *
 * Tests usually get the JVM's shared instance from {@link StorageExtension}.
 */
public final class MiniHdfs implements AutoCloseable {
    private final Path baseDir;
    private final MiniDFSCluster cluster;
    private final long startupMillis;

    private MiniHdfs(Path baseDir, MiniDFSCluster cluster, long startupMillis) {
        this.baseDir = baseDir;
        this.cluster = cluster;
        this.startupMillis = startupMillis;
    }

    /** Formats and starts a one-DataNode cluster on free ports; waits until it accepts writes. */
    public static MiniHdfs start() {
        long t0 = System.nanoTime();
        Path dir;
        try {
            dir = Files.createTempDirectory("mast-minihdfs-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.toAbsolutePath().toString());
        try {
            MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf)
                    .numDataNodes(1)
                    .format(true)
                    .checkExitOnShutdown(false)
                    .build();
            cluster.waitActive();
            return new MiniHdfs(dir, cluster, (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException e) {
            deleteTree(dir);
            throw new UncheckedIOException("cannot start a MiniDFSCluster under " + dir, e);
        }
    }

    /** {@code hdfs://localhost:<port>}: the NameNode, what {@code fs.defaultFS} would be. */
    public URI uri() {
        return cluster.getURI();
    }

    /** A fully qualified {@code hdfs://} URI of an absolute path ({@code /a/b}) on this cluster. */
    public String path(String absolutePath) {
        if (!absolutePath.startsWith("/")) {
            throw new IllegalArgumentException("path: expected an absolute path like /out/x, got " + absolutePath);
        }
        return uri() + absolutePath;
    }

    /**
     * Hadoop settings a client needs besides the {@code hdfs://} URI: none (the URI names the NameNode);
     * here so tests treat all destinations alike.
     */
    public Map<String, String> hadoopSettings() {
        return Map.of();
    }

    /** A client of this cluster. Not cached; the caller closes it. */
    public FileSystem fileSystem() {
        try {
            return FileSystem.newInstance(uri(), new Configuration());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file under {@code absolutePath} (recursive), as paths relative to it, sorted. */
    public List<String> files(String absolutePath) {
        try (FileSystem fs = fileSystem()) {
            org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(path(absolutePath));
            List<String> out = new ArrayList<>();
            if (!fs.exists(root)) {
                return out;
            }
            String prefix = fs.getFileStatus(root).getPath().toUri().getPath() + "/";
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
            while (it.hasNext()) {
                FileStatus s = it.next();
                out.add(s.getPath().toUri().getPath().substring(prefix.length()));
            }
            out.sort(Comparator.naturalOrder());
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of a file. */
    public byte[] read(String absolutePath) {
        try (FileSystem fs = fileSystem();
                var in = fs.open(new org.apache.hadoop.fs.Path(path(absolutePath)))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Milliseconds {@link #start()} took (format, NameNode, DataNode, first heartbeat). */
    public long startupMillis() {
        return startupMillis;
    }

    /** The cluster itself, for faults (e.g. {@code shutdownDataNode(0)}). */
    public MiniDFSCluster cluster() {
        return cluster;
    }

    @Override
    public void close() {
        cluster.shutdown(true);
        deleteTree(baseDir);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; best effort
        }
    }

    @Override
    public String toString() {
        return "MiniHdfs[" + uri() + "]";
    }
}
