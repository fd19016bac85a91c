package org.mastspark.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.mastspark.emulator.hats.HatsFootprint;
import org.mastspark.emulator.hats.HatsWriter;
import org.mastspark.emulator.sky.SyntheticSky;

/**
 * A local MAST that speaks the real wire protocol: the Portal API ({@code /api/v0/invoke}), column
 * configurations, file downloads, curl bundles, cloud path lookups, {@code whoami}, the Mission Search API
 * ({@code /search/...}), the Pan-STARRS catalogs API ({@code /api/v0.1/panstarrs/...}) and the cutout services
 * TESScut, Zcut and Hapcut ({@code /tesscut/...}, {@code /zcut/...}, {@code /hapcut/...}), with MAST's limits on
 * them ({@link Builder#cutoutLimits}). It answers with MAST's recorded responses for the requests they answer and
 * with a deterministic synthetic sky
 * otherwise, and can inject faults ({@link #faults()}).
 *
 * <pre>{@code
 * try (MastEmulator mast = MastEmulator.builder().seed(42).scale(0.05).build()) {
 *     String url = mast.baseUrl();     // http://127.0.0.1:<port>
 * }
 * }</pre>
 *
 * Thread safe. {@link #close()} is idempotent.
 */
public final class MastEmulator implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // MAST's servers answer without Nagle's delay. The JDK's HTTP server writes an answer's headers and body
        // apart, and without TCP_NODELAY a small body waits for the client's delayed acknowledgement of the headers:
        // about 40 ms added to every small answer. The setting is JVM-wide and read once, when the JVM's first JDK
        // HTTP server starts: set it (-Dsun.net.httpserver.nodelay=false to keep the delay) before any other.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }
    /** The product the recorded path_lookup answer (mast_relative_path.json) reports in the cloud. */
    static final String RECORDED_CLOUD_URI = "mast:HST/product/u9o40504m_c3m.fits";

    /**
     * Paths under this prefix are answered as the path after it, and never redirected: {@code
     * faults().redirectTo(baseUrl() + MOVED_PREFIX)} makes every request a same-host redirect.
     */
    public static final String MOVED_PREFIX = "/emulator/moved";

    private final HttpServer server;
    private final ExecutorService executor;
    private final SyntheticSky sky;
    private final Faults faults;
    private final RequestLog log = new RequestLog();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    /** Per user, per path: requests that carried the user's token as the mast_token cookie. */
    private final Map<String, Map<String, java.util.concurrent.atomic.AtomicLong>> authenticated =
            new ConcurrentHashMap<>();

    private final AtomicInteger inFlight = new AtomicInteger();
    private final String baseUrl;
    private final PortalHandler portal;
    private final DownloadHandler downloads;
    private final SantaHandler santa;
    private final MissionsHandler missions;
    private final PanstarrsHandler panstarrs;
    private final TesscutHandler tesscut;
    private final CutoutLimits cutoutLimits;
    private final ZcutHandler zcut;
    private final HapcutHandler hapcut;
    private final CloudBucket cloud;
    private volatile boolean closed;

    private MastEmulator(Builder b) {
        try {
            this.server = HttpServer.create(new InetSocketAddress(b.host, b.port), 512);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + b.host + ":" + b.port, e);
        }
        this.sky = new SyntheticSky(b.seed, b.scale);
        this.faults = new Faults(b.seed);
        this.baseUrl = "http://" + b.host + ":" + server.getAddress().getPort();
        this.portal = new PortalHandler(sky, faults, b.resultLimit, baseUrl);
        if (b.cloud) {
            try {
                this.cloud = CloudBucket.start(b.host, b.cloudPort, b.cloudDirectory, b.seed);
            } catch (RuntimeException e) {
                server.stop(0);
                throw e;
            }
        } else {
            this.cloud = null;
        }
        this.downloads = new DownloadHandler(sky, tokens, baseUrl, cloud);
        if (cloud != null) {
            // The recorded path_lookup answer says this recorded product is in the cloud: keep it true.
            publishToCloud(List.of(RECORDED_CLOUD_URI));
        }
        this.santa = new SantaHandler(sky);
        this.missions = new MissionsHandler(sky, downloads);
        this.panstarrs = new PanstarrsHandler(sky);
        this.tesscut = new TesscutHandler(sky, faults, b.cutoutAnswers);
        this.cutoutLimits = new CutoutLimits(b.cutoutConcurrent, b.cutoutPerSecond, b.cutoutServiceTime);
        this.zcut = new ZcutHandler(b.seed);
        this.hapcut = new HapcutHandler(b.seed);
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(b.threads, r -> {
            Thread t = new Thread(r, "mast-emulator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        if (b.hats != null) {
            try {
                publishHatsToCloud(b.hats);
            } catch (RuntimeException | Error e) {
                close();
                throw e;
            }
        }
    }

    /** A builder: 127.0.0.1, an ephemeral port, seed 42, scale 1.0, MAST's 500,000-row result limit. */
    public static Builder builder() {
        return new Builder();
    }

    /** An emulator with the defaults, started. */
    public static MastEmulator start() {
        return builder().build();
    }

    /** {@code http://127.0.0.1:<port>}: what a client uses as MAST's base URL. */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The synthetic data behind the answers (for tests that compute expectations by brute force). */
    public SyntheticSky sky() {
        return sky;
    }

    public RequestLog requestLog() {
        return log;
    }

    /**
     * The cutout services' limits, e.g. {@code "10 at once, 5 per second, service time 0 ms (each of tesscut, zcut,
     * hapcut)"}.
     */
    public String cutoutLimitsDescription() {
        return (cutoutLimits.concurrent() == 0 ? "no limit" : cutoutLimits.concurrent()) + " at once, "
                + (cutoutLimits.perSecond() == 0 ? "no limit" : cutoutLimits.perSecond()) + " per second, service time "
                + cutoutLimits.serviceTimeNanos() / 1_000_000 + " ms (each of tesscut, zcut, hapcut)";
    }

    /** The live fault settings. */
    public Faults faults() {
        return faults;
    }

    /**
     * Registers a valid MAST token: requests carrying it as the {@code mast_token} cookie may download
     * exclusive-access files, and {@code whoami} names the user.
     */
    public MastEmulator addToken(String token, String user) {
        tokens.put(token, user);
        return this;
    }

    /** The user name {@link #authenticatedRequests(String)} files cookies of unregistered tokens under. */
    public static final String UNREGISTERED = "<unregistered token>";

    /**
     * How many requests per path carried a {@code mast_token} cookie of {@code user} (a token registered with
     * {@link #addToken}, or {@link #UNREGISTERED}): proof that a client sent its token, and where to, without
     * the emulator keeping the token itself.
     */
    public Map<String, Long> authenticatedRequests(String user) {
        Map<String, Long> out = new java.util.TreeMap<>();
        authenticated.getOrDefault(user, Map.of()).forEach((path, n) -> out.put(path, n.get()));
        return out;
    }

    /**
     * The copy of MAST's public cloud bucket {@code s3://stpubdata}, when the emulator was built with
     * {@link Builder#cloud(boolean) cloud(true)}.
     *
     * @throws IllegalStateException when it was not
     */
    public CloudBucket cloud() {
        if (cloud == null) {
            throw new IllegalStateException(
                    "This emulator has no cloud bucket: build it with MastEmulator.builder().cloud(true)");
        }
        return cloud;
    }

    /** Whether the emulator was built with a {@linkplain #cloud() cloud bucket}. */
    public boolean hasCloud() {
        return cloud != null;
    }

    /**
     * Copies products to the {@linkplain #cloud() cloud bucket}, under the key {@code path_lookup} then
     * reports for them, with the bytes {@code Download/file} serves. Publishing a product twice is harmless.
     *
     * @param dataUris product URIs ({@code mast:HST/product/...}); each must exist, be public, and belong to a
     *     mission MAST copies to the cloud (HST, JWST, TESS, Kepler, K2, GALEX, PS1)
     * @return each URI with its {@code s3://stpubdata/<key>}, in the order given
     * @throws IllegalArgumentException naming the first URI that cannot be in the cloud, and why; nothing
     *     is published then
     * @throws IllegalStateException when the emulator has no cloud bucket
     */
    public Map<String, String> publishToCloud(Collection<String> dataUris) {
        CloudBucket bucket = cloud();
        Map<String, String> keys = new LinkedHashMap<>();
        for (String uri : dataUris) {
            org.mastspark.emulator.sky.ProductFile f = downloads.find(uri);
            if (f == null) {
                throw new IllegalArgumentException(
                        "publishToCloud: no product " + uri + " (Download/file answers 404)");
            }
            if (f.exclusiveAccess()) {
                throw new IllegalArgumentException("publishToCloud: " + uri
                        + " is exclusive-access data, which is never in the public cloud bucket");
            }
            String path = downloads.cloudPath(uri);
            if (path == null) {
                throw new IllegalArgumentException("publishToCloud: " + uri + " is not of a mission MAST copies to"
                        + " the cloud; use one of " + new java.util.TreeSet<>(DownloadHandler.cloudCollections()));
            }
            keys.put(uri, path.substring(1));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : keys.entrySet()) {
            bucket.put(e.getKey(), e.getValue(), downloads.find(e.getKey()));
            out.put(e.getKey(), "s3://" + CloudBucket.NAME + "/" + e.getValue());
        }
        return out;
    }

    /**
     * Writes the synthetic HATS catalogs of a footprint ({@link HatsWriter} with its defaults) and publishes them in
     * the {@linkplain #cloud() cloud bucket} under MAST's keys: the Gaia collection
     * {@code gaia/gaia_dr3/public/hats} (with {@code gaia_dr3} and its margin {@code gaia_dr3_10arcs}), the
     * Pan-STARRS object catalog {@code panstarrs/ps1/public/hats/otmo} and its margin {@code otmo_10arcs}.
     *
     * @return the {@code s3://stpubdata/...} URI of each catalog and margin, keyed by its key
     * @throws IllegalStateException when the emulator has no cloud bucket, or parquet-java or Hadoop is missing
     */
    public Map<String, String> publishHatsToCloud(HatsFootprint footprint) {
        return publishHatsToCloud(footprint, w -> w);
    }

    /**
     * As {@link #publishHatsToCloud(HatsFootprint)}, with the writer's options set by {@code options} (for example
     * {@code w -> w.maxRowsPerPartition(5000).rowGroupRows(1000)}).
     */
    public Map<String, String> publishHatsToCloud(
            HatsFootprint footprint, java.util.function.UnaryOperator<HatsWriter> options) {
        CloudBucket bucket = cloud();
        Path tmp;
        try {
            tmp = Files.createTempDirectory("mast-emulator-hats");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Map<String, String> out = new java.util.LinkedHashMap<>();
            HatsWriter writer;
            try {
                writer = options.apply(new HatsWriter(sky));
            } catch (NoClassDefFoundError e) {
                throw new IllegalStateException(
                        "The emulator's HATS catalogs need org.apache.parquet:parquet-hadoop:1.16.0 and"
                                + " org.apache.hadoop:hadoop-client-api and hadoop-client-runtime on the class path"
                                + " (optional dependencies of mast-emulator): add them to your test dependencies",
                        e);
            }
            for (String key : writer.writeMastLayout(footprint, tmp).keySet()) {
                out.put(key, "s3://" + CloudBucket.NAME + "/" + key);
            }
            bucket.putTree(tmp, "");
            return out;
        } finally {
            deleteTree(tmp);
        }
    }

    private static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary directory: left for the OS to clean
        }
    }

    /**
     * Copies every product of a synthetic observation that can be in the cloud (public, of a cloud mission)
     * to the {@linkplain #cloud() cloud bucket}; its exclusive-access products stay out, as on AWS.
     *
     * @return the published URIs with their {@code s3://stpubdata/<key>}; empty when the observation's
     *     mission is not in the cloud or all its products are exclusive
     * @throws IllegalArgumentException when {@code obsid} is not a synthetic observation
     */
    public Map<String, String> publishObservationToCloud(long obsid) {
        List<Map<String, Object>> products = sky.productsOf(obsid);
        if (products.isEmpty()) {
            throw new IllegalArgumentException("publishObservationToCloud: " + obsid + " is not a synthetic obsid");
        }
        List<String> uris = products.stream()
                .map(p -> (String) p.get("dataURI"))
                .filter(u -> downloads.cloudPath(u) != null)
                .toList();
        return publishToCloud(uris);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (cloud != null) {
            cloud.close();
        }
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(com.sun.net.httpserver.HttpExchange http) throws IOException {
        Exchange ex = new Exchange(http, faults);
        boolean faulty = faults.applies(ex.path);
        String cookie = ex.cookie("mast_token");
        if (cookie != null) {
            String user = tokens.getOrDefault(cookie, UNREGISTERED);
            authenticated
                    .computeIfAbsent(user, u -> new ConcurrentHashMap<>())
                    .computeIfAbsent(ex.path, q -> new java.util.concurrent.atomic.AtomicLong())
                    .incrementAndGet();
        }
        log.begin();
        int now = inFlight.incrementAndGet();
        boolean dropped = false;
        try {
            if (faulty && faults.latencyMillis() > 0) {
                Thread.sleep(faults.latencyMillis());
            }
            String redirect = faults.redirectTo();
            if (faulty && redirect != null && !ex.moved) {
                http.getResponseHeaders()
                        .set("Location", redirect + ex.path + (ex.rawQuery.isEmpty() ? "" : "?" + ex.rawQuery));
                ex.sendBytes(302, null, new byte[0]);
                return;
            }
            if (faulty && faults.maxConcurrentRequests() > 0 && now > faults.maxConcurrentRequests()) {
                http.getResponseHeaders().set("Retry-After", Integer.toString(faults.retryAfterSeconds()));
                ex.sendJson(503, "{\"status\": \"ERROR\", \"msg\": \"Too many concurrent requests\"}");
                return;
            }
            int injected = faulty ? faults.drawError() : 0;
            if (injected != 0) {
                if (injected != 500) {
                    http.getResponseHeaders().set("Retry-After", Integer.toString(faults.retryAfterSeconds()));
                }
                ex.sendBytes(
                        injected,
                        "text/html",
                        ("<html><body>" + injected + " (injected by the MAST emulator)</body></html>")
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                return;
            }
            route(ex);
        } catch (FaultyOutputStream.ConnectionDropped e) {
            // Leaving the handler by an exception, without closing the exchange, makes the server drop the
            // connection mid-body: the client sees a reset / premature end, as with MAST.
            dropped = true;
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A bug of the emulator's: answer 500 with what went wrong rather than a silent disconnect.
            if (ex.status == 0) {
                ex.sendJson(
                        500,
                        "{\"status\": \"ERROR\", \"msg\": \"emulator error: "
                                + String.valueOf(e.getMessage()).replace("\"", "'") + "\"}");
            } else {
                dropped = true;
                throw e;
            }
        } finally {
            inFlight.decrementAndGet();
            log.add(new RequestLog.Entry(
                    ex.method,
                    ex.path,
                    ex.rawQuery,
                    ex.service,
                    ex.logged,
                    dropped ? 0 : ex.status,
                    dropped ? -1 : ex.rows,
                    ex.cookie("mast_token") != null,
                    ex.cutoutService,
                    ex.startNanos,
                    ex.admittedNanos,
                    ex.endNanos != 0 ? ex.endNanos : System.nanoTime()));
            if (!dropped) {
                http.close();
            }
        }
    }

    private void route(Exchange ex) throws IOException, InterruptedException {
        CutoutLimits.Service cutout = CutoutLimits.Service.of(ex.path);
        if (cutout == null) {
            dispatch(ex);
            return;
        }
        ex.cutoutService = cutout.logName();
        long now = System.nanoTime();
        if (!cutoutLimits.admit(cutout, now)) {
            ex.http.getResponseHeaders().set("Retry-After", "1");
            ex.sendBytes(
                    503,
                    "text/html; charset=iso-8859-1",
                    CutoutLimits.UNAVAILABLE_HTML.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return;
        }
        ex.admittedNanos = now;
        try {
            long serviceTime = cutoutLimits.serviceTimeNanos();
            if (serviceTime > 0) {
                TimeUnit.NANOSECONDS.sleep(serviceTime);
            }
            if (faults.applies(ex.path) && faults.takeGatewayTimeout()) {
                ex.sendBytes(
                        504,
                        "text/html",
                        CutoutLimits.GATEWAY_TIMEOUT_HTML.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                return;
            }
            dispatch(ex);
        } finally {
            ex.endNanos = System.nanoTime();
            cutoutLimits.release(cutout);
        }
    }

    private void dispatch(Exchange ex) throws IOException {
        String p = ex.path;
        switch (p) {
            case "/api/v0/invoke" -> portal.handle(ex);
            case "/portal/Mashup/Mashup.asmx/columnsconfig" -> columnsConfig(ex);
            case "/api/v0.1/Download/file" -> downloads.file(ex);
            case "/api/v0.1/Download/bundle.sh" -> downloads.bundle(ex);
            case "/api/v0.1/path_lookup/", "/api/v0.1/path_lookup" -> downloads.pathLookup(ex);
            case "/whoami" -> whoami(ex);
            case "/Santa-war/query" -> santa.handle(ex);
            default -> {
                if (p.startsWith("/emulator/bundle/")) {
                    downloads.bundleScript(ex);
                } else if (MissionsHandler.handles(p)) {
                    missions.handle(ex);
                } else if (PanstarrsHandler.handles(p)) {
                    panstarrs.handle(ex);
                } else if (TesscutHandler.handles(p)) {
                    tesscut.handle(ex);
                } else if (ZcutHandler.handles(p)) {
                    zcut.handle(ex);
                } else if (HapcutHandler.handles(p)) {
                    hapcut.handle(ex);
                } else {
                    ex.sendJson(404, "{\"status\": \"ERROR\", \"msg\": \"Not found: " + p.replace("\"", "") + "\"}");
                }
            }
        }
    }

    private void columnsConfig(Exchange ex) throws IOException {
        String id = ex.method.equals("POST")
                ? first(Exchange.params(ex.bodyText(), "colConfigId"))
                : first(Exchange.params(ex.rawQuery, "colConfigId"));
        ex.logged = id;
        String file = switch (id) {
            case "Mast.Caom.Cone" -> "columnsconfig.json";
            case "Mast.Catalogs.Tess.Cone" -> "ticcolumns.json";
            case "Mast.Catalogs.Dd.Cone" -> "ddcolumns.json";
            default -> null;
        };
        if (id.equals("Mast.Caom.Products")) {
            ex.sendJson(200, Recorded.authored("products-columnsconfig.json").toString());
            return;
        }
        ex.sendJson(200, file == null ? "{}" : Recorded.file(file).toString());
    }

    private static String first(java.util.List<String> values) {
        return values.isEmpty() ? "" : values.get(0);
    }

    private void whoami(Exchange ex) throws IOException {
        String token = ex.cookie("mast_token");
        String user = token == null ? null : tokens.get(token);
        ObjectNode o = JSON.createObjectNode();
        if (user == null) {
            o.put("eppn", "");
            o.put("ezid", "anonymous");
            o.putObject("attrib");
            o.put("anon", true);
            o.putArray("scopes");
            o.putNull("session");
            o.putNull("token");
        } else {
            o.put("eppn", user + "@stsci.edu");
            o.put("ezid", user);
            ObjectNode a = o.putObject("attrib");
            a.put("display_name", user);
            a.put("internal", "0");
            o.put("anon", false);
            o.putArray("scopes").add("mast:user:info").add("mast:exclusive_access");
            o.putNull("session");
            o.put("token", token);
        }
        ex.sendJson(200, o.toString());
    }

    /** Settings of an emulator; {@link #build()} starts it. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private long seed = 42;
        private double scale = 1.0;
        private long resultLimit = 500_000;
        private int threads = 64;
        private boolean cloud;
        private int cloudPort;
        private Path cloudDirectory;
        private HatsFootprint hats;
        private int cutoutConcurrent = 10;
        private int cutoutPerSecond = 5;
        private java.time.Duration cutoutServiceTime = java.time.Duration.ZERO;
        private Path cutoutAnswers;

        private Builder() {}

        /**
         * The limits of each cutout service (TESScut, Zcut, Hapcut, each counted on its own): at most {@code
         * concurrent} requests answered at once and {@code perSecond} requests admitted in any sliding second;
         * beyond them {@code 503 Service Temporarily Unavailable} with {@code Retry-After: 1}. Defaults: MAST's
         * documented 10 and 5; 0 turns a limit off.
         */
        public Builder cutoutLimits(int concurrent, int perSecond) {
            new CutoutLimits(concurrent, perSecond, java.time.Duration.ZERO);
            this.cutoutConcurrent = concurrent;
            this.cutoutPerSecond = perSecond;
            return this;
        }

        /**
         * How long each admitted cutout request takes before it is answered, holding its slot (default 0): a
         * service whose cutouts take time, for benchmarks of clients that must keep the slots full.
         */
        public Builder cutoutServiceTime(java.time.Duration value) {
            new CutoutLimits(0, 0, value);
            this.cutoutServiceTime = value;
            return this;
        }

        /**
         * Keep each distinct TESScut cutout answer (the zip's bytes) as a file in {@code directory} and answer
         * repeats of it from there, byte for byte the same. For benchmarks of clients: cutting and deflating a
         * 20 x 20 pixel target pixel file takes the emulator about 55 ms of CPU, on the cores the client under test
         * uses; with the answers kept, the service time ({@link #cutoutServiceTime}) is all a repeated request
         * costs, as on MAST, whose cutting runs on its own machines. Emulators may share a folder. Off by default
         * (null); files are never removed by the emulator.
         */
        public Builder cutoutAnswers(Path directory) {
            this.cutoutAnswers = directory;
            return this;
        }

        /**
         * Publish the synthetic HATS catalogs of this footprint in the cloud bucket when the emulator starts (see
         * {@link MastEmulator#publishHatsToCloud(HatsFootprint)}). Implies {@link #cloud(boolean) cloud(true)}; needs
         * parquet-java and Hadoop's client on the class path.
         */
        public Builder hats(HatsFootprint footprint) {
            this.hats = footprint;
            this.cloud = true;
            return this;
        }

        /**
         * Also start a copy of MAST's public cloud bucket {@code s3://stpubdata} (an in-process S3, see
         * {@link MastEmulator#cloud()}); products are put in it with {@link MastEmulator#publishToCloud}.
         * Off by default; needs {@code org.gaul:s3proxy:3.0.0} on the class path.
         */
        public Builder cloud(boolean value) {
            this.cloud = value;
            return this;
        }

        /** The cloud bucket's port; 0 (default) picks a free one. Implies {@link #cloud(boolean) cloud(true)}. */
        public Builder cloudPort(int value) {
            this.cloudPort = value;
            this.cloud = true;
            return this;
        }

        /**
         * Keep the cloud bucket's objects as files under this directory instead of in memory (for many or
         * large products). Implies {@link #cloud(boolean) cloud(true)}.
         */
        public Builder cloudDirectory(Path value) {
            this.cloudDirectory = value;
            this.cloud = true;
            return this;
        }

        /** The address to listen on; never a host name containing "mast" (astroquery rewrites those). */
        public Builder host(String value) {
            this.host = value;
            return this;
        }

        /** The port; 0 (default) picks a free one. */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** Size of the synthetic sky: 1.0 is 2,000,000 observations. */
        public Builder scale(double value) {
            this.scale = value;
            return this;
        }

        /** Most rows a query may match before the connection is dropped, as MAST does (~500,000). */
        public Builder resultLimit(long value) {
            this.resultLimit = value;
            return this;
        }

        /** Request handler threads. */
        public Builder threads(int value) {
            this.threads = value;
            return this;
        }

        /** The synthetic sky these settings describe, without starting anything. */
        SyntheticSky newSky() {
            return new SyntheticSky(seed, scale);
        }

        /** Starts the emulator. */
        public MastEmulator build() {
            return new MastEmulator(this);
        }
    }
}
