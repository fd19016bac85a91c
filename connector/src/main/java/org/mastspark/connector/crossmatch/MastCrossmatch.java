package org.mastspark.connector.crossmatch;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-matches two DataFrames of sky positions on stock Spark: for every left row, the k nearest right
 * rows within a radius (or all of them), with their separation.
 *
 * <pre>{@code
 * Dataset<Row> m = MastCrossmatch.of(tic, gaia)
 *     .radiusArcsec(1.0)
 *     .nNeighbors(1)                    // or .allWithinRadius()
 *     .how("left")                      // keep unmatched TIC stars, with nulls
 *     .leftColumns("ra", "dec").rightColumns("ra", "dec")
 *     .suffixes("_tic", "_gaia")
 *     .toDataFrame();
 * }</pre>
 *
 * <p>The result has every left column, then every right column (a name present on both sides gets its
 * side's suffix), then the separation in arcseconds ({@code _dist_arcsec}, LSDB's name). Like LSDB, the
 * match is asymmetric: a left row appears at most k times (once with nulls when unmatched and {@code
 * how("left")}); a right row may match several left rows. Pairs are compared on unit vectors, so the
 * match is exact at the poles and across ra = 0/360 for any radius up to {@link
 * CrossmatchSpec#MAX_RADIUS_ARCSEC}. Rows with a null position never match; a position out of range fails
 * the query, naming the side, column and value.
 *
 * <p>How: an equi-join on nested HEALPix cells. Each left row goes to the cell containing it, each right
 * row to every cell its disc may touch, so each pair within the radius meets exactly once and nothing is
 * de-duplicated. The order comes from the radius (cells about 16 times wider than it); unless {@link
 * #healpixOrder} fixes it, a sample of both sides ({@link #densitySample}) finds crowded cells, which are
 * split into finer cells so that no task compares millions of pairs in one cell. The k nearest are chosen
 * per left row within its cell's partition, without a global sort. When both inputs are unfiltered HATS
 * reads of this connector and the right catalog has a margin cache at least as wide as the radius, the
 * match runs partition by partition on the catalogs' own pixels with no shuffle ({@link #alignHats}).
 *
 * <p>Proper motions: {@link #leftProperMotion} / {@link #rightProperMotion} move a side's positions to a
 * target epoch before matching (the output keeps the original columns).
 */
public final class MastCrossmatch {
    private static final Logger LOG = LoggerFactory.getLogger(MastCrossmatch.class);

    /** Crowded means more rows (both sides) in one base cell than this, as estimated from the sample. */
    static final long DENSE_CELL_ROWS = 2_000;

    /** Dense cells are split until a cell holds about this many rows. */
    static final long TARGET_CELL_ROWS = 250;

    private final Dataset<Row> left;
    private final Dataset<Row> right;
    private double radiusArcsec = Double.NaN;
    private double minRadiusArcsec = 0;
    private int nNeighbors = 1;
    private String how = "inner";
    private String leftRa = "ra";
    private String leftDec = "dec";
    private String rightRa = "ra";
    private String rightDec = "dec";
    private String leftSuffix = "_left";
    private String rightSuffix = "_right";
    private String distanceColumn = CrossmatchSpec.DEFAULT_DISTANCE_COLUMN;
    private int healpixOrder = -1;
    private double densitySample = 0.02;
    private boolean alignHats = true;
    private Epochs leftEpochs;
    private Epochs rightEpochs;
    private String described;

    private MastCrossmatch(Dataset<Row> left, Dataset<Row> right) {
        this.left = left;
        this.right = right;
    }

    /**
     * A cross-match of {@code left} against {@code right}: for each left row, its nearest right rows.
     *
     * @param left any DataFrame with position columns in degrees (by default {@code ra}, {@code dec})
     * @param right the same, from the same or another session
     */
    public static MastCrossmatch of(Dataset<Row> left, Dataset<Row> right) {
        if (left == null || right == null) {
            throw new IllegalArgumentException("MastCrossmatch.of(left, right): both DataFrames are required, got "
                    + (left == null ? "null" : "a DataFrame") + " and " + (right == null ? "null" : "a DataFrame"));
        }
        return new MastCrossmatch(left, right);
    }

    /** The match radius in arcseconds (required): above 0, at most 36,000 (10 degrees). */
    public MastCrossmatch radiusArcsec(double arcsec) {
        CrossmatchSpec.checkRadius("radiusArcsec", arcsec);
        this.radiusArcsec = arcsec;
        return this;
    }

    /** Pairs closer than this (arcseconds) are not matched, as LSDB's {@code min_radius_arcsec}; default 0. */
    public MastCrossmatch minRadiusArcsec(double arcsec) {
        if (!(arcsec >= 0) || Double.isInfinite(arcsec)) {
            throw new IllegalArgumentException("Invalid value " + arcsec
                    + " for 'minRadiusArcsec': expected 0 or more arcseconds (0 keeps every pair)");
        }
        this.minRadiusArcsec = arcsec;
        return this;
    }

    /** The k nearest right rows within the radius, per left row (default 1). */
    public MastCrossmatch nNeighbors(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("Invalid value " + k
                    + " for 'nNeighbors': expected 1 or more, or allWithinRadius() for every neighbour");
        }
        this.nNeighbors = k;
        return this;
    }

    /** Every right row within the radius, per left row (no nearest-k step). */
    public MastCrossmatch allWithinRadius() {
        this.nNeighbors = CrossmatchSpec.ALL_WITHIN_RADIUS;
        return this;
    }

    /** {@code "inner"} (default): matched left rows only; {@code "left"}: every left row, unmatched ones with nulls. */
    public MastCrossmatch how(String how) {
        this.how = CrossmatchSpec.checkHow(how);
        return this;
    }

    /** The left side's position columns, degrees (default {@code "ra", "dec"}). */
    public MastCrossmatch leftColumns(String ra, String dec) {
        this.leftRa = ra;
        this.leftDec = dec;
        return this;
    }

    /** The right side's position columns, degrees (default {@code "ra", "dec"}). */
    public MastCrossmatch rightColumns(String ra, String dec) {
        this.rightRa = ra;
        this.rightDec = dec;
        return this;
    }

    /** Suffixes for column names present on both sides (default {@code "_left", "_right"}). */
    public MastCrossmatch suffixes(String leftSuffix, String rightSuffix) {
        this.leftSuffix = leftSuffix;
        this.rightSuffix = rightSuffix;
        return this;
    }

    /** The name of the separation column (default {@code _dist_arcsec}). */
    public MastCrossmatch distanceColumn(String name) {
        this.distanceColumn = name;
        return this;
    }

    /**
     * The HEALPix order of the join's cells, 0 to 29, or -1 (default) for automatic: from the radius, with
     * crowded cells split after a density sample. A fixed order skips the sample and splits nothing.
     */
    public MastCrossmatch healpixOrder(int order) {
        if (order < -1 || order > 29) {
            throw new IllegalArgumentException("Invalid value " + order
                    + " for 'healpixOrder': expected 0 to 29, or -1 to choose it from the radius and the density");
        }
        this.healpixOrder = order;
        return this;
    }

    /**
     * The fraction of rows sampled to find crowded cells when the order is automatic (default 0.02); 0 skips
     * the sample. The sample reads both inputs once more: cache inputs that are expensive to compute.
     */
    public MastCrossmatch densitySample(double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("Invalid value " + fraction
                    + " for 'densitySample': expected a fraction from 0 (no sample) to 1 (every row)");
        }
        this.densitySample = fraction;
        return this;
    }

    /**
     * Whether two unfiltered HATS reads of this connector are matched partition by partition, without a
     * shuffle (default true). Other inputs, epochs, or a right catalog without a wide enough margin cache
     * always use the shuffle join.
     */
    public MastCrossmatch alignHats(boolean align) {
        this.alignHats = align;
        return this;
    }

    /**
     * Moves the left positions along their proper motion before matching.
     *
     * @param pmRaColumn proper motion in ra times cos(dec), mas/yr (Gaia's {@code pmra})
     * @param pmDecColumn proper motion in dec, mas/yr
     * @param refEpoch the epoch of the positions, Julian years (e.g. 2016.0 for Gaia DR3)
     * @param targetEpoch the epoch to match at
     */
    public MastCrossmatch leftProperMotion(String pmRaColumn, String pmDecColumn, double refEpoch, double targetEpoch) {
        this.leftEpochs = Epochs.of("leftProperMotion", pmRaColumn, pmDecColumn, null, refEpoch, targetEpoch);
        return this;
    }

    /** As {@link #leftProperMotion(String, String, double, double)}, the reference epoch per row from a column. */
    public MastCrossmatch leftProperMotion(
            String pmRaColumn, String pmDecColumn, String refEpochColumn, double targetEpoch) {
        this.leftEpochs = Epochs.of("leftProperMotion", pmRaColumn, pmDecColumn, refEpochColumn, 0, targetEpoch);
        return this;
    }

    /** Moves the right positions along their proper motion before matching; see {@link #leftProperMotion}. */
    public MastCrossmatch rightProperMotion(
            String pmRaColumn, String pmDecColumn, double refEpoch, double targetEpoch) {
        this.rightEpochs = Epochs.of("rightProperMotion", pmRaColumn, pmDecColumn, null, refEpoch, targetEpoch);
        return this;
    }

    /** As {@link #rightProperMotion(String, String, double, double)}, the reference epoch from a column. */
    public MastCrossmatch rightProperMotion(
            String pmRaColumn, String pmDecColumn, String refEpochColumn, double targetEpoch) {
        this.rightEpochs = Epochs.of("rightProperMotion", pmRaColumn, pmDecColumn, refEpochColumn, 0, targetEpoch);
        return this;
    }

    /** The validated settings; fails on a missing radius or an invalid combination. */
    public CrossmatchSpec spec() {
        if (Double.isNaN(radiusArcsec)) {
            throw new IllegalArgumentException(
                    "Missing value for 'radiusArcsec': call radiusArcsec(...) with the match radius in arcseconds, e.g. 1.0");
        }
        return new CrossmatchSpec(
                radiusArcsec,
                minRadiusArcsec,
                nNeighbors,
                how,
                leftRa,
                leftDec,
                rightRa,
                rightDec,
                leftSuffix,
                rightSuffix,
                distanceColumn);
    }

    /**
     * How the last {@link #toDataFrame()} matches: the path and the cells, e.g. {@code "shuffle join at HEALPix
     * order 13 (2 dense cells at order 16)"}; null before {@code toDataFrame()}.
     */
    public String describe() {
        return described;
    }

    /** The cross-match, as a lazily evaluated DataFrame. */
    public Dataset<Row> toDataFrame() {
        CrossmatchSpec spec = spec();
        String[] leftNames = left.schema().fieldNames();
        String[] rightNames = right.schema().fieldNames();
        String lra = position(left.schema(), "left", "leftColumns", spec.leftRa());
        String ldec = position(left.schema(), "left", "leftColumns", spec.leftDec());
        String rra = position(right.schema(), "right", "rightColumns", spec.rightRa());
        String rdec = position(right.schema(), "right", "rightColumns", spec.rightDec());
        if (leftEpochs != null) {
            leftEpochs.check(left.schema(), "left");
        }
        if (rightEpochs != null) {
            rightEpochs.check(right.schema(), "right");
        }
        String[][] out = spec.outputNames(leftNames, rightNames);
        Dataset<Row> aligned = alignedHats(spec);
        if (aligned != null) {
            LOG.info("Cross-match {}: {}", spec, described);
            return aligned;
        }
        Dataset<Row> result = shuffleJoin(spec, lra, ldec, rra, rdec, leftNames, rightNames, out);
        LOG.info("Cross-match {}: {}", spec, described);
        return result;
    }

    /**
     * The aligned HATS cross-match when both sides are plain HATS reads and the right one has a margin cache
     * as wide as the radius; null (with the reason logged) when it does not apply.
     */
    private Dataset<Row> alignedHats(CrossmatchSpec spec) {
        if (!alignHats || leftEpochs != null || rightEpochs != null) {
            return null;
        }
        Optional<HatsSide> l = HatsSide.of(left);
        Optional<HatsSide> r = l.isPresent() ? HatsSide.of(right) : Optional.empty();
        if (l.isEmpty() || r.isEmpty()) {
            return null;
        }
        String why = HatsCrossmatch.whyNotAligned(l.get(), r.get(), spec, null);
        if (why != null) {
            LOG.warn("Cross-match of two HATS catalogs with a shuffle join instead of partition by partition: {}", why);
            return null;
        }
        Dataset<Row> result = HatsCrossmatch.run(left.sparkSession(), l.get(), r.get(), spec);
        described = "aligned HATS partitions of " + l.get().path() + " and "
                + r.get().path() + " (" + HatsCrossmatch.alignedPixels(l.get(), r.get(), spec)
                + " pixel pairs), no shuffle";
        return result;
    }

    private Dataset<Row> shuffleJoin(
            CrossmatchSpec spec,
            String lra,
            String ldec,
            String rra,
            String rdec,
            String[] leftNames,
            String[] rightNames,
            String[][] out) {
        double radiusDeg = spec.radiusArcsec() / 3600.0;
        Dataset<Row> l = withPosition(left, "left", lra, ldec, leftEpochs, "__xm_lra", "__xm_ldec");
        Dataset<Row> r = withPosition(right, "right", rra, rdec, rightEpochs, "__xm_rra", "__xm_rdec");
        CellPlan plan = plan(l, r, radiusDeg);
        described = "shuffle join at " + plan;

        UserDefinedFunction leftKey =
                functions.udf(new PositionFunctions.LeftKey(plan, lra, ldec, true), DataTypes.LongType);
        UserDefinedFunction rightKeys = functions.udf(
                new PositionFunctions.RightKeys(plan, rra, rdec), DataTypes.createArrayType(DataTypes.LongType, false));

        // One row type for both sides so that they meet in one shuffle: (key, ra, dec, left, right), each
        // side's columns packed in a struct under its output names and the other side's struct null.
        List<Column> lcols = new ArrayList<>();
        for (int i = 0; i < leftNames.length; i++) {
            lcols.add(l.col(quote(leftNames[i])).as(out[0][i]));
        }
        List<Column> rcols = new ArrayList<>();
        for (int i = 0; i < rightNames.length; i++) {
            rcols.add(r.col(quote(rightNames[i])).as(out[1][i]));
        }
        Column leftStruct = functions.struct(lcols.toArray(new Column[0]));
        Column rightStruct = functions.struct(rcols.toArray(new Column[0]));
        DataType leftType = l.select(leftStruct).schema().fields()[0].dataType();
        DataType rightType = r.select(rightStruct).schema().fields()[0].dataType();
        Dataset<Row> lk = l.select(
                leftKey.apply(col("__xm_lra"), col("__xm_ldec")).as("__xm_key"),
                col("__xm_lra").as("__xm_ra"),
                col("__xm_ldec").as("__xm_dec"),
                leftStruct.as("__xm_l"),
                lit(null).cast(rightType).as("__xm_r"));
        Dataset<Row> rk = r.where(
                        col("__xm_rra").isNotNull().and(col("__xm_rdec").isNotNull()))
                .select(
                        functions
                                .explode(rightKeys.apply(col("__xm_rra"), col("__xm_rdec")))
                                .as("__xm_key"),
                        col("__xm_rra").as("__xm_ra"),
                        col("__xm_rdec").as("__xm_dec"),
                        lit(null).cast(leftType).as("__xm_l"),
                        rightStruct.as("__xm_r"));
        // Hash-partitioned by cell, sorted by one long (a radix sort) that puts a cell's right rows before its left
        // rows: the kernel holds one cell at a time.
        Dataset<Row> cells = lk.union(rk)
                .repartition(functions.shiftright(col("__xm_key"), 1))
                .sortWithinPartitions(col("__xm_key"));
        StructType matched = new StructType()
                .add("__xm_l", leftType, false)
                .add("__xm_r", rightType, true)
                .add("__xm_dist", DataTypes.DoubleType, true);
        Dataset<Row> pairs = cells.mapPartitions(new CellKernel(spec), Encoders.row(matched));
        List<Column> sel = new ArrayList<>();
        for (String n : out[0]) {
            sel.add(col("__xm_l").getField(n).as(n));
        }
        for (String n : out[1]) {
            sel.add(col("__xm_r").getField(n).as(n));
        }
        sel.add(col("__xm_dist").as(spec.distanceColumn()));
        return pairs.select(sel.toArray(new Column[0]));
    }

    /** Adds the matching position (double, propagated when asked) as two new columns. */
    private static Dataset<Row> withPosition(
            Dataset<Row> df, String side, String ra, String dec, Epochs epochs, String raOut, String decOut) {
        Column raCol = df.col(quote(ra)).cast(DataTypes.DoubleType);
        Column decCol = df.col(quote(dec)).cast(DataTypes.DoubleType);
        if (epochs == null) {
            return df.withColumn(raOut, raCol).withColumn(decOut, decCol);
        }
        StructType pos =
                new StructType().add("ra", DataTypes.DoubleType, false).add("dec", DataTypes.DoubleType, false);
        UserDefinedFunction propagate =
                functions.udf(new PositionFunctions.Propagate(side, ra, dec, epochs.targetEpoch), pos);
        Column ref = epochs.refEpochColumn == null
                ? lit(epochs.refEpoch)
                : df.col(quote(epochs.refEpochColumn)).cast(DataTypes.DoubleType);
        Column moved = propagate.apply(
                raCol,
                decCol,
                df.col(quote(epochs.pmRaColumn)).cast(DataTypes.DoubleType),
                df.col(quote(epochs.pmDecColumn)).cast(DataTypes.DoubleType),
                ref);
        String tmp = "__xm_moved_" + side;
        return df.withColumn(tmp, moved)
                .withColumn(raOut, col(tmp + ".ra"))
                .withColumn(decOut, col(tmp + ".dec"))
                .drop(tmp);
    }

    /** The cells of the join: from the radius, plus dense cells found by the sample. */
    private CellPlan plan(Dataset<Row> l, Dataset<Row> r, double radiusDeg) {
        int base = healpixOrder >= 0 ? healpixOrder : CellPlan.orderForRadius(radiusDeg, 16);
        if (healpixOrder >= 0 || densitySample == 0) {
            return new CellPlan(base, base, new long[0], radiusDeg);
        }
        int finest = Math.max(base, CellPlan.orderForRadius(radiusDeg, 4));
        if (finest == base) {
            return new CellPlan(base, base, new long[0], radiusDeg);
        }
        CellPlan probe = new CellPlan(base, base, new long[0], radiusDeg);
        UserDefinedFunction lkey =
                functions.udf(new PositionFunctions.LeftKey(probe, "ra", "dec", false), DataTypes.LongType);
        Column cell = lkey.apply(col("__p_ra"), col("__p_dec"));
        Dataset<Row> ls = l.select(
                        col("__xm_lra").as("__p_ra"), col("__xm_ldec").as("__p_dec"))
                .sample(false, densitySample, 20261206L);
        Dataset<Row> rs = r.select(
                        col("__xm_rra").as("__p_ra"), col("__xm_rdec").as("__p_dec"))
                .sample(false, densitySample, 20261207L);
        long threshold = Math.max(2, Math.round(DENSE_CELL_ROWS * densitySample));
        List<Row> dense = ls.unionAll(rs)
                .where(col("__p_ra").isNotNull().and(col("__p_dec").isNotNull()))
                .select(cell.as("k"))
                .groupBy("k")
                .count()
                .where(col("count").geq(threshold))
                .collectAsList();
        if (dense.isEmpty()) {
            return new CellPlan(base, base, new long[0], radiusDeg);
        }
        long[] cells = new long[dense.size()];
        long most = 0;
        int shift = 2 * (29 - base);
        for (int i = 0; i < cells.length; i++) {
            cells[i] = dense.get(i).getLong(0) >>> shift;
            most = Math.max(most, dense.get(i).getLong(1));
        }
        double estimated = most / densitySample;
        int split = (int) Math.ceil(Math.log(estimated / TARGET_CELL_ROWS) / Math.log(4));
        int order = Math.min(finest, base + Math.max(1, split));
        return new CellPlan(base, order, cells, radiusDeg);
    }

    /** The name of a position column, checked: present and numeric. */
    private static String position(StructType schema, String side, String setting, String name) {
        StructField f = field(schema, name);
        if (f == null) {
            throw new IllegalArgumentException("Missing column '" + name + "' on the " + side
                    + " side of the cross-match: its columns are " + Arrays.toString(schema.fieldNames())
                    + "; name the position columns with " + setting + "(ra, dec)");
        }
        if (!(f.dataType() instanceof NumericType)) {
            throw new IllegalArgumentException("Column '" + f.name() + "' on the " + side
                    + " side of the cross-match has type " + f.dataType().simpleString()
                    + ": positions must be numeric degrees; cast it, or name other columns with " + setting
                    + "(ra, dec)");
        }
        return f.name();
    }

    private static StructField field(StructType schema, String name) {
        for (StructField f : schema.fields()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        StructField found = null;
        for (StructField f : schema.fields()) {
            if (f.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                if (found != null) {
                    return null;
                }
                found = f;
            }
        }
        return found;
    }

    static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** A side's proper-motion columns and epochs. */
    private static final class Epochs {
        final String setting;
        final String pmRaColumn;
        final String pmDecColumn;
        final String refEpochColumn;
        final double refEpoch;
        final double targetEpoch;

        private Epochs(
                String setting,
                String pmRaColumn,
                String pmDecColumn,
                String refEpochColumn,
                double refEpoch,
                double targetEpoch) {
            this.setting = setting;
            this.pmRaColumn = pmRaColumn;
            this.pmDecColumn = pmDecColumn;
            this.refEpochColumn = refEpochColumn;
            this.refEpoch = refEpoch;
            this.targetEpoch = targetEpoch;
        }

        static Epochs of(
                String setting, String pmRa, String pmDec, String refColumn, double refEpoch, double targetEpoch) {
            if (!Double.isFinite(refEpoch) || !Double.isFinite(targetEpoch)) {
                throw new IllegalArgumentException("Invalid epochs " + refEpoch + " and " + targetEpoch + " for '"
                        + setting + "': expected Julian years such as 2016.0 and 2000.0");
            }
            return new Epochs(setting, pmRa, pmDec, refColumn, refEpoch, targetEpoch);
        }

        void check(StructType schema, String side) {
            List<String> names = new ArrayList<>(List.of(pmRaColumn, pmDecColumn));
            if (refEpochColumn != null) {
                names.add(refEpochColumn);
            }
            for (String n : names) {
                StructField f = n == null ? null : field(schema, n);
                if (f == null) {
                    throw new IllegalArgumentException("Missing column '" + n + "' on the " + side
                            + " side of the cross-match: its columns are " + Arrays.toString(schema.fieldNames())
                            + "; name the proper-motion and epoch columns with " + setting + "(...)");
                }
                DataType t = f.dataType();
                if (!(t instanceof NumericType)) {
                    throw new IllegalArgumentException("Column '" + f.name() + "' on the " + side
                            + " side of the cross-match has type " + t.simpleString()
                            + ": proper motions (mas/yr) and epochs (years) must be numeric; cast it, or name"
                            + " other columns with " + setting + "(...)");
                }
            }
        }
    }
}
