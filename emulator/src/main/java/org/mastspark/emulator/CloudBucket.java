package org.mastspark.emulator;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.BlobMetadata;
import org.jclouds.blobstore.options.GetOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.http.HttpResponse;
import org.jclouds.http.HttpResponseException;
import org.jclouds.io.MutableContentMetadata;
import org.jclouds.io.Payload;
import org.jclouds.io.Payloads;
import org.mastspark.emulator.sky.ProductFile;

/**
 * The emulator's copy of MAST's public cloud bucket {@code s3://stpubdata}: a real S3 endpoint (s3proxy,
 * in this JVM) serving the products published to it ({@link MastEmulator#publishToCloud}) under the keys
 * {@code path_lookup} reports, with the bytes {@code Download/file} serves. Like the real bucket it is read
 * by anonymous clients and refuses writes.
 *
 * <p>Point S3A at it with {@code fs.s3a.bucket.stpubdata.endpoint=}{@link #endpoint()}, path-style
 * access, SSL off and anonymous credentials ({@link #s3aSettings()} lists them).
 *
 * <p>Faults: {@link #stop()} makes the endpoint refuse connections until {@link #restart()};
 * {@link #serviceUnavailableRate(double)} answers reads with 503 SlowDown; {@link #resetMidBodyRate(double)}
 * breaks object bodies off in the middle; {@link #deleteObject(String)} removes an object that
 * {@code path_lookup} still reports (a stale index). Thread safe.
 *
 * <p>Needs {@code org.gaul:s3proxy:3.0.0} on the class path (an optional dependency of the emulator).
 */
public final class CloudBucket implements AutoCloseable {
    /** The bucket's name, as on AWS. */
    public static final String NAME = "stpubdata";

    private final String host;
    private final BlobStoreContext context;
    private final FaultyStore store;
    private final Map<String, String> keysByUri = new ConcurrentHashMap<>();
    private int port;
    private S3Proxy proxy;
    private boolean closed;

    private CloudBucket(String host, int port, Path directory, long seed) {
        this.host = host;
        this.port = port;
        Properties p = new Properties();
        String provider = "transient";
        if (directory != null) {
            provider = "filesystem";
            p.setProperty(
                    "jclouds.filesystem.basedir", directory.toAbsolutePath().toString());
        }
        this.context = ContextBuilder.newBuilder(provider)
                .credentials("unused", "unused")
                .overrides(p)
                .buildView(BlobStoreContext.class);
        this.store = new FaultyStore(context.getBlobStore(), seed);
        store.delegateStore().createContainerInLocation(null, NAME);
        restart();
    }

    /**
     * Starts a bucket on {@code host}: {@code port} 0 picks a free port; {@code directory} null keeps
     * objects in memory, else they are files under it (for large sets).
     */
    static CloudBucket start(String host, int port, Path directory, long seed) {
        try {
            return new CloudBucket(host, port, directory, seed);
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException(
                    "The emulator's cloud bucket needs org.gaul:s3proxy:3.0.0 on the class path"
                            + " (an optional dependency of mast-emulator): add it to your test dependencies",
                    e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: the S3 endpoint (path-style, plain HTTP). */
    public String endpoint() {
        return "http://" + host + ":" + port;
    }

    public int port() {
        return port;
    }

    /** {@value #NAME}. */
    public String bucket() {
        return NAME;
    }

    /**
     * The Hadoop settings that make {@code s3a://stpubdata/...} read this bucket anonymously, leaving other
     * buckets' settings alone (per-bucket keys {@code fs.s3a.bucket.stpubdata.*}).
     */
    public Map<String, String> s3aSettings() {
        String b = "fs.s3a.bucket." + NAME + ".";
        return Map.of(
                b + "endpoint", endpoint(),
                b + "endpoint.region", "us-east-1",
                b + "path.style.access", "true",
                b + "connection.ssl.enabled", "false",
                b + "aws.credentials.provider", "org.apache.hadoop.fs.s3a.AnonymousAWSCredentialsProvider");
    }

    /** The {@code s3://stpubdata/<key>} URI of a published product, or null when it is not published. */
    public String s3Uri(String dataUri) {
        String key = keysByUri.get(dataUri);
        return key == null ? null : "s3://" + NAME + "/" + key;
    }

    /** The key a product was published under (path_lookup's path without its leading '/'), or null. */
    String keyOf(String dataUri) {
        return keysByUri.get(dataUri);
    }

    /** The data URIs published to the bucket (including any whose object was deleted). */
    public Set<String> publishedUris() {
        return new TreeSet<>(keysByUri.keySet());
    }

    /** Whether the bucket holds an object under {@code key}. */
    public boolean containsKey(String key) {
        return store.delegateStore().blobExists(NAME, key);
    }

    /** Number of objects in the bucket. */
    public long objectCount() {
        return store.delegateStore().countBlobs(NAME);
    }

    /** Stores a product's bytes under {@code key}; {@code dataUri} is then reported by path_lookup. */
    void put(String dataUri, String key, ProductFile file) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, file.size()));
        try {
            file.write(0, file.size(), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] b = bytes.toByteArray();
        BlobStore s = store.delegateStore();
        Blob blob = s.blobBuilder(key)
                .payload(b)
                .contentLength(b.length)
                .contentType(
                        key.toLowerCase(Locale.ROOT).endsWith(".fits") ? "application/fits" : "binary/octet-stream")
                .build();
        s.putBlob(NAME, blob);
        keysByUri.put(dataUri, key);
    }

    /**
     * Stores every regular file under {@code root} as an object whose key is {@code prefix} followed by the file's
     * path relative to {@code root} ('/'-separated): how whole datasets (the HATS catalogs) are published.
     *
     * @return the number of objects stored
     */
    long putTree(Path root, String prefix) {
        BlobStore s = store.delegateStore();
        long n = 0;
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(root)) {
            for (Path f :
                    files.filter(java.nio.file.Files::isRegularFile).sorted().toList()) {
                String key = prefix + root.relativize(f).toString().replace(java.io.File.separatorChar, '/');
                Blob blob = s.blobBuilder(key)
                        .payload(f.toFile())
                        .contentLength(java.nio.file.Files.size(f))
                        .contentType("binary/octet-stream")
                        .build();
                s.putBlob(NAME, blob);
                n++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + root + " to the cloud bucket", e);
        }
        return n;
    }

    /** The keys of the bucket's objects that start with {@code prefix}, sorted. */
    public java.util.List<String> keys(String prefix) {
        java.util.List<String> out = new java.util.ArrayList<>();
        BlobStore s = store.delegateStore();
        org.jclouds.blobstore.options.ListContainerOptions o =
                org.jclouds.blobstore.options.ListContainerOptions.Builder.recursive();
        if (!prefix.isEmpty()) {
            o = o.prefix(prefix);
        }
        String marker = null;
        do {
            org.jclouds.blobstore.options.ListContainerOptions page = marker == null ? o : o.afterMarker(marker);
            org.jclouds.blobstore.domain.PageSet<? extends org.jclouds.blobstore.domain.StorageMetadata> set =
                    s.list(NAME, page);
            for (org.jclouds.blobstore.domain.StorageMetadata m : set) {
                if (m.getType() == org.jclouds.blobstore.domain.StorageType.BLOB
                        && m.getName().startsWith(prefix)) {
                    out.add(m.getName());
                }
            }
            marker = set.getNextMarker();
        } while (marker != null);
        java.util.Collections.sort(out);
        return out;
    }

    /**
     * Removes the object of {@code dataUri} from the bucket while {@code path_lookup} keeps reporting its
     * path, as a stale index would: clients must treat the S3 404 as "not in the cloud" and fall back to
     * MAST (astroquery checks every object with {@code head_object} for this reason).
     *
     * @throws IllegalArgumentException when {@code dataUri} was never published
     */
    public void deleteObject(String dataUri) {
        String key = keysByUri.get(dataUri);
        if (key == null) {
            throw new IllegalArgumentException("deleteObject: " + dataUri + " was never published to the cloud bucket");
        }
        store.delegateStore().removeBlob(NAME, key);
    }

    /** The bucket's content stays; the endpoint refuses connections until {@link #restart()}. */
    public synchronized void stop() {
        if (proxy == null) {
            return;
        }
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the cloud bucket at " + endpoint(), e);
        }
        proxy = null;
    }

    /** Serves the bucket again, on the same port (and content) as before {@link #stop()}. */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("the cloud bucket is closed");
        }
        if (proxy != null) {
            return;
        }
        S3Proxy p = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://" + host + ":" + port))
                .awsAuthentication(AuthenticationType.NONE, null, null)
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
            try {
                p.stop();
            } catch (Exception ignored) {
                // best effort
            }
            throw new IllegalStateException("cannot start the cloud bucket on " + host + ":" + port, e);
        }
        this.port = p.getPort();
        this.proxy = p;
    }

    /** Whether the endpoint is serving (not {@link #stop() stopped}). */
    public synchronized boolean running() {
        return proxy != null;
    }

    /** Probability that an object read (GET or HEAD) is answered 503 SlowDown; 0 (default) for none. */
    public CloudBucket serviceUnavailableRate(double p) {
        store.unavailableRate = checkRate("serviceUnavailableRate", p);
        return this;
    }

    /** Probability that an object body is broken off half-way (the connection drops); 0 (default). */
    public CloudBucket resetMidBodyRate(double p) {
        store.resetRate = checkRate("resetMidBodyRate", p);
        return this;
    }

    /** Object reads (GET and HEAD) served so far, faults included. */
    public long objectReads() {
        return store.reads.get();
    }

    private static double checkRate(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be a probability in [0, 1], got " + p);
        }
        return p;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        stop();
        closed = true;
        context.close();
    }

    /** The blob store behind the endpoint: refuses writes (the bucket is read-only) and injects faults. */
    private static final class FaultyStore extends ForwardingBlobStore {
        private final Random random;
        private final java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();
        private volatile double unavailableRate;
        private volatile double resetRate;

        FaultyStore(BlobStore delegate, long seed) {
            super(delegate);
            this.random = new Random(seed ^ 0x5EED_C10D);
        }

        BlobStore delegateStore() {
            return delegate();
        }

        private synchronized boolean draw(double p) {
            return p > 0 && random.nextDouble() < p;
        }

        private void maybeUnavailable() {
            reads.incrementAndGet();
            if (draw(unavailableRate)) {
                throw new HttpResponseException(
                        "injected by the MAST emulator's cloud bucket",
                        null,
                        HttpResponse.builder()
                                .statusCode(503)
                                .message("Slow Down")
                                .build());
            }
        }

        @Override
        public BlobMetadata blobMetadata(String container, String name) {
            maybeUnavailable();
            return super.blobMetadata(container, name);
        }

        @Override
        public Blob getBlob(String container, String name) {
            return getBlob(container, name, GetOptions.NONE);
        }

        @Override
        public Blob getBlob(String container, String name, GetOptions options) {
            maybeUnavailable();
            Blob blob = super.getBlob(container, name, options);
            if (blob == null || !draw(resetRate)) {
                return blob;
            }
            Payload original = blob.getPayload();
            MutableContentMetadata meta = original.getContentMetadata();
            Long length = meta.getContentLength();
            long cut = length == null ? 0 : length / 2;
            InputStream in;
            try {
                in = new Breaking(original.openStream(), cut);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Payload broken = Payloads.newInputStreamPayload(in);
            broken.setContentMetadata(meta);
            blob.setPayload(broken);
            return blob;
        }

        private static RuntimeException readOnly() {
            return new HttpResponseException(
                    "the public cloud bucket is read-only",
                    null,
                    HttpResponse.builder()
                            .statusCode(403)
                            .message("Access Denied")
                            .build());
        }

        @Override
        public String putBlob(String container, Blob blob) {
            throw readOnly();
        }

        @Override
        public String putBlob(String container, Blob blob, org.jclouds.blobstore.options.PutOptions options) {
            throw readOnly();
        }

        @Override
        public void removeBlob(String container, String name) {
            throw readOnly();
        }

        @Override
        public void removeBlobs(String container, Iterable<String> names) {
            throw readOnly();
        }

        @Override
        public boolean createContainerInLocation(org.jclouds.domain.Location location, String container) {
            throw readOnly();
        }

        @Override
        public boolean createContainerInLocation(
                org.jclouds.domain.Location location,
                String container,
                org.jclouds.blobstore.options.CreateContainerOptions options) {
            throw readOnly();
        }

        @Override
        public void deleteContainer(String container) {
            throw readOnly();
        }

        @Override
        public org.jclouds.blobstore.domain.MultipartUpload initiateMultipartUpload(
                String container, BlobMetadata blob, org.jclouds.blobstore.options.PutOptions options) {
            throw readOnly();
        }

        @Override
        public String copyBlob(
                String fromContainer,
                String fromName,
                String toContainer,
                String toName,
                org.jclouds.blobstore.options.CopyOptions options) {
            throw readOnly();
        }
    }

    /** Passes {@code cut} bytes through, then fails as a dropped connection would. */
    private static final class Breaking extends FilterInputStream {
        private long left;

        Breaking(InputStream in, long cut) {
            super(in);
            this.left = cut;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                throw new IOException("connection reset (injected by the MAST emulator's cloud bucket)");
            }
            left--;
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                throw new IOException("connection reset (injected by the MAST emulator's cloud bucket)");
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
