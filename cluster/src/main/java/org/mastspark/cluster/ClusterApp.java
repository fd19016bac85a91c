package org.mastspark.cluster;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.mastspark.connector.MastProducts;
import org.mastspark.connector.crossmatch.MastCrossmatch;
import org.mastspark.connector.download.MastDownloader;

/**
 * The application {@code ClusterIT} submits to a standalone cluster with only the user-facing jar: what a user
 * runs, in each of the connector's roles, with its results written as JSON for the test to check against the
 * emulator. Written in Java against API that Spark 3.5 to 4.2 share (no {@code scala.*} types), so one jar runs
 * on Scala 2.12 and 2.13.
 *
 * <p>{@code ClusterApp <result.json> <mode> [<download dir>]}; mode {@code full} runs every step, {@code quick}
 * (the {@code --packages} submit) the pushdown read and SQL name resolution, {@code bench} reads every
 * observation into a {@code noop} sink. MAST's base URL comes from {@code spark.mast.baseUrl}.
 */
public final class ClusterApp {
    /** Centre of the observation and catalog cones (M101). */
    static final double RA = 210.8025;

    static final double DEC = 54.3489;

    /** The pushdown read's cone radius in degrees. */
    static final double OBS_RADIUS = 0.5;

    /** The pushdown read's filters, as Spark SQL: an exact range and a discrete value, both pushed to MAST. */
    static final String OBS_FILTER = "obs_collection = 'HST' AND t_exptime >= 100";

    /** The names resolved through SQL. */
    static final List<String> NAMES = List.of("M101", "Vega", "NGC 581", "Barnard's Star", "no such object 12345");

    /** The catalog cone: Gaia DR3, read sky-tiled because the row cap is set far below its size. */
    static final double GAIA_RA = 30.5;

    static final double GAIA_DEC = 10.0;

    static final double GAIA_RADIUS = 0.35;

    static final int GAIA_MAX_RESULT_ROWS = 2_000;

    private ClusterApp() {}

    public static void main(String[] args) throws Exception {
        long mainStart = System.currentTimeMillis();
        if (args.length < 2) {
            throw new IllegalArgumentException(
                    "usage: ClusterApp <result.json> <full|quick|bench> [<download dir> <light-curve dir>]");
        }
        Path out = Path.of(args[0]);
        String mode = args[1];
        Json json = new Json();
        json.put("jvm_start_ms", ManagementFactory.getRuntimeMXBean().getStartTime());
        json.put("main_start_ms", mainStart);
        SparkSession spark =
                SparkSession.builder().appName("mast-spark cluster test").getOrCreate();
        json.put("session_up_ms", System.currentTimeMillis());
        Tasks tasks = new Tasks();
        spark.sparkContext().addSparkListener(tasks);
        try {
            json.put("spark_version", spark.version());
            json.put("serializer", spark.conf().get("spark.serializer", ""));
            json.put("extensions", spark.conf().get("spark.sql.extensions", ""));
            json.put("app_id", spark.sparkContext().applicationId());
            json.put("executors_registered_ms", waitForExecutors(spark, 2));
            switch (mode) {
                case "full" -> {
                    List<String> obsids = observations(spark, json);
                    names(spark, json);
                    gaia(spark, json);
                    crossmatch(spark, json);
                    download(spark, json, obsids.subList(0, Math.min(3, obsids.size())), args[2]);
                    fits(spark, json, args[3]);
                    sqlCatalog(spark, json);
                }
                case "quick" -> {
                    observations(spark, json);
                    names(spark, json);
                }
                case "bench" -> bench(spark, json);
                default ->
                    throw new IllegalArgumentException("Invalid mode '" + mode + "': expected full, quick or bench");
            }
            tasks.awaitIdle();
            json.put("task_executors", tasks.executors());
            json.put("task_hosts", tasks.hosts());
            json.put("tasks", tasks.count.get());
            json.put("records_read", tasks.recordsRead.get());
        } finally {
            json.put("end_ms", System.currentTimeMillis());
            Files.writeString(out, json.toString(), StandardCharsets.UTF_8);
            spark.stop();
        }
    }

    /** Waits until {@code n} executors have registered, so that tasks can spread over both workers. */
    private static long waitForExecutors(SparkSession spark, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (spark.sparkContext().statusTracker().getExecutorInfos().length < n + 1) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Fewer than " + n + " executors registered within 120 s");
            }
            Thread.sleep(100);
        }
        return System.currentTimeMillis();
    }

    private static Dataset<Row> observationsRead(SparkSession spark) {
        return spark.read()
                .format("mast")
                .option("coordinates", RA + " " + DEC)
                .option("radius", OBS_RADIUS + "deg")
                .option("pagesize", "500")
                .load("observations")
                .where(OBS_FILTER);
    }

    /** (a) A read with filters and columns pushed to MAST, and a sky function over it, through SQL. */
    private static List<String> observations(SparkSession spark, Json json) {
        Dataset<Row> obs = observationsRead(spark).select("obsid", "s_ra", "s_dec", "obs_collection", "t_exptime");
        obs.createOrReplaceTempView("obs");
        json.put("obs_partitions", obs.javaRDD().getNumPartitions());
        List<Row> rows = spark.sql("SELECT CAST(obsid AS STRING) AS obsid,"
                        + " mast_angular_distance(s_ra, s_dec, " + RA + ", " + DEC + ") AS sep"
                        + " FROM obs ORDER BY obsid")
                .collectAsList();
        List<String> ids = new ArrayList<>();
        List<Object> seps = new ArrayList<>();
        for (Row r : rows) {
            ids.add(r.getString(0));
            seps.add(r.isNullAt(1) ? null : r.getDouble(1));
        }
        json.put("obs_ids", ids);
        json.put("obs_distances", seps);
        json.put("obs_done_ms", System.currentTimeMillis());
        return ids;
    }

    /**
     * (g) The SQL catalog, registered at run time: the cone of (a) written in SQL as {@code mast.in_cone} and as
     * {@code mast.angular_distance <= r}; for each, the rows, whether the scan took the cone as MAST's search region
     * (its plan string), or the error.
     */
    private static void sqlCatalog(SparkSession spark, Json json) {
        spark.conf().set("spark.sql.catalog.mast", "org.mastspark.connector.sql.MastSqlCatalog");
        spark.conf().set("spark.sql.catalog.mast.pagesize", "500");
        String[][] forms = {
            {"in_cone", "mast.in_cone(s_ra, s_dec, " + RA + ", " + DEC + ", " + OBS_RADIUS + ")"},
            {"distance", "mast.angular_distance(s_ra, s_dec, " + RA + ", " + DEC + ") <= " + OBS_RADIUS}
        };
        for (String[] form : forms) {
            // a declination band (a range MAST evaluates) keeps the read small where Spark keeps the cone from the
            // scan: the cone's rows all lie in it
            String query = "SELECT CAST(obsid AS STRING) AS obsid FROM mast.observations WHERE " + form[1] + " AND "
                    + OBS_FILTER + " AND s_dec BETWEEN " + (DEC - OBS_RADIUS - 0.1) + " AND " + (DEC + OBS_RADIUS + 0.1)
                    + " ORDER BY obsid";
            try {
                List<String> ids = new ArrayList<>();
                for (Row r : spark.sql(query).collectAsList()) {
                    ids.add(r.getString(0));
                }
                json.put("sql_" + form[0] + "_ids", ids);
                String plan =
                        spark.sql("EXPLAIN " + query).collectAsList().get(0).getString(0);
                json.put("sql_" + form[0] + "_pushed", plan.contains("cone pushed as the search region"));
            } catch (RuntimeException e) {
                json.put("sql_" + form[0] + "_error", String.valueOf(e));
            }
        }
    }

    /** (c) Names resolved through SQL: one name per call, and a column of names batched on the executors. */
    private static void names(SparkSession spark, Json json) {
        Row one = spark.sql("SELECT mast_resolve('M101') AS r")
                .collectAsList()
                .get(0)
                .getStruct(0);
        json.put("resolve_m101", List.of(one.getDouble(0), one.getDouble(1), one.getString(5)));
        spark.createDataset(NAMES, org.apache.spark.sql.Encoders.STRING())
                .toDF("name")
                .repartition(2)
                .createOrReplaceTempView("names");
        List<Row> rows = spark.sql("SELECT r.name, r.ra, r.dec, r.resolve_status FROM"
                        + " (SELECT inline(mast_resolve_names(collect_list(name))) FROM names) r ORDER BY r.name")
                .collectAsList();
        Map<String, Object> resolved = new TreeMap<>();
        for (Row r : rows) {
            List<Object> v = new ArrayList<>();
            v.add(r.isNullAt(1) ? null : r.getDouble(1));
            v.add(r.isNullAt(2) ? null : r.getDouble(2));
            v.add(r.getString(3));
            resolved.put(r.getString(0), v);
        }
        json.put("resolved", resolved);
    }

    /** (b) A catalog cone read sky-tiled: several partitions, each row once. */
    private static void gaia(SparkSession spark, Json json) {
        Dataset<Row> gaia = spark.read()
                .format("mast")
                .option("coordinates", GAIA_RA + " " + GAIA_DEC)
                .option("radius", GAIA_RADIUS + "deg")
                .option("maxResultRows", Integer.toString(GAIA_MAX_RESULT_ROWS))
                .load("catalogs/gaia")
                .select("source_id");
        json.put("gaia_partitions", gaia.javaRDD().getNumPartitions());
        List<String> ids = new ArrayList<>();
        for (Row r : gaia.collectAsList()) {
            ids.add(String.valueOf(r.get(0)));
        }
        Collections.sort(ids);
        json.put("gaia_ids", ids);
    }

    /** The cross-match's cone: TIC against Gaia DR3 around the catalog cone's centre. */
    static final double XMATCH_RADIUS_DEG = 0.1;

    /** (e) A cross-match of two catalog reads on the executors: TIC stars and their Gaia counterparts. */
    private static void crossmatch(SparkSession spark, Json json) {
        Dataset<Row> tic = catalog(spark, "catalogs/tic").select("ID", "ra", "dec");
        Dataset<Row> gaia = catalog(spark, "catalogs/gaia").select("source_id", "ra", "dec");
        MastCrossmatch xm =
                MastCrossmatch.of(tic, gaia).radiusArcsec(1.0).allWithinRadius().suffixes("_tic", "_gaia");
        List<String> pairs = new ArrayList<>();
        for (Row r : xm.toDataFrame().select("ID", "source_id").collectAsList()) {
            pairs.add(r.get(0) + "-" + r.get(1));
        }
        Collections.sort(pairs);
        json.put("xmatch_pairs", pairs);
        json.put("xmatch_plan", xm.describe());
    }

    private static Dataset<Row> catalog(SparkSession spark, String path) {
        return spark.read()
                .format("mast")
                .option("coordinates", GAIA_RA + " " + GAIA_DEC)
                .option("radius", XMATCH_RADIUS_DEG + "deg")
                .load(path);
    }

    /** (d) Products of a few observations, and a download of some with its manifest, to a local folder. */
    private static void download(SparkSession spark, Json json, List<String> obsids, String dir) {
        json.put("download_obsids", obsids);
        Dataset<Row> products = MastProducts.forObservations(observationsRead(spark)
                        .where(functions.col("obsid").cast("string").isin(obsids.toArray())))
                .where("dataRights = 'PUBLIC' AND size < 5000000")
                .orderBy("dataURI")
                .limit(6);
        List<String> uris = new ArrayList<>();
        for (Row r : products.select("dataURI").collectAsList()) {
            uris.add(r.getString(0));
        }
        json.put("product_uris", uris);
        String destination = Path.of(dir).toUri().toString();
        Dataset<Row> manifest = MastDownloader.builder()
                .option("concurrency", "2")
                .option("partitions", "2")
                .build()
                .download(products, destination);
        List<Object> entries = new ArrayList<>();
        for (Row r : manifest.orderBy("dataURI").collectAsList()) {
            Map<String, Object> e = new TreeMap<>();
            e.put("dataURI", r.getAs("dataURI"));
            e.put("path", r.getAs("path"));
            e.put("status", r.getAs("status"));
            e.put("bytes", r.getAs("bytes"));
            e.put("sha256", r.getAs("sha256"));
            entries.add(e);
        }
        json.put("manifest", entries);
        json.put("manifest_file", Path.of(dir, "_MAST_MANIFEST.jsonl").toString());
    }

    /**
     * (f) TESS light curves read with {@code format("fits")} on the executors (small row ranges, so each file is
     * split): per star, the header keyword and aggregates of the LIGHTCURVE table.
     */
    private static void fits(SparkSession spark, Json json, String dir) {
        Dataset<Row> lc = spark.read()
                .format("fits")
                .option("hdu", "LIGHTCURVE")
                .option("headerKeywords", "TICID,SECTOR")
                .option("maxPartitionBytes", "65536")
                .load(dir);
        json.put("fits_partitions", lc.javaRDD().getNumPartitions());
        List<Object> stars = new ArrayList<>();
        for (Row r : lc.groupBy("TICID", "SECTOR")
                .agg(
                        functions.count("*"),
                        functions.min("CADENCENO"),
                        functions.max("CADENCENO"),
                        functions.max("TIME"),
                        functions.sum("QUALITY"))
                .orderBy("TICID")
                .collectAsList()) {
            Map<String, Object> e = new TreeMap<>();
            e.put("ticid", r.getLong(0));
            e.put("sector", r.getLong(1));
            e.put("rows", r.getLong(2));
            e.put("min_cadence", r.getInt(3));
            e.put("max_cadence", r.getInt(4));
            e.put("max_time", r.getDouble(5));
            e.put("quality_sum", r.getLong(6));
            stars.add(e);
        }
        json.put("fits_stars", stars);
    }

    /** The benchmark's read: every observation of the sky into a sink that discards the rows. */
    private static void bench(SparkSession spark, Json json) {
        // Planned once, by the write itself (asking the partition count first would plan the read twice).
        Dataset<Row> all = spark.read().format("mast").load("observations");
        json.put("bench_plan_done_ms", System.currentTimeMillis());
        all.write().format("noop").mode("overwrite").save();
        json.put("bench_read_done_ms", System.currentTimeMillis());
    }

    /** Which executors and hosts ran tasks, from the driver's listener bus. */
    private static final class Tasks extends SparkListener {
        private final Set<String> executors = Collections.synchronizedSet(new TreeSet<>());
        private final Set<String> hosts = Collections.synchronizedSet(new TreeSet<>());
        final AtomicInteger count = new AtomicInteger();
        final AtomicLong recordsRead = new AtomicLong();
        private final AtomicInteger jobsStarted = new AtomicInteger();
        private final AtomicInteger jobsEnded = new AtomicInteger();

        @Override
        public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
            executors.add(taskEnd.taskInfo().executorId());
            hosts.add(taskEnd.taskInfo().host());
            count.incrementAndGet();
            if (taskEnd.taskMetrics() != null) {
                recordsRead.addAndGet(taskEnd.taskMetrics().inputMetrics().recordsRead());
            }
        }

        @Override
        public void onJobStart(SparkListenerJobStart jobStart) {
            jobsStarted.incrementAndGet();
        }

        @Override
        public void onJobEnd(SparkListenerJobEnd jobEnd) {
            jobsEnded.incrementAndGet();
        }

        /** The bus delivers events in order: once every started job has ended, its tasks have been counted. */
        void awaitIdle() throws InterruptedException {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while ((jobsEnded.get() < jobsStarted.get() || jobsStarted.get() == 0) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }

        List<String> executors() {
            synchronized (executors) {
                return new ArrayList<>(executors);
            }
        }

        List<String> hosts() {
            synchronized (hosts) {
                return new ArrayList<>(hosts);
            }
        }
    }

    /** A JSON object written by hand, so that the app needs no JSON library of a particular version. */
    static final class Json {
        private final Map<String, Object> values = new TreeMap<>();

        void put(String key, Object value) {
            values.put(key, value);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            write(sb, values);
            return sb.append('\n').toString();
        }

        private static void write(StringBuilder sb, Object v) {
            if (v == null) {
                sb.append("null");
            } else if (v instanceof Map<?, ?> m) {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    string(sb, e.getKey().toString());
                    sb.append(':');
                    write(sb, e.getValue());
                }
                sb.append('}');
            } else if (v instanceof List<?> l) {
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    write(sb, l.get(i));
                }
                sb.append(']');
            } else if (v instanceof Double d) {
                sb.append(d.isNaN() || d.isInfinite() ? "null" : Double.toString(d));
            } else if (v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else {
                string(sb, v.toString());
            }
        }

        private static void string(StringBuilder sb, String s) {
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    default -> {
                        if (c < 0x20) {
                            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            sb.append('"');
        }
    }
}
