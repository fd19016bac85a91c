package org.mastspark.connector.crossmatch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.rows.MastType;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.download.HadoopConf;
import org.mastspark.connector.hats.HatsCatalog;
import org.mastspark.connector.hats.HatsCatalog.Partition;
import org.mastspark.connector.hats.HatsPixels;
import org.mastspark.connector.read.MastPartition;
import org.mastspark.connector.read.MastSource;
import org.mastspark.connector.read.SourceQuery;
import org.mastspark.connector.read.hats.HatsSource;
import org.mastspark.connector.schema.MastSchemas;
import org.mastspark.connector.sky.Healpix;
import org.mastspark.connector.sky.SkyRegion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code load("crossmatch:hats")}, internal to {@link HatsCrossmatch}: the aligned cross-match of two HATS
 * catalogs as a source of the connector's read stack, whose partitions are the aligned pixels
 * ({@link HatsPairPartition}). Opened on the driver; never sent to executors.
 */
public final class HatsCrossmatchSource implements MastSource {
    private static final Logger LOG = LoggerFactory.getLogger(HatsCrossmatchSource.class);

    private final HatsCrossmatch.Job job;
    private final HatsSource left;
    private final HatsSource right;
    private final HatsCatalog.Margin margin;
    private final HatsCatalog marginCatalog;
    private final String[] leftNames;
    private final String[] rightNames;
    private final String[][] outputNames;
    private final StructType schema;
    private final List<HatsCrossmatch.Aligned> aligned;

    private HatsCrossmatchSource(HatsCrossmatch.Job job) {
        this.job = job;
        this.left = HatsCrossmatch.open(job.left());
        this.right = HatsCrossmatch.open(job.right());
        String why = HatsCrossmatch.reason(job.left(), left, job.right(), right, job.spec(), null);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        this.margin = right.margin();
        this.marginCatalog = HatsCatalog.open(right.hadoopConf(), margin.path());
        this.leftNames = HatsCrossmatch.names(job.left(), left);
        this.rightNames = HatsCrossmatch.names(job.right(), right);
        this.outputNames = job.spec().outputNames(leftNames, rightNames);
        this.schema = outputSchema();
        this.aligned = HatsCrossmatch.align(
                left.catalog().partitions(),
                right.catalog().partitions(),
                job.spec().radiusArcsec() / 3600.0,
                job.spec().keepUnmatchedLeft());
    }

    /** Whether {@code load(path)} names the aligned cross-match. */
    public static boolean handles(String path) {
        return path.equalsIgnoreCase(HatsCrossmatch.PATH);
    }

    /**
     * Opens the cross-match an internal {@code load("crossmatch:hats")} describes in its option.
     *
     * @throws IllegalArgumentException when the option is missing or the sides cannot be aligned
     */
    public static HatsCrossmatchSource of(String path, MastOptions options) {
        String job = options.get(HatsCrossmatch.JOB_OPTION);
        if (job == null) {
            throw new IllegalArgumentException("load(\"" + HatsCrossmatch.PATH + "\") is internal to MastCrossmatch;"
                    + " cross-match two DataFrames with MastCrossmatch.of(left, right)");
        }
        return new HatsCrossmatchSource(HatsCrossmatch.Job.decode(job));
    }

    private StructType outputSchema() {
        boolean keepLeft = job.spec().keepUnmatchedLeft();
        List<StructField> fields = new ArrayList<>();
        for (int i = 0; i < leftNames.length; i++) {
            StructField f = left.schema().apply(leftNames[i]);
            fields.add(new StructField(outputNames[0][i], f.dataType(), f.nullable(), f.metadata()));
        }
        for (int i = 0; i < rightNames.length; i++) {
            StructField f = right.schema().apply(rightNames[i]);
            fields.add(new StructField(outputNames[1][i], f.dataType(), f.nullable() || keepLeft, f.metadata()));
        }
        fields.add(DataTypes.createStructField(job.spec().distanceColumn(), DataTypes.DoubleType, keepLeft));
        return new StructType(fields.toArray(new StructField[0]));
    }

    @Override
    public String describe() {
        return HatsCrossmatch.PATH + " " + job.left().path() + " x "
                + job.right().path();
    }

    @Override
    public StructType schema() {
        return schema;
    }

    /** The aligned pixels, as planned. */
    List<HatsCrossmatch.Aligned> aligned() {
        return aligned;
    }

    @Override
    public SourceQuery newQuery(MastOptions options, StructType tableSchema) {
        return new Query(options, tableSchema);
    }

    private final class Query extends SourceQuery {
        Query(MastOptions options, StructType schema) {
            super(options, schema);
        }

        @Override
        protected String describe() {
            CrossmatchSpec s = job.spec();
            return "aligned HATS cross-match of " + job.left().path() + " with "
                    + job.right().path() + " (margin "
                    + margin.path() + "), radius " + s.radiusArcsec() + " arcsec"
                    + (s.minRadiusArcsec() > 0 ? ", min radius " + s.minRadiusArcsec() + " arcsec" : "")
                    + (s.nNeighbors() == CrossmatchSpec.ALL_WITHIN_RADIUS
                            ? ", all within radius"
                            : ", k=" + s.nNeighbors())
                    + ", how=" + s.how() + ": " + aligned.size() + " pixel pairs, no shuffle";
        }

        @Override
        protected List<? extends MastPartition> plan(Read read) {
            StructField[] required = read.required().fields();
            Map<String, Integer> slots = new HashMap<>();
            RowLayout.Builder layout = RowLayout.builder();
            for (int i = 0; i < required.length; i++) {
                slots.put(required[i].name().toLowerCase(Locale.ROOT), i);
                layout.add(required[i].name(), mastType(required[i]));
            }
            CrossmatchSpec spec = job.spec();
            List<String> leftColumns = columns(leftNames, spec.leftRa(), spec.leftDec());
            List<String> rightColumns = columns(rightNames, spec.rightRa(), spec.rightDec());
            int[] leftOut = out(leftColumns, outputNames[0], slots);
            int[] rightOut = out(rightColumns, outputNames[1], slots);
            Integer distance = slots.get(spec.distanceColumn().toLowerCase(Locale.ROOT));
            HadoopConf leftConf = new HadoopConf(left.hadoopConf());
            HadoopConf rightConf = new HadoopConf(right.hadoopConf());
            HatsCatalog lc = left.catalog();
            HatsCatalog rc = right.catalog();
            Set<Partition> marginPixels = Set.copyOf(marginCatalog.partitions());
            double radiusDeg = spec.radiusArcsec() / 3600.0;
            RowLayout built = layout.build();
            List<MastPartition> parts = new ArrayList<>();
            long marginFilesTotal = 0;
            for (HatsCrossmatch.Aligned a : aligned) {
                FilterPredicate leftFilter = a.pixel().equals(a.left())
                        ? null
                        : HatsPixels.predicate(
                                lc.healpixColumn(), new long[][] {a.pixel().range(lc.healpixOrder())});
                List<HatsPairPartition.FileRead> leftFiles = new ArrayList<>();
                for (FileStatus f : lc.files(a.left())) {
                    leftFiles.add(new HatsPairPartition.FileRead(f.getPath().toString(), leftFilter));
                }
                double[] centre = Healpix.center(a.pixel().order(), a.pixel().pixel());
                SkyRegion reach = new SkyRegion.Cone(
                        centre[0],
                        centre[1],
                        Math.min(
                                180,
                                Healpix.circumscribingRadius(
                                                a.pixel().order(), a.pixel().pixel())
                                        + radiusDeg));
                List<HatsPairPartition.FileRead> rightFiles = new ArrayList<>();
                int marginFiles = 0;
                StringBuilder what = new StringBuilder("pixel ")
                        .append(a.pixel())
                        .append(": left ")
                        .append(a.left());
                if (a.right() != null) {
                    // a right partition larger than the pixel: only its cells near the pixel are read
                    boolean larger = a.right().order() < a.pixel().order();
                    addFiles(rc, a.right(), larger ? reach : null, rightFiles);
                    what.append(", right ").append(a.right());
                    if (marginPixels.contains(a.right())) {
                        for (FileStatus f : marginCatalog.files(a.right())) {
                            rightFiles.add(
                                    new HatsPairPartition.FileRead(f.getPath().toString(), null));
                            marginFiles++;
                        }
                        what.append(" + margin");
                    }
                } else {
                    for (Partition n : a.neighbours()) {
                        addFiles(rc, n, reach, rightFiles);
                    }
                    what.append(", right neighbours ").append(a.neighbours());
                }
                marginFilesTotal += marginFiles;
                parts.add(new HatsPairPartition(
                        what.toString(),
                        new HatsPairPartition.Side(
                                "left side " + job.left().path(),
                                leftConf,
                                leftFiles,
                                leftColumns,
                                leftColumns.indexOf(spec.leftRa()),
                                leftColumns.indexOf(spec.leftDec()),
                                leftOut),
                        new HatsPairPartition.Side(
                                "right side " + job.right().path(),
                                rightConf,
                                rightFiles,
                                rightColumns,
                                rightColumns.indexOf(spec.rightRa()),
                                rightColumns.indexOf(spec.rightDec()),
                                rightOut),
                        marginFiles,
                        distance == null ? -1 : distance,
                        spec,
                        built,
                        read.limit()));
            }
            LOG.info(
                    "Planned aligned HATS cross-match of {} ({} partitions) with {} ({} partitions, margin {} at {}"
                            + " arcsec): {} pixel pairs, {} margin files, {}",
                    job.left().path(),
                    lc.partitions().size(),
                    job.right().path(),
                    rc.partitions().size(),
                    margin.path(),
                    margin.thresholdArcsec(),
                    parts.size(),
                    marginFilesTotal,
                    spec);
            return parts;
        }

        /** A right partition's files, restricted to the cells near the pixel when a region is given. */
        private void addFiles(HatsCatalog rc, Partition p, SkyRegion near, List<HatsPairPartition.FileRead> into) {
            FilterPredicate filter = null;
            if (near != null && rc.healpixColumn() != null) {
                filter = HatsPixels.predicate(rc.healpixColumn(), HatsPixels.ranges(p, near, rc.healpixOrder()));
            }
            for (FileStatus f : rc.files(p)) {
                into.add(new HatsPairPartition.FileRead(f.getPath().toString(), filter));
            }
        }
    }

    /** A side's Parquet columns: its returned ones, then its position when not among them. */
    private static List<String> columns(String[] names, String ra, String dec) {
        List<String> c = new ArrayList<>(List.of(names));
        if (!c.contains(ra)) {
            c.add(ra);
        }
        if (!c.contains(dec)) {
            c.add(dec);
        }
        return c;
    }

    /** The output slot of each of a side's columns: its output name's place in the read schema, or -1. */
    private static int[] out(List<String> columns, String[] outputNames, Map<String, Integer> slots) {
        int[] out = new int[columns.size()];
        for (int i = 0; i < out.length; i++) {
            Integer s = i < outputNames.length ? slots.get(outputNames[i].toLowerCase(Locale.ROOT)) : null;
            out[i] = s == null ? -1 : s;
        }
        return out;
    }

    private static MastType mastType(StructField f) {
        try {
            return MastSchemas.mastType(f);
        } catch (IllegalArgumentException e) {
            return MastType.STRING;
        }
    }
}
