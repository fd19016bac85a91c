package org.mastspark.connector.download;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.ParentNotDirectoryException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.download.DownloadClient;
import org.mastspark.connector.client.download.PathLookupClient;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.RateLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads MAST data products into any Hadoop FileSystem ({@code file://}, {@code hdfs://}, {@code s3a://},
 * ...) on the Spark executors, and returns a manifest: the cluster-scale {@code download_products}.
 *
 * <pre>{@code
 * Dataset<Row> manifest = MastDownloader.builder()
 *         .option("concurrency", "8")
 *         .build()
 *         .download(products, "hdfs:///data/mast");
 * manifest.where("status = 'ERROR'").show(false);
 * }</pre>
 *
 * <p>The input is a products DataFrame (column {@code dataURI}, and when present {@code productFilename},
 * {@code obs_collection}, {@code obs_id}, {@code size}; names in any case), or a DataFrame of one string
 * column of URIs. Duplicated URIs are downloaded once: the manifest ({@link Manifest#SCHEMA}) has one row
 * per distinct URI, in input order. {@link #download} runs eagerly: the returned DataFrame holds the
 * results and does not download again when used. The manifest is also written to {@value
 * Manifest#FILE_NAME} in the destination. Options: {@link DownloadOptions}.
 */
public final class MastDownloader {
    private static final Logger LOG = LoggerFactory.getLogger(MastDownloader.class);

    private final Map<String, String> options;

    private MastDownloader(Map<String, String> options) {
        this.options = options;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options of a downloader (see {@link DownloadOptions}); {@code spark.mast.*} session settings apply too. */
    public static final class Builder {
        private final Map<String, String> options = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

        private Builder() {}

        public Builder option(String key, String value) {
            options.put(Objects.requireNonNull(key, "option key"), value);
            return this;
        }

        public Builder option(String key, long value) {
            return option(key, Long.toString(value));
        }

        public Builder option(String key, boolean value) {
            return option(key, Boolean.toString(value));
        }

        public Builder options(Map<String, String> values) {
            values.forEach(this::option);
            return this;
        }

        /** Checks the options now (errors name the option and the value) and makes the downloader. */
        public MastDownloader build() {
            // The token's sources (a token file on HDFS, a credential provider) need the session's Hadoop
            // configuration: they are resolved by download(), the other options are checked now.
            Map<String, String> others = new HashMap<>(options);
            others.keySet()
                    .removeIf(k -> k.equalsIgnoreCase(MastOptions.TOKEN)
                            || k.equalsIgnoreCase(MastOptions.TOKEN_FILE)
                            || k.equalsIgnoreCase(MastOptions.TOKEN_ALIAS));
            DownloadOptions.resolve(others, Map.of());
            return new MastDownloader(new HashMap<>(options));
        }
    }

    /**
     * Downloads every distinct product to {@code destination} and returns the manifest.
     *
     * @param products a products DataFrame, or one string column of dataURIs
     * @param destination a Hadoop FileSystem URI or path ({@code hdfs://nn/data}, {@code s3a://bucket/mast},
     *     {@code file:///data/mast}); relative paths are resolved by the default FileSystem
     * @return the manifest, one row per distinct dataURI
     */
    public Dataset<Row> download(Dataset<Row> products, String destination) {
        SparkSession spark = products.sparkSession();
        DownloadOptions o = resolve(spark);
        if (destination == null || destination.isBlank()) {
            throw new IllegalArgumentException("No destination given: pass a FileSystem URI such as file:///data/mast,"
                    + " hdfs:///data/mast or s3a://bucket/mast");
        }
        Configuration conf = hadoopConf(spark, o);
        Path root;
        FileSystem fs;
        try {
            root = new Path(destination.trim());
            fs = Committer.writable(root.getFileSystem(conf));
            root = fs.makeQualified(root);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Invalid destination '" + destination + "': " + FileFetcher.describe(e), e);
        }
        DownloadOptions.Commit commit = o.commitFor(root.toUri().getScheme());
        checkDestination(fs, root, destination, commit);

        Map<String, Row> previous = Map.of();
        try {
            previous = Manifest.byUri(Manifest.read(fs, root));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Ignoring the unreadable manifest {}: {}", Manifest.location(root), FileFetcher.describe(e));
        }

        // Plan on the driver: one entry per distinct URI, paths checked, collisions refused.
        List<Row> input = o.mission() == null ? inputRows(products) : missionRows(products, o.mission());
        Map<String, Row> results = new LinkedHashMap<>();
        Map<String, DownloadTask> tasks = new LinkedHashMap<>();
        Map<String, String> pathOwner = new HashMap<>();
        long withoutUri = 0;
        for (Row r : input) {
            String uri = r.getString(0);
            if (uri == null || uri.isBlank()) {
                withoutUri++;
                results.putIfAbsent("", null);
                continue;
            }
            if (results.containsKey(uri)) {
                continue;
            }
            results.put(uri, null);
            String rel;
            try {
                rel = ProductPaths.relativePath(o.layout(), uri, r.getString(1), r.getString(2), r.getString(3));
            } catch (IllegalArgumentException e) {
                results.put(uri, Manifest.error(uri, null, e.getMessage()));
                continue;
            }
            String full = new Path(root, rel).toString();
            String owner = pathOwner.putIfAbsent(full, uri);
            if (owner != null) {
                results.put(
                        uri,
                        Manifest.error(
                                uri,
                                full,
                                "another product, " + owner + ", has the same destination path: use layout"
                                        + " 'mastDownload' (per observation folders) or download them separately"));
                continue;
            }
            long size = r.isNullAt(4) ? -1 : r.getLong(4);
            String known = null;
            Row prev = previous.get(uri);
            if (prev != null
                    && full.equals(prev.getString(1))
                    && !Manifest.ERROR.equals(prev.getString(2))
                    && prev.getString(6) != null) {
                known = prev.getString(6);
            }
            // A size of 0 or less is taken as unknown (then Content-Length is the reference).
            tasks.put(uri, new DownloadTask(uri, rel, size > 0 ? size : -1, known, null));
        }
        if (withoutUri > 0) {
            results.put("", Manifest.error("", null, withoutUri + " input row(s) have no dataURI (null or blank)"));
        }
        List<DownloadTask> planned = new ArrayList<>(tasks.values());
        if (o.cloud() && !planned.isEmpty()) {
            planned = withCloudPaths(planned, o);
        }

        SparkContext sc = spark.sparkContext();
        int parallelism = Math.max(1, sc.defaultParallelism());
        // By default at least 4 tasks per core, and at most ~100 files per task: the driver's progress (counted
        // as tasks end) then moves often, and a lost task costs little to redo.
        int partitions = o.partitions() > 0
                ? o.partitions()
                : Math.max(1, Math.min(planned.size(), Math.max(parallelism * 4, (planned.size() + 99) / 100)));
        double perTask = o.requestsPerSecond() / Math.max(1, Math.min(partitions, parallelism));
        DownloadTotals totals = DownloadTotals.register(sc);
        LOG.info(
                "MAST download: {} distinct files ({} input rows, {} refused) to {} in {} partitions, commit={}",
                planned.size(),
                input.size(),
                results.size() - planned.size(),
                root,
                partitions,
                commit);
        List<Row> downloaded = List.of();
        if (!planned.isEmpty()) {
            String previousDescription = sc.getLocalProperty("spark.job.description");
            sc.setJobDescription("MAST download: " + planned.size() + " files to " + root);
            try (ProgressReporter progress =
                    new ProgressReporter(planned.size(), o.progressIntervalSeconds(), totals, LOG::info)) {
                downloaded = JavaSparkContext.fromSparkContext(sc)
                        .parallelize(planned, partitions)
                        .mapPartitions(new DownloadPartition(root.toString(), o, new HadoopConf(conf), perTask, totals))
                        .collect();
            } finally {
                sc.setJobDescription(previousDescription);
            }
        }
        for (Row r : downloaded) {
            results.put(r.getString(0), r);
        }
        List<Row> manifest = new ArrayList<>(results.values());
        try {
            Manifest.write(fs, root, manifest, commit);
        } catch (IOException e) {
            throw new MastException(
                    "The files were downloaded but writing the manifest " + Manifest.location(root) + " failed: "
                            + FileFetcher.describe(e),
                    e);
        }
        return spark.createDataFrame(manifest, Manifest.SCHEMA);
    }

    /**
     * Refuses, on the driver and before any file is fetched, a destination the job could not write into: a
     * file, a path under a file, a folder that cannot be created or (with temporary files and renames) one
     * that cannot be written. Otherwise every file would fail on the executors and only the manifest's
     * failure would be reported. Creates the folder when missing (not on object stores, where it is a prefix).
     */
    static void checkDestination(FileSystem fs, Path root, String given, DownloadOptions.Commit commit) {
        String prefix = "Invalid destination '" + given.trim() + "': ";
        try {
            FileStatus status = statOrNull(fs, root);
            if (status != null && !status.isDirectory()) {
                throw new IllegalArgumentException(prefix + root + " is a file, not a folder: pass a folder (it is"
                        + " created when missing) or move the file away");
            }
            if (status == null) {
                // On an object store (direct) folders are only key prefixes: the parents are checked, but no
                // folder marker object is made.
                for (Path p = root.getParent(); p != null; p = p.getParent()) {
                    FileStatus ancestor = statOrNull(fs, p);
                    if (ancestor != null) {
                        if (!ancestor.isDirectory()) {
                            throw new IllegalArgumentException(prefix + p + " is a file, so no folder can be created"
                                    + " under it: pass a destination whose parents are folders");
                        }
                        break;
                    }
                }
                boolean made = commit == DownloadOptions.Commit.DIRECT;
                try {
                    made = made || fs.mkdirs(root);
                } catch (IOException e) {
                    throw new IllegalArgumentException(
                            prefix + "the folder " + root + " cannot be created (" + FileFetcher.describe(e)
                                    + "): pass a folder this job can create and write to",
                            e);
                }
                if (!made) {
                    throw new IllegalArgumentException(prefix + "the folder " + root + " cannot be created (mkdirs"
                            + " failed): pass a folder this job can create and write to");
                }
            }
            if (commit != DownloadOptions.Commit.DIRECT) {
                // Object stores (direct) are left alone: a probe there is a billed PUT and DELETE, and their
                // write access is per object anyway.
                Path probe = new Path(root, "._mast_write_check." + UUID.randomUUID());
                try {
                    fs.create(probe, false).close();
                } catch (IOException e) {
                    throw new IllegalArgumentException(
                            prefix + "the folder " + root + " is not writable (" + FileFetcher.describe(e)
                                    + "): pass a folder this job can write to, or grant it write access",
                            e);
                }
                fs.delete(probe, false);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    prefix + "checking " + root + " failed (" + FileFetcher.describe(e)
                            + "): pass a folder this job can reach and write to",
                    e);
        }
    }

    /** The status of a path, or null when it or a parent does not exist (or a parent is a file). */
    private static FileStatus statOrNull(FileSystem fs, Path p) throws IOException {
        try {
            return Committer.statOrNull(fs, p);
        } catch (ParentNotDirectoryException e) {
            return null;
        }
    }

    /** The manifest last written to a destination, as a DataFrame (empty when there is none). */
    public static Dataset<Row> readManifest(SparkSession spark, String destination) {
        Path root = new Path(destination);
        try {
            FileSystem fs =
                    Committer.writable(root.getFileSystem(spark.sparkContext().hadoopConfiguration()));
            return spark.createDataFrame(Manifest.read(fs, fs.makeQualified(root)), Manifest.SCHEMA);
        } catch (IOException e) {
            throw new MastException(
                    "Reading the manifest of " + destination + " failed: " + FileFetcher.describe(e), e);
        }
    }

    /**
     * The curl script MAST makes for these URIs ({@code Download/bundle.sh}), astroquery's
     * {@code download_products(curl_flag=True)}: for users who want to fetch the files themselves.
     */
    public String curlScript(SparkSession spark, List<String> dataUris) {
        DownloadOptions o = resolve(spark);
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(dataUris));
        return new DownloadClient(o.clientConfig(), RateLimiter.perSecond(o.requestsPerSecond()))
                .bundleScript(distinct, new ClientMetrics());
    }

    /**
     * Writes {@link #curlScript} to {@code <destination>/mastDownload_<yyyyMMddHHmmss>.sh} (as astroquery
     * names it) and returns the file's path.
     */
    public String writeCurlScript(SparkSession spark, List<String> dataUris, String destination) {
        String script = curlScript(spark, dataUris);
        DownloadOptions o = resolve(spark);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT));
        Path root = new Path(destination);
        try {
            FileSystem fs = Committer.writable(root.getFileSystem(hadoopConf(spark, o)));
            Path target = fs.makeQualified(new Path(root, "mastDownload_" + stamp + ".sh"));
            byte[] bytes = script.getBytes(StandardCharsets.UTF_8);
            if (o.commitFor(target.toUri().getScheme()) == DownloadOptions.Commit.DIRECT) {
                Committer.writeDirect(fs, target, bytes);
            } else {
                Path tmp = new Path(root, "." + target.getName() + ".mastpart");
                try (OutputStream out = fs.create(tmp, true)) {
                    out.write(bytes);
                }
                Committer.renameReplacing(fs, tmp, target);
            }
            return target.toString();
        } catch (IOException e) {
            throw new MastException(
                    "Writing the curl script to " + destination + " failed: " + FileFetcher.describe(e), e);
        }
    }

    private DownloadOptions resolve(SparkSession spark) {
        return DownloadOptions.resolve(options, spark);
    }

    /** The session's Hadoop configuration, with {@code fs.*} options and the cloud bucket's settings. */
    static Configuration hadoopConf(SparkSession spark, DownloadOptions o) {
        Configuration conf = new Configuration(spark.sparkContext().hadoopConfiguration());
        o.hadoopSettings().forEach(conf::set);
        if (o.cloud()) {
            URI root = URI.create(o.cloudRoot());
            if ("s3a".equalsIgnoreCase(root.getScheme()) && root.getHost() != null) {
                String b = "fs.s3a.bucket." + root.getHost() + ".";
                if (conf.get(b + "aws.credentials.provider") == null) {
                    conf.set(
                            b + "aws.credentials.provider", "org.apache.hadoop.fs.s3a.AnonymousAWSCredentialsProvider");
                }
                if (o.cloudEndpoint() != null) {
                    conf.set(b + "endpoint", o.cloudEndpoint());
                    conf.set(b + "path.style.access", "true");
                    if (o.cloudEndpoint().startsWith("http://")) {
                        conf.set(b + "connection.ssl.enabled", "false");
                    }
                }
            }
        }
        return conf;
    }

    /** Asks path_lookup (40 URIs per request) where each product is in the cloud. */
    private static List<DownloadTask> withCloudPaths(List<DownloadTask> planned, DownloadOptions o) {
        List<String> uris = new ArrayList<>();
        // path_lookup knows MAST dataURIs only (not the <dataset>/<file> names of Mission Search products).
        planned.stream()
                .map(DownloadTask::dataUri)
                .filter(u -> u.regionMatches(true, 0, "mast:", 0, 5))
                .forEach(uris::add);
        if (uris.isEmpty()) {
            return planned;
        }
        Map<String, String> paths;
        try {
            paths = new PathLookupClient(o.clientConfig(), RateLimiter.perSecond(o.requestsPerSecond()))
                    .lookup(uris, new ClientMetrics());
        } catch (MastException e) {
            LOG.warn("MAST path_lookup failed ({}); downloading every file from MAST", e.getMessage());
            return planned;
        }
        LOG.info("MAST download: {} of {} files are in the cloud copy {}", paths.size(), planned.size(), o.cloudRoot());
        List<DownloadTask> out = new ArrayList<>(planned.size());
        for (DownloadTask t : planned) {
            out.add(new DownloadTask(
                    t.dataUri(), t.relativePath(), t.expectedSize(), t.knownSha256(), paths.get(t.dataUri())));
        }
        return out;
    }

    /** {@code dataURI, productFilename, obs_collection, obs_id, size} of every input row (absent ones null). */
    private static List<Row> inputRows(Dataset<Row> products) {
        StructType schema = products.schema();
        String uri = find(schema, "dataURI");
        if (uri == null) {
            if (schema.fields().length == 1 && schema.fields()[0].dataType().equals(DataTypes.StringType)) {
                uri = schema.fieldNames()[0];
            } else {
                throw new IllegalArgumentException("The products DataFrame has no column 'dataURI' (columns: "
                        + String.join(", ", schema.fieldNames())
                        + "); pass MAST products or a DataFrame of one string column of URIs");
            }
        }
        Column[] cols = {
            col(quote(uri)).cast(DataTypes.StringType),
            optional(schema, "productFilename", DataTypes.StringType),
            optional(schema, "obs_collection", DataTypes.StringType),
            optional(schema, "obs_id", DataTypes.StringType),
            optional(schema, "size", DataTypes.LongType)
        };
        return products.select(cols).collectAsList();
    }

    /**
     * The rows of Mission Search products ({@code post_list_products}: {@code uri}, {@code filename},
     * {@code dataset}, {@code size}) as {@code dataURI, productFilename, obs_collection, obs_id, size}: the
     * collection folder is the mission, the observation folder the dataset (astroquery's
     * {@code mastDownload/<mission>/<dataset>/<file>}).
     */
    private static List<Row> missionRows(Dataset<Row> products, String mission) {
        StructType schema = products.schema();
        String uri = find(schema, "uri");
        if (uri == null) {
            uri = find(schema, "dataURI");
        }
        if (uri == null) {
            if (schema.fields().length == 1 && schema.fields()[0].dataType().equals(DataTypes.StringType)) {
                uri = schema.fieldNames()[0];
            } else {
                throw new IllegalArgumentException("Option source=mission:" + mission + ": the products DataFrame has"
                        + " no column 'uri' (columns: " + String.join(", ", schema.fieldNames())
                        + "); pass the products of the mission (post_list_products rows) or one string column of"
                        + " their uris");
            }
        }
        String file = find(schema, "filename");
        String dataset = find(schema, "dataset");
        Column u = col(quote(uri)).cast(DataTypes.StringType);
        // Without a dataset column: the first part of a <dataset>/<file> uri (none for mast: URIs).
        Column datasetOf = dataset != null
                ? col(quote(dataset)).cast(DataTypes.StringType)
                : org.apache
                        .spark
                        .sql
                        .functions
                        .when(
                                u.startsWith("mast:").or(u.contains("/").equalTo(false)),
                                org.apache.spark.sql.functions.lit(null))
                        .otherwise(org.apache.spark.sql.functions.substring_index(u, "/", 1));
        Column[] cols = {
            u,
            (file == null ? org.apache.spark.sql.functions.lit(null) : col(quote(file)))
                    .cast(DataTypes.StringType)
                    .as("productFilename"),
            org.apache.spark.sql.functions.lit(mission).as("obs_collection"),
            datasetOf.cast(DataTypes.StringType).as("obs_id"),
            optional(schema, "size", DataTypes.LongType)
        };
        return products.select(cols).collectAsList();
    }

    private static Column optional(StructType schema, String name, DataType type) {
        String f = find(schema, name);
        return (f == null ? org.apache.spark.sql.functions.lit(null) : col(quote(f)))
                .cast(type)
                .as(name);
    }

    private static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private static String find(StructType schema, String name) {
        for (String f : schema.fieldNames()) {
            if (f.equalsIgnoreCase(name)) {
                return f;
            }
        }
        return null;
    }
}
