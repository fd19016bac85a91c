package org.mastspark.connector;

import java.io.Serializable;
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
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.cutout.CutoutClient;
import org.mastspark.connector.client.cutout.TessSector;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.limits.JobLimiter;
import org.mastspark.connector.limits.LimiterHandle;
import org.mastspark.connector.sky.SkyParse;

/**
 * MAST's cutout services for DataFrames of targets. For now: the TESS sectors of each target
 * ({@link #tessSectors}); cutouts themselves are not built yet.
 *
 * <p>Every request goes through one limiter per application on the driver ({@link JobLimiter}): at most 10
 * requests open at once and 5 starting per second to each cutout service, over all executors, as MAST allows
 * one user.
 */
public final class MastCutouts {
    private static JobLimiter limiter;
    private static SparkContext limiterContext;

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
     *     only) and the MAST client options of {@code format("mast")} ({@code baseUrl}, timeouts, retries)
     */
    public static Dataset<Row> tessSectors(Dataset<Row> targets, Map<String, String> options) {
        if (targets == null) {
            throw new IllegalArgumentException("MastCutouts.tessSectors: the DataFrame of targets is null");
        }
        if (options == null) {
            throw new IllegalArgumentException(
                    "MastCutouts.tessSectors: options is null: pass Map.of() for none (or e.g. Map.of(\"radius\", \"0.1deg\"))");
        }
        StructType schema = targets.schema();
        int ra = numericColumn(schema, "ra");
        int dec = numericColumn(schema, "dec");
        Map<String, String> rest = new HashMap<>(options);
        String radiusText = rest.remove("radius");
        double radius = radiusText == null ? 0.0 : SkyParse.radiusDegrees("radius", radiusText);
        MastClientConfig config =
                MastOptions.resolve(rest, targets.sparkSession()).clientConfig();
        LimiterHandle permits = limiter(targets.sparkSession().sparkContext()).handle();
        StructType out = schema.add("sectorName", DataTypes.StringType)
                .add("sector", DataTypes.IntegerType)
                .add("camera", DataTypes.IntegerType)
                .add("ccd", DataTypes.IntegerType)
                .add("reason", DataTypes.StringType);
        return targets.mapPartitions(new SectorLookup(config, permits, ra, dec, radius), Encoders.row(out));
    }

    private static int numericColumn(StructType schema, String name) {
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
        throw new IllegalArgumentException("MastCutouts.tessSectors needs columns 'ra' and 'dec' (degrees); the"
                + " targets have " + String.join(", ", schema.fieldNames()) + ": rename them, e.g."
                + " withColumnRenamed(\"s_ra\", \"ra\"), or resolve names first with MastResolver");
    }

    /** The application's limiter: started on first use, again if its SparkContext was stopped. */
    private static synchronized JobLimiter limiter(SparkContext sc) {
        if (limiter == null || limiterContext != sc || sc.isStopped()) {
            if (limiter != null) {
                limiter.close();
            }
            limiter = JobLimiter.forSpark(sc, JobLimiter.builder());
            limiterContext = sc;
        }
        return limiter;
    }

    /** Asks MAST for one partition's targets, one request per target, each through the job's limiter. */
    private static final class SectorLookup implements MapPartitionsFunction<Row, Row>, Serializable {
        private static final long serialVersionUID = 1L;
        private final MastClientConfig config;
        private final LimiterHandle permits;
        private final int ra;
        private final int dec;
        private final double radius;

        SectorLookup(MastClientConfig config, LimiterHandle permits, int ra, int dec, double radius) {
            this.config = config;
            this.permits = permits;
            this.ra = ra;
            this.dec = dec;
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
                    if (target.isNullAt(ra) || target.isNullAt(dec)) {
                        pending.add(with(target, null, "ra or dec is null"));
                        return;
                    }
                    double r = ((Number) target.get(ra)).doubleValue();
                    double d = ((Number) target.get(dec)).doubleValue();
                    List<TessSector> sectors;
                    try {
                        sectors = client.sectors(r, d, radius);
                    } catch (MastException e) {
                        throw new MastException("TESScut sectors of (" + r + ", " + d + "): " + e.getMessage(), e);
                    }
                    if (sectors.isEmpty()) {
                        pending.add(with(target, null, "Coordinates are not in any TESS sector."));
                    }
                    for (TessSector s : sectors) {
                        pending.add(with(target, s, null));
                    }
                }
            };
        }

        private static Row with(Row target, TessSector s, String reason) {
            Object[] v = new Object[target.size() + 5];
            for (int i = 0; i < target.size(); i++) {
                v[i] = target.get(i);
            }
            int n = target.size();
            if (s != null) {
                v[n] = s.sectorName();
                v[n + 1] = s.sector();
                v[n + 2] = s.camera();
                v[n + 3] = s.ccd();
            }
            v[n + 4] = reason;
            return RowFactory.create(v);
        }
    }
}
