package org.mastspark.connector;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.MastHttpException;
import org.mastspark.connector.client.cutout.CutoutClient;
import org.mastspark.connector.client.cutout.TessSector;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.download.CutoutDownloader;
import org.mastspark.connector.limits.JobLimiter;
import org.mastspark.connector.limits.LimiterHandle;
import org.mastspark.connector.limits.ServiceLimits;
import org.mastspark.connector.options.CutoutKeys;
import org.mastspark.connector.options.OptionKey;

/**
 * MAST's cutout services for DataFrames of targets: the TESS sectors of each target ({@link #tessSectors},
 * {@link #movingTargetSectors}), Zcut's surveys at each target ({@link #zcutSurveys}), and the cutout files of many
 * targets written to any Hadoop FileSystem with a manifest ({@link #download}).
 *
 * <p>Every request goes through one limiter per application on the driver ({@link JobLimiter}): at most 10
 * requests open at once and 5 starting per second to each cutout service, over all executors, as MAST allows
 * one user.
 */
public final class MastCutouts {
    private static JobLimiter limiter;
    private static SparkContext limiterContext;
    private static Map<String, ServiceLimits> limiterLimits = Map.of();
    private static int limiterPermitTimeout;

    private MastCutouts() {}

    /**
     * The TESS sectors, cameras and CCDs whose full-frame images cover each target ({@code tesscut/api/v0.1/sector}):
     * the target's columns followed by {@code sectorName}, {@code sector}, {@code camera}, {@code ccd} and
     * {@code reason}, one row per (target, sector, camera, ccd). A target in no sector is one row with null
     * sector columns and {@code reason} saying so; a target whose {@code ra} or {@code dec} is null likewise. Object
     * names are not resolved here: resolve them first (e.g. {@code MastResolver.resolve}) into {@code ra}/{@code dec}.
     *
     * @param targets rows with numeric columns {@code ra} and {@code dec} (degrees)
     * @param options {@code radius} (an angle such as {@code 0.1deg} or {@code 30arcsec}; default 0: the position
     *     only), {@code maxConcurrentRequests}, {@code requestsPerSecond} and the MAST client options of
     *     {@code format("mast")} ({@code baseUrl}, timeouts, retries)
     */
    public static Dataset<Row> tessSectors(Dataset<Row> targets, Map<String, String> options) {
        return lookup(Lookup.Kind.SECTORS, "tessSectors", targets, options);
    }

    /**
     * The TESS sectors a moving target's path crosses ({@code tesscut/api/v0.1/moving_target/sector}): the target's
     * columns followed by {@code sectorName}, {@code sector}, {@code camera}, {@code ccd} and {@code reason}, as
     * {@link #tessSectors}.
     *
     * @param targets rows with a string column {@code objectId} (a JPL Horizons name or number, e.g. "Eleonora") and
     *     optionally {@code objectType} ({@code majorbody} or {@code smallbody}; null lets MAST try both)
     * @param options as {@link #tessSectors} (without {@code radius})
     */
    public static Dataset<Row> movingTargetSectors(Dataset<Row> targets, Map<String, String> options) {
        return lookup(Lookup.Kind.MOVING, "movingTargetSectors", targets, options);
    }

    /**
     * The deep-field surveys Zcut has at each target ({@code zcut/api/v0.1/survey}): the target's columns followed by
     * {@code survey} and {@code reason}, one row per (target, survey); a target without survey is one row with a
     * null {@code survey} and the reason.
     *
     * @param targets rows with numeric columns {@code ra} and {@code dec} (degrees)
     * @param options as {@link #tessSectors}
     */
    public static Dataset<Row> zcutSurveys(Dataset<Row> targets, Map<String, String> options) {
        return lookup(Lookup.Kind.SURVEYS, "zcutSurveys", targets, options);
    }

    private static Dataset<Row> lookup(
            Lookup.Kind kind, String method, Dataset<Row> targets, Map<String, String> options) {
        if (targets == null) {
            throw new IllegalArgumentException("MastCutouts." + method + ": the DataFrame of targets is null");
        }
        if (options == null) {
            throw new IllegalArgumentException("MastCutouts." + method
                    + ": options is null: pass Map.of() for none (or e.g. Map.of(\"radius\", \"0.1deg\"))");
        }
        StructType schema = targets.schema();
        int a;
        int b;
        if (kind == Lookup.Kind.MOVING) {
            a = stringColumn(schema, "objectId", method, true);
            b = stringColumn(schema, "objectType", method, false);
        } else {
            a = numericColumn(schema, "ra", method);
            b = numericColumn(schema, "dec", method);
        }
        Map<String, String> rest = new HashMap<>();
        Map<OptionKey<?>, String> mine = CutoutDownloader.split(options, rest);
        double radius = CutoutKeys.RADIUS.parse(mine.get(CutoutKeys.RADIUS));
        if (kind == Lookup.Kind.MOVING && radius != 0) {
            throw new IllegalArgumentException("Option 'radius' is not used by MastCutouts.movingTargetSectors (the"
                    + " path of a moving target has no radius): remove it");
        }
        ServiceLimits limits = new ServiceLimits(
                CutoutKeys.MAX_CONCURRENT.parse(mine.get(CutoutKeys.MAX_CONCURRENT)),
                CutoutKeys.REQUESTS_PER_SECOND.parse(mine.get(CutoutKeys.REQUESTS_PER_SECOND)));
        String service = kind == Lookup.Kind.SURVEYS ? CutoutClient.ZCUT : CutoutClient.TESSCUT;
        MastClientConfig config =
                MastOptions.resolve(rest, targets.sparkSession()).clientConfig();
        LimiterHandle permits = limiter(
                        targets.sparkSession().sparkContext(),
                        service,
                        limits,
                        CutoutKeys.PERMIT_TIMEOUT.parse(mine.get(CutoutKeys.PERMIT_TIMEOUT)))
                .handle();
        StructType out = kind == Lookup.Kind.SURVEYS
                ? schema.add("survey", DataTypes.StringType).add("reason", DataTypes.StringType)
                : schema.add("sectorName", DataTypes.StringType)
                        .add("sector", DataTypes.IntegerType)
                        .add("camera", DataTypes.IntegerType)
                        .add("ccd", DataTypes.IntegerType)
                        .add("reason", DataTypes.StringType);
        return targets.mapPartitions(new Lookup(kind, config, permits, a, b, radius), Encoders.row(out));
    }

    /**
     * Cuts every distinct request of {@code requests} with one cutout service and writes the files to
     * {@code destination} (any Hadoop FileSystem: {@code file:}, {@code hdfs:}, {@code s3a:}), in a folder per
     * service ({@code tesscut/}, {@code zcut/}, {@code hapcut/}), with the manifest {@code _MAST_CUTOUTS.jsonl}.
     *
     * <p>Files are named from their own FITS headers (TESScut: {@code tess-s0005-1-2_83.633083_22.014500_20x20_astrocut.fits}),
     * never from MAST's zip member names; each is written under a hidden temporary name and renamed when whole
     * and checked (zip CRC-32 and size, SHA-256 recorded). A rerun (or a run after a killed one) skips requests
     * whose files are all still there with their size and SHA-256, without asking MAST. Every request goes
     * through the application's job-wide limiter (option {@code maxConcurrentRequests}, {@code requestsPerSecond});
     * 503 and 504 answers and TESScut's transient "No FFIs found" are asked again with backoff.
     *
     * @param requests rows with {@code ra} and {@code dec} (degrees), or (TESScut) {@code objectId} and optional
     *     {@code objectType} of a moving target; optional {@code sector} (TESScut; null for every sector),
     *     {@code survey} (Zcut; null for every survey) and {@code size} (overrides option {@code size})
     * @param destination a Hadoop FileSystem URI or path (created when missing)
     * @param options see the README's "Cutouts" option table; also the MAST connection options of
     *     {@code format("mast")} and the downloader's {@code commit}, {@code partitions}, {@code ifExists},
     *     {@code progressIntervalSeconds} and {@code fs.*}
     * @return the manifest: one row per file (COMPLETE, SKIPPED) or per request without file (NO_RESULT with
     *     MAST's message, ERROR with the reason), columns {@link org.mastspark.connector.download.CutoutManifest#SCHEMA}
     * @throws IllegalArgumentException for a bad option, destination or column, before anything is sent
     */
    public static Dataset<Row> download(Dataset<Row> requests, String destination, Map<String, String> options) {
        if (requests == null) {
            throw new IllegalArgumentException("MastCutouts.download: the DataFrame of requests is null");
        }
        if (options == null) {
            throw new IllegalArgumentException("MastCutouts.download: options is null: pass Map.of() for none (or"
                    + " e.g. Map.of(\"size\", \"20\"))");
        }
        Map<String, String> rest = new HashMap<>();
        Map<OptionKey<?>, String> mine = CutoutDownloader.split(options, rest);
        String service = CutoutKeys.SERVICE.parse(mine.get(CutoutKeys.SERVICE));
        ServiceLimits limits = new ServiceLimits(
                CutoutKeys.MAX_CONCURRENT.parse(mine.get(CutoutKeys.MAX_CONCURRENT)),
                CutoutKeys.REQUESTS_PER_SECOND.parse(mine.get(CutoutKeys.REQUESTS_PER_SECOND)));
        JobLimiter l = limiter(
                requests.sparkSession().sparkContext(),
                service,
                limits,
                CutoutKeys.PERMIT_TIMEOUT.parse(mine.get(CutoutKeys.PERMIT_TIMEOUT)));
        return CutoutDownloader.download(requests, destination, options, l.handle(), limits.maxConcurrent());
    }

    /** The cutout manifest last written to a destination ({@link #download}), empty when there is none. */
    public static Dataset<Row> readManifest(SparkSession spark, String destination) {
        return CutoutDownloader.readManifest(spark, destination);
    }

    private static int numericColumn(StructType schema, String name, String method) {
        for (int i = 0; i < schema.size(); i++) {
            StructField f = schema.fields()[i];
            if (f.name().equalsIgnoreCase(name)) {
                if (!(f.dataType() instanceof NumericType)) {
                    throw new IllegalArgumentException("Column '" + f.name() + "' is of type "
                            + f.dataType().simpleString() + ", not a number of degrees: cast it, e.g. col(\""
                            + f.name() + "\").cast(\"double\")");
                }
                return i;
            }
        }
        throw new IllegalArgumentException("MastCutouts." + method + " needs columns 'ra' and 'dec' (degrees); the"
                + " targets have " + String.join(", ", schema.fieldNames()) + ": rename them, e.g."
                + " withColumnRenamed(\"s_ra\", \"ra\"), or resolve names first with MastResolver");
    }

    private static int stringColumn(StructType schema, String name, String method, boolean required) {
        for (int i = 0; i < schema.size(); i++) {
            StructField f = schema.fields()[i];
            if (f.name().equalsIgnoreCase(name)) {
                if (!(f.dataType() instanceof StringType)) {
                    throw new IllegalArgumentException("Column '" + f.name() + "' is of type "
                            + f.dataType().simpleString() + ", not a string: cast it, e.g. col(\"" + f.name()
                            + "\").cast(\"string\")");
                }
                return i;
            }
        }
        if (required) {
            throw new IllegalArgumentException("MastCutouts." + method + " needs a string column '" + name
                    + "' (a JPL Horizons name or number, e.g. 'Eleonora'); the targets have "
                    + String.join(", ", schema.fieldNames()));
        }
        return -1;
    }

    /**
     * The application's limiter: started on first use, again if its SparkContext was stopped or a call asks for
     * other limits for a service (cutout jobs with different limits should then not run at the same time).
     */
    private static synchronized JobLimiter limiter(
            SparkContext sc, String service, ServiceLimits limits, int permitTimeoutSeconds) {
        Map<String, ServiceLimits> wanted = new HashMap<>(limiterLimits);
        wanted.put(service, limits);
        if (limiter == null
                || limiterContext != sc
                || sc.isStopped()
                || !wanted.equals(limiterLimits)
                || permitTimeoutSeconds != limiterPermitTimeout) {
            if (limiter != null) {
                limiter.close();
            }
            JobLimiter.Builder b = JobLimiter.builder().acquireTimeout(Duration.ofSeconds(permitTimeoutSeconds));
            wanted.forEach(b::limit);
            limiterPermitTimeout = permitTimeoutSeconds;
            limiter = JobLimiter.forSpark(sc, b);
            limiterContext = sc;
            limiterLimits = Map.copyOf(wanted);
        }
        return limiter;
    }

    /** Asks MAST for one partition's targets, one request per target, each through the job's limiter. */
    private static final class Lookup implements MapPartitionsFunction<Row, Row>, Serializable {
        private static final long serialVersionUID = 1L;

        enum Kind {
            SECTORS,
            MOVING,
            SURVEYS
        }

        private final Kind kind;
        private final MastClientConfig config;
        private final LimiterHandle permits;
        private final int a;
        private final int b;
        private final double radius;

        /**
         * @param a the column of ra (objectId for a moving target)
         * @param b the column of dec (objectType for a moving target, -1 when absent)
         */
        Lookup(Kind kind, MastClientConfig config, LimiterHandle permits, int a, int b, double radius) {
            this.kind = kind;
            this.config = config;
            this.permits = permits;
            this.a = a;
            this.b = b;
            this.radius = radius;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> input) {
            CutoutClient client = new CutoutClient(config, permits, new ClientMetrics());
            return new Iterator<>() {
                private final List<Row> pending = new ArrayList<>();
                private int at;

                @Override
                public boolean hasNext() {
                    while (at >= pending.size()) {
                        if (!input.hasNext()) {
                            return false;
                        }
                        pending.clear();
                        at = 0;
                        expand(input.next());
                    }
                    return true;
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                    }
                    return pending.get(at++);
                }

                private void expand(Row target) {
                    if (kind == Kind.MOVING) {
                        if (target.isNullAt(a) || target.getString(a).isBlank()) {
                            pending.add(with(target, null, "objectId is null or blank"));
                            return;
                        }
                        String id = target.getString(a).strip();
                        String type = b < 0
                                        || target.isNullAt(b)
                                        || target.getString(b).isBlank()
                                ? null
                                : target.getString(b).strip();
                        List<TessSector> sectors;
                        try {
                            sectors = client.movingTargetSectors(id, type);
                        } catch (MastHttpException e) {
                            if (e.status() != 400) {
                                throw new MastException(
                                        "TESScut sectors of moving target " + id + ": " + e.getMessage(), e);
                            }
                            // MAST could not resolve the name: the target's answer, not the job's failure
                            pending.add(with(target, null, e.getMessage()));
                            return;
                        } catch (MastException e) {
                            throw new MastException(
                                    "TESScut sectors of moving target " + id + ": " + e.getMessage(), e);
                        }
                        addSectors(target, sectors, "The moving target's path crosses no TESS sector.");
                        return;
                    }
                    if (target.isNullAt(a) || target.isNullAt(b)) {
                        pending.add(with(target, null, "ra or dec is null"));
                        return;
                    }
                    double r = ((Number) target.get(a)).doubleValue();
                    double d = ((Number) target.get(b)).doubleValue();
                    try {
                        if (kind == Kind.SURVEYS) {
                            List<String> surveys = client.surveys(r, d, radius);
                            if (surveys.isEmpty()) {
                                pending.add(
                                        with(target, null, "Coordinates are not in an available deep field survey."));
                            }
                            for (String s : surveys) {
                                pending.add(with(target, s, null));
                            }
                        } else {
                            addSectors(target, client.sectors(r, d, radius), "Coordinates are not in any TESS sector.");
                        }
                    } catch (MastException e) {
                        String what = kind == Kind.SURVEYS ? "Zcut surveys" : "TESScut sectors";
                        throw new MastException(what + " of (" + r + ", " + d + "): " + e.getMessage(), e);
                    }
                }

                private void addSectors(Row target, List<TessSector> sectors, String none) {
                    if (sectors.isEmpty()) {
                        pending.add(with(target, null, none));
                    }
                    for (TessSector s : sectors) {
                        pending.add(with(target, s, null));
                    }
                }
            };
        }

        private Row with(Row target, Object found, String reason) {
            int extra = kind == Kind.SURVEYS ? 2 : 5;
            Object[] v = new Object[target.size() + extra];
            for (int i = 0; i < target.size(); i++) {
                v[i] = target.get(i);
            }
            int n = target.size();
            if (found instanceof TessSector s) {
                v[n] = s.sectorName();
                v[n + 1] = s.sector();
                v[n + 2] = s.camera();
                v[n + 3] = s.ccd();
            } else if (found instanceof String survey) {
                v[n] = survey;
            }
            v[n + extra - 1] = reason;
            return RowFactory.create(v);
        }
    }
}
