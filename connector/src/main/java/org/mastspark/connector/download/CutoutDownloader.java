package org.mastspark.connector.download;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.cutout.CutoutClient;
import org.mastspark.connector.client.cutout.CutoutSize;
import org.mastspark.connector.client.cutout.RequestPermits;
import org.mastspark.connector.options.CutoutKeys;
import org.mastspark.connector.options.OptionKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cutout files of a DataFrame of requests, written to a Hadoop FileSystem with a manifest: what
 * {@code MastCutouts.download} runs (use that). Plans on the driver (one task per distinct request, refusals
 * as ERROR rows), fetches on the executors ({@link CutoutPartition}), writes {@link CutoutManifest}.
 */
public final class CutoutDownloader {
    private static final Logger LOG = LoggerFactory.getLogger(CutoutDownloader.class);

    /** Threads of one task are at most this many, whatever the limits. */
    private static final int MAX_THREADS = 64;

    private CutoutDownloader() {}

    /** The keys of {@link CutoutKeys} in {@code options}, by key (case ignored); the others stay in {@code rest}. */
    public static Map<OptionKey<?>, String> split(Map<String, String> options, Map<String, String> rest) {
        Map<OptionKey<?>, String> mine = new HashMap<>();
        for (Map.Entry<String, String> e : options.entrySet()) {
            OptionKey<?> key = null;
            for (OptionKey<?> k : CutoutKeys.all()) {
                if (k.name().equalsIgnoreCase(e.getKey())) {
                    key = k;
                }
            }
            if (key == null) {
                rest.put(e.getKey(), e.getValue());
            } else {
                mine.put(key, e.getValue());
            }
        }
        return mine;
    }

    /**
     * Downloads the cutouts of {@code requests} into {@code destination} and returns the manifest.
     *
     * @param requests see {@code MastCutouts.download}
     * @param destination a Hadoop FileSystem URI or path
     * @param options the options of {@code MastCutouts.download}
     * @param permits the application's job-wide limiter
     * @param maxConcurrent the limiter's concurrent requests for the service (to size each task's threads)
     */
    public static Dataset<Row> download(
            Dataset<Row> requests,
            String destination,
            Map<String, String> options,
            RequestPermits permits,
            int maxConcurrent) {
        SparkSession spark = requests.sparkSession();
        Map<String, String> rest = new HashMap<>();
        Map<OptionKey<?>, String> mine = split(options, rest);
        String service = CutoutKeys.SERVICE.parse(mine.get(CutoutKeys.SERVICE));
        CutoutSize defaultSize = CutoutKeys.SIZE.parse(mine.get(CutoutKeys.SIZE));
        String sizeText =
                mine.get(CutoutKeys.SIZE) == null || mine.get(CutoutKeys.SIZE).isBlank()
                        ? "5"
                        : mine.get(CutoutKeys.SIZE).strip();
        String format = CutoutKeys.FORMAT.parse(mine.get(CutoutKeys.FORMAT));
        if (!service.equals(CutoutClient.ZCUT) && mine.get(CutoutKeys.FORMAT) != null && !format.equals("fits")) {
            throw new IllegalArgumentException("Invalid value '" + mine.get(CutoutKeys.FORMAT)
                    + "' for option 'format': " + service + " cutouts are FITS only; jpg and png are Zcut's");
        }
        int concurrency = CutoutKeys.CONCURRENCY.parse(mine.get(CutoutKeys.CONCURRENCY));
        int noFfis = CutoutKeys.NO_FFIS_ATTEMPTS.parse(mine.get(CutoutKeys.NO_FFIS_ATTEMPTS));
        requireSize(defaultSize, service, CutoutKeys.SIZE.name());
        DownloadOptions o = DownloadOptions.resolve(rest, spark);
        if (destination == null || destination.isBlank()) {
            throw new IllegalArgumentException(
                    "No destination given: pass a FileSystem URI such as file:///data/cutouts,"
                            + " hdfs:///data/cutouts or s3a://bucket/cutouts");
        }
        Configuration conf = MastDownloader.hadoopConf(spark, o);
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
        MastDownloader.checkDestination(fs, root, destination, commit);

        Columns c = Columns.of(requests.schema(), service);
        Map<String, List<Row>> previous = Map.of();
        Set<String> markers = new HashSet<>();
        if (!o.overwrite()) {
            try {
                previous = CutoutManifest.byRequest(CutoutManifest.read(fs, CutoutManifest.location(root)));
            } catch (IOException | RuntimeException e) {
                LOG.warn("Ignoring the unreadable manifest {}: {}", CutoutManifest.location(root), e.toString());
            }
            try {
                for (FileStatus st : fs.listStatus(new Path(root, CutoutManifest.MARKERS))) {
                    markers.add(st.getPath().getName());
                }
            } catch (java.io.FileNotFoundException e) {
                // no killed run left markers
            } catch (IOException e) {
                LOG.warn("Ignoring the markers of {}: {}", root, e.toString());
            }
        }

        // Plan on the driver: one task per distinct request; bad rows become ERROR rows without a request.
        Map<String, Row> refused = new LinkedHashMap<>();
        Map<String, CutoutTask> tasks = new LinkedHashMap<>();
        List<Row> input = requests.select(c.columns()).collectAsList();
        for (Row r : input) {
            CutoutTask t = c.task(r, service, sizeText, format);
            if (tasks.containsKey(t.key()) || refused.containsKey(t.key())) {
                continue;
            }
            String why = c.refusal(r, t);
            if (why != null) {
                refused.put(t.key(), CutoutPartition.fileRow(t, null, CutoutManifest.ERROR, why, 0, null, 0, 0, null));
                continue;
            }
            List<Row> prev = previous.getOrDefault(t.key(), List.of());
            String lines = prev.isEmpty() ? null : CutoutManifest.toJsonLines(prev);
            boolean marker =
                    markers.contains(CutoutPartition.marker(root, t.key()).getName());
            tasks.put(t.key(), c.withPrevious(t, lines, marker));
        }

        SparkContext sc = spark.sparkContext();
        int parallelism = Math.max(1, sc.defaultParallelism());
        int n = tasks.size();
        int partitions = o.partitions() > 0
                ? o.partitions()
                : Math.max(1, Math.min(n, Math.max(parallelism * 4, (n + 49) / 50)));
        int running = Math.max(1, Math.min(partitions, parallelism));
        int threads = concurrency > 0 ? concurrency : Math.min(MAX_THREADS, (maxConcurrent + running - 1) / running);
        DownloadTotals totals = DownloadTotals.register(sc);
        LOG.info(
                "MAST cutouts: {} {} requests ({} input rows, {} refused) to {} in {} partitions of {} threads",
                n,
                service,
                input.size(),
                refused.size(),
                root,
                partitions,
                threads);
        List<Row> fetched = List.of();
        if (n > 0) {
            String previousDescription = sc.getLocalProperty("spark.job.description");
            sc.setJobDescription("MAST cutouts: " + n + " " + service + " requests to " + root);
            try (ProgressReporter progress = new ProgressReporter(
                    "MAST cutouts", "requests", n, o.progressIntervalSeconds(), totals, LOG::info)) {
                fetched = JavaSparkContext.fromSparkContext(sc)
                        .parallelize(new ArrayList<>(tasks.values()), partitions)
                        .mapPartitions(new CutoutPartition(
                                root.toString(),
                                o.clientConfig(),
                                permits,
                                commit,
                                o.overwrite(),
                                threads,
                                noFfis,
                                new HadoopConf(conf),
                                totals))
                        .collect();
            } finally {
                sc.setJobDescription(previousDescription);
            }
        }
        List<Row> manifest = new ArrayList<>(refused.values());
        manifest.addAll(fetched);
        try {
            CutoutManifest.write(fs, root, manifest, commit);
        } catch (IOException e) {
            throw new MastException(
                    "The cutouts were written but writing the manifest " + CutoutManifest.location(root) + " failed: "
                            + FileFetcher.describe(e),
                    e);
        }
        cleanUp(fs, root, service);
        return spark.createDataFrame(manifest, CutoutManifest.SCHEMA);
    }

    /** The manifest last written to a destination, as a DataFrame (empty when there is none). */
    public static Dataset<Row> readManifest(SparkSession spark, String destination) {
        Path root = new Path(destination);
        try {
            FileSystem fs =
                    Committer.writable(root.getFileSystem(spark.sparkContext().hadoopConfiguration()));
            return spark.createDataFrame(
                    CutoutManifest.read(fs, CutoutManifest.location(fs.makeQualified(root))), CutoutManifest.SCHEMA);
        } catch (IOException e) {
            throw new MastException("Cannot read the cutout manifest of " + destination + ": " + e, e);
        }
    }

    /**
     * After the manifest is written: the markers (the manifest now holds their rows) and temporary files left by
     * killed tasks (hidden names ending {@code .mastpart}) are deleted. Failures only cost a little space.
     */
    private static void cleanUp(FileSystem fs, Path root, String service) {
        try {
            fs.delete(new Path(root, CutoutManifest.MARKERS), true);
            FileStatus[] left = fs.globStatus(new Path(new Path(root, service), ".*.mastpart"));
            if (left != null) {
                for (FileStatus st : left) {
                    fs.delete(st.getPath(), false);
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not clean the markers or temporary files of {}: {}", root, e.toString());
        }
    }

    /** Refuses a size above MAST's pixel limit before anything is sent. */
    private static void requireSize(CutoutSize size, String service, String field) {
        if (service.equals(CutoutClient.TESSCUT)) {
            size.requireWithinLimit(CutoutSize.TESS_ARCSEC_PER_PIXEL, "TESScut");
        } else if (size.inPixels()) {
            size.requireWithinLimit(1, service.equals(CutoutClient.ZCUT) ? "Zcut" : "Hapcut");
        }
    }

    /** Where the request columns are in the input, and how a row becomes a task. */
    private record Columns(
            String ra, String dec, String objectId, String objectType, String sector, String survey, String size) {
        static Columns of(StructType schema, String service) {
            String ra = find(schema, "ra", NumericType.class, "a number of degrees", "cast(\"double\")");
            String dec = find(schema, "dec", NumericType.class, "a number of degrees", "cast(\"double\")");
            String objectId = find(schema, "objectId", StringType.class, "a string", "cast(\"string\")");
            String objectType = find(schema, "objectType", StringType.class, "a string", "cast(\"string\")");
            String sector = find(schema, "sector", IntegralType.class, "a whole number", "cast(\"int\")");
            String survey = find(schema, "survey", StringType.class, "a string", "cast(\"string\")");
            String size = find(schema, "size", null, null, null);
            if (objectId != null && !service.equals(CutoutClient.TESSCUT)) {
                throw new IllegalArgumentException("Column 'objectId' (a moving target) is for service 'tesscut'"
                        + " only; " + service + " cuts around ra/dec: drop the column or use option service=tesscut");
            }
            if ((ra == null || dec == null) && objectId == null) {
                throw new IllegalArgumentException("MastCutouts.download needs columns 'ra' and 'dec' (degrees), or"
                        + " 'objectId' for a moving target; the requests have "
                        + String.join(", ", schema.fieldNames())
                        + ": rename them, e.g. withColumnRenamed(\"s_ra\", \"ra\"), or resolve names first with"
                        + " MastResolver");
            }
            if (sector != null && !service.equals(CutoutClient.TESSCUT)) {
                throw new IllegalArgumentException(
                        "Column 'sector' is for service 'tesscut' only; drop it for " + service);
            }
            if (survey != null && !service.equals(CutoutClient.ZCUT)) {
                throw new IllegalArgumentException(
                        "Column 'survey' is for service 'zcut' only; drop it for " + service);
            }
            return new Columns(ra, dec, objectId, objectType, sector, survey, size);
        }

        private static String find(StructType schema, String name, Class<?> type, String what, String fix) {
            for (StructField f : schema.fields()) {
                if (f.name().equalsIgnoreCase(name)) {
                    if (type != null && !type.isInstance(f.dataType())) {
                        throw new IllegalArgumentException("Column '" + f.name() + "' is of type "
                                + f.dataType().simpleString() + ", not " + what + ": cast it, e.g. col(\"" + f.name()
                                + "\")." + fix);
                    }
                    return f.name();
                }
            }
            return null;
        }

        /** The selected columns, in a fixed order (missing ones as typed nulls). */
        org.apache.spark.sql.Column[] columns() {
            return new org.apache.spark.sql.Column[] {
                col(ra, DataTypes.DoubleType),
                col(dec, DataTypes.DoubleType),
                col(objectId, DataTypes.StringType),
                col(objectType, DataTypes.StringType),
                col(sector, DataTypes.IntegerType),
                col(survey, DataTypes.StringType),
                col(size, DataTypes.StringType)
            };
        }

        private static org.apache.spark.sql.Column col(String name, DataType type) {
            return (name == null
                            ? org.apache.spark.sql.functions.lit(null)
                            : org.apache.spark.sql.functions.col("`" + name.replace("`", "``") + "`"))
                    .cast(type);
        }

        CutoutTask task(Row r, String service, String defaultSize, String format) {
            Double ra = r.isNullAt(0) ? null : r.getDouble(0);
            Double dec = r.isNullAt(1) ? null : r.getDouble(1);
            String objectId = r.isNullAt(2) || r.getString(2).isBlank()
                    ? null
                    : r.getString(2).strip();
            String objectType = r.isNullAt(3) || r.getString(3).isBlank()
                    ? null
                    : r.getString(3).strip();
            Integer sector = r.isNullAt(4) ? null : r.getInt(4);
            String survey = r.isNullAt(5) || r.getString(5).isBlank()
                    ? null
                    : r.getString(5).strip();
            String size = r.isNullAt(6) || r.getString(6).isBlank()
                    ? defaultSize
                    : r.getString(6).strip();
            StringBuilder key = new StringBuilder(service);
            if (objectId != null) {
                key.append(" object=")
                        .append(objectId)
                        .append(" type=")
                        .append(objectType == null ? "any" : objectType);
                ra = null;
                dec = null;
            } else {
                key.append(" ra=").append(ra).append(" dec=").append(dec);
            }
            key.append(" size=").append(canonical(size));
            if (service.equals(CutoutClient.TESSCUT)) {
                key.append(" sector=").append(sector == null ? "all" : sector.toString());
            } else if (service.equals(CutoutClient.ZCUT)) {
                key.append(" survey=")
                        .append(survey == null ? "all" : survey)
                        .append(" format=")
                        .append(format);
            }
            return new CutoutTask(
                    key.toString(), service, ra, dec, objectId, objectType, size, sector, survey, format, null, false);
        }

        private static String canonical(String size) {
            try {
                CutoutSize s = CutoutSize.parse(size);
                return s.wireY() + "x" + s.wireX() + s.wireUnits().toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                return size;
            }
        }

        CutoutTask withPrevious(CutoutTask t, String previous, boolean marker) {
            return new CutoutTask(
                    t.key(),
                    t.service(),
                    t.ra(),
                    t.dec(),
                    t.objectId(),
                    t.objectType(),
                    t.size(),
                    t.sector(),
                    t.survey(),
                    t.format(),
                    previous,
                    marker);
        }

        /** Why a request is refused without asking MAST, or null. */
        String refusal(Row r, CutoutTask t) {
            if (t.objectId() == null && (t.ra() == null || t.dec() == null)) {
                return "ra or dec is null" + (objectId == null ? "" : " and objectId is null") + ": nothing to cut";
            }
            if (t.ra() != null && (!Double.isFinite(t.ra()) || !Double.isFinite(t.dec()) || Math.abs(t.dec()) > 90)) {
                return "Invalid position (" + t.ra() + ", " + t.dec() + "): ra and dec must be finite degrees, dec"
                        + " from -90 to 90";
            }
            if (t.sector() != null && t.sector() < 1) {
                return "Invalid value '" + t.sector() + "' for 'sector': expected a TESS sector number, 1 or more";
            }
            try {
                requireSize(CutoutSize.parse(t.size()), t.service(), "size");
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
            return null;
        }
    }
}
