package org.mastspark.connector.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.options.ListContainerOptions;

/**
 * A real S3 destination in the test JVM: s3proxy 3.0.0 over an in-memory blob store, requiring AWS
 * signatures (V2 or V4) with {@link #accessKey()}/{@link #secretKey()}, holding the bucket
 * {@value #BUCKET} (and any made with {@link #createBucket}).
 *
 * <pre>{@code
 * try (MiniS3 s3 = MiniS3.start()) {
 *     HadoopSettings.apply(spark, s3.hadoopSettings());
 *     spark.range(10).write().parquet(s3.path("out/range"));       // s3a://dest-bucket/out/range
 *     s3.keys("out/");                                             // what S3 really holds
 * }
 * }</pre>
 *
 * Tests usually get the JVM's shared instance from {@link StorageExtension}.
 */
public final class MiniS3 implements AutoCloseable {
    /** The destination bucket every instance has. */
    public static final String BUCKET = "dest-bucket";

    private static final String ACCESS_KEY = "mast-test-access-key";
    private static final String SECRET_KEY = "mast-test-secret-key";

    private final BlobStoreContext context;
    private final BlobStore store;
    private final List<String> buckets = new ArrayList<>();
    private final long startupMillis;
    private int port;
    private S3Proxy proxy;

    private MiniS3(long t0) {
        this.context = ContextBuilder.newBuilder("transient")
                .credentials(ACCESS_KEY, SECRET_KEY)
                .buildView(BlobStoreContext.class);
        this.store = context.getBlobStore();
        createBucket(BUCKET);
        restart();
        this.startupMillis = (System.nanoTime() - t0) / 1_000_000;
    }

    /** Starts on a free port of 127.0.0.1 with the bucket {@value #BUCKET}. */
    public static MiniS3 start() {
        return new MiniS3(System.nanoTime());
    }

    /** {@code http://127.0.0.1:<port>} (path-style, plain HTTP). */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    /** {@code s3a://dest-bucket/<key>}. */
    public String path(String key) {
        return "s3a://" + BUCKET + "/" + (key.startsWith("/") ? key.substring(1) : key);
    }

    /** Creates another bucket; its S3A settings are in {@link #hadoopSettings()} from then on. */
    public synchronized MiniS3 createBucket(String name) {
        store.createContainerInLocation(null, name);
        if (!buckets.contains(name)) {
            buckets.add(name);
        }
        return this;
    }

    /**
     * The Hadoop settings that make S3A write and read this server's buckets with its keys: per bucket
     * ({@code fs.s3a.bucket.<name>.*}), so other buckets (like the anonymous {@code stpubdata}) keep their own,
     * plus {@code fs.s3a.impl.disable.cache=true} (a cached S3A client would outlive a restarted endpoint and
     * retry for minutes).
     */
    public synchronized Map<String, String> hadoopSettings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("fs.s3a.impl.disable.cache", "true");
        for (String b : buckets) {
            String p = "fs.s3a.bucket." + b + ".";
            m.put(p + "endpoint", endpoint());
            m.put(p + "endpoint.region", "us-east-1");
            m.put(p + "path.style.access", "true");
            m.put(p + "connection.ssl.enabled", "false");
            m.put(p + "aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
            m.put(p + "access.key", ACCESS_KEY);
            m.put(p + "secret.key", SECRET_KEY);
        }
        return m;
    }

    /** Keys of {@value #BUCKET} starting with {@code prefix} (all when empty), sorted: what S3 really holds. */
    public List<String> keys(String prefix) {
        return keys(BUCKET, prefix);
    }

    /** Keys of {@code bucket} starting with {@code prefix}, sorted. */
    public List<String> keys(String bucket, String prefix) {
        List<String> out = new ArrayList<>();
        ListContainerOptions o = ListContainerOptions.Builder.recursive();
        if (!prefix.isEmpty()) {
            o = o.prefix(prefix);
        }
        String marker = null;
        do {
            PageSet<? extends StorageMetadata> page = store.list(bucket, marker == null ? o : o.afterMarker(marker));
            for (StorageMetadata m : page) {
                if (m.getType() == StorageType.BLOB) {
                    out.add(m.getName());
                }
            }
            marker = page.getNextMarker();
        } while (marker != null);
        out.sort(null);
        return out;
    }

    /** The bytes of an object of {@value #BUCKET}, or null when there is none. */
    public byte[] object(String key) {
        Blob b = store.getBlob(BUCKET, key);
        if (b == null) {
            return null;
        }
        try (InputStream in = b.getPayload().openStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The endpoint refuses connections until {@link #restart()}; the content stays. */
    public synchronized void stop() {
        if (proxy != null) {
            try {
                proxy.stop();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop MiniS3 at " + endpoint(), e);
            }
            proxy = null;
        }
    }

    /** Serves again on the same port and content. */
    public synchronized void restart() {
        if (proxy != null) {
            return;
        }
        S3Proxy p = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            p.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(p.getState()) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            if (!"STARTED".equals(p.getState())) {
                throw new IllegalStateException("state " + p.getState());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot start MiniS3 on port " + port, e);
        }
        port = p.getPort();
        proxy = p;
    }

    /** Milliseconds {@link #start()} took. */
    public long startupMillis() {
        return startupMillis;
    }

    @Override
    public synchronized void close() {
        stop();
        context.close();
    }

    @Override
    public String toString() {
        return "MiniS3[" + endpoint() + "]";
    }
}
