package org.mastspark.connector.read.hats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.rows.MastType;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.hats.HatsCatalog;
import org.mastspark.connector.hats.HatsPixels;
import org.mastspark.connector.options.HatsKeys;
import org.mastspark.connector.options.ReadKeys;
import org.mastspark.connector.read.Comparison;
import org.mastspark.connector.read.MastPartition;
import org.mastspark.connector.read.Pushdown;
import org.mastspark.connector.read.SearchRegion;
import org.mastspark.connector.read.SkyRows;
import org.mastspark.connector.read.SourceQuery;
import org.mastspark.connector.schema.MastSchemas;
import org.mastspark.connector.sky.SkyRegion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scan of a HATS catalog, on the driver:
 *
 * <ul>
 *   <li>comparisons Parquet can evaluate ({@code ParquetFilters}) are pushed, all ANDed, and re-checked by
 *       Spark; bounds on the ra/dec columns also prune partitions (a box);
 *   <li>the cone of options {@code coordinates}/{@code target} and {@code radius} keeps the partitions whose
 *       pixel it may touch (widened by the threshold for a margin cache) and, within each, the
 *       {@code _healpix_29} ranges of its cells ({@link HatsPixels}); rows outside the cone are dropped by
 *       their own position ({@link SkyRows});
 *   <li>only the read schema's columns are read, with ra/dec when the cone or column {@code healpix} needs them;
 *   <li>{@code COUNT(*)} without a region or filter is the sum of the row groups' counts;
 *   <li>splits are packed into tasks as Spark's file sources pack files ({@code spark.sql.files.maxPartitionBytes},
 *       {@code openCostInBytes}); a larger file is split by byte ranges (row groups by midpoint); option
 *       {@code partitionPerPixel} plans one task per HATS partition instead.
 * </ul>
 *
 * Single use.
 */
final class HatsQuery extends SourceQuery {
    private static final Logger LOG = LoggerFactory.getLogger(HatsQuery.class);

    private final HatsSource source;
    private final HatsCatalog catalog;
    private final MessageType parquet;
    private final List<String> parquetColumns;
    private final List<FilterPredicate> pushed = new ArrayList<>();
    private final List<String> pushedText = new ArrayList<>();
    private final double[] raBounds = {Double.NaN, Double.NaN};
    private final double[] decBounds = {Double.NaN, Double.NaN};
    private Selection selection;

    HatsQuery(HatsSource source, MastOptions options, StructType schema) {
        super(options, schema);
        this.source = source;
        this.catalog = source.catalog();
        this.parquet = catalog.schema();
        this.parquetColumns = catalog.columnNames();
    }

    /** The partitions a scan keeps, and the region it keeps rows of. */
    private record Selection(SkyRegion.Cone cone, SkyRegion box, List<HatsCatalog.Partition> partitions) {}

    @Override
    protected Pushdown push(Comparison c) {
        if (!parquetColumns.contains(c.column())) {
            return Pushdown.SPARK;
        }
        // a bound on ra/dec prunes partitions whether or not Parquet takes it (Spark evaluates it either way)
        bound(c);
        FilterPredicate f = ParquetFilters.of(c, parquet);
        if (f == null) {
            return Pushdown.SPARK;
        }
        pushed.add(f);
        pushedText.add(c.column() + " " + c.op() + " " + String.join(", ", c.texts()));
        return Pushdown.RECHECK;
    }

    @Override
    protected Pushdown pushNotNull(StructField column, boolean pushedOn) {
        if (!parquetColumns.contains(column.name())) {
            return Pushdown.SPARK;
        }
        FilterPredicate f = ParquetFilters.notNull(column.name(), parquet);
        if (f == null) {
            return Pushdown.SPARK;
        }
        pushed.add(f);
        pushedText.add(column.name() + " IS NOT NULL");
        return Pushdown.RECHECK;
    }

    /** Takes a bound on the ra or dec column into the box that prunes partitions. */
    private void bound(Comparison c) {
        double[] b = c.column().equals(catalog.raColumn())
                ? raBounds
                : c.column().equals(catalog.decColumn()) ? decBounds : null;
        if (b == null || !c.numeric() || !(c.value() instanceof Number n)) {
            return;
        }
        double v = n.doubleValue();
        if (!Double.isFinite(v)) {
            return;
        }
        switch (c.op()) {
            case ">", ">=" -> b[0] = Double.isNaN(b[0]) ? v : Math.max(b[0], v);
            case "<", "<=" -> b[1] = Double.isNaN(b[1]) ? v : Math.min(b[1], v);
            case "=" -> {
                b[0] = Double.isNaN(b[0]) ? v : Math.max(b[0], v);
                b[1] = Double.isNaN(b[1]) ? v : Math.min(b[1], v);
            }
            default -> {
                // other comparisons bound nothing
            }
        }
    }

    /** The box of the pushed ra/dec bounds, or null when they bound nothing usable. */
    private SkyRegion box() {
        double decMin = Double.isNaN(decBounds[0]) ? -90 : Math.max(-90, decBounds[0]);
        double decMax = Double.isNaN(decBounds[1]) ? 90 : Math.min(90, decBounds[1]);
        double raMin = raBounds[0];
        double raMax = raBounds[1];
        boolean ra = !Double.isNaN(raMin) && !Double.isNaN(raMax) && raMin >= 0 && raMax <= 360 && raMin <= raMax;
        if (!ra && decMin == -90 && decMax == 90) {
            return null;
        }
        if (decMin > decMax) {
            // contradictory bounds: no row matches, which Spark's re-check finds; prune nothing
            return null;
        }
        return ra ? new SkyRegion.Box(raMin, raMax, decMin, decMax) : new SkyRegion.Box(0, 360, decMin, decMax);
    }

    @Override
    protected boolean pushCount() {
        return !options.hasPosition() && pushed.isEmpty() && box() == null;
    }

    private Selection selection() {
        if (selection == null) {
            SearchRegion search =
                    options.hasPosition() ? SearchRegion.of(options, ReadKeys.RADIUS, new ClientMetrics()) : null;
            SkyRegion.Cone cone = search == null ? null : search.cone();
            SkyRegion box = box();
            List<HatsCatalog.Partition> kept = catalog.partitions();
            double margin = catalog.isMargin() ? catalog.marginThresholdArcsec() : 0;
            if (cone != null) {
                kept = HatsPixels.intersecting(kept, cone, margin);
            }
            if (box != null) {
                kept = HatsPixels.intersecting(kept, box, margin);
            }
            selection = new Selection(cone, box, kept);
        }
        return selection;
    }

    @Override
    protected String describe() {
        Selection s = selection();
        StringBuilder sb = new StringBuilder(source.describe())
                .append(" [")
                .append(catalog.dataproductType() == null ? "catalog" : catalog.dataproductType())
                .append(' ')
                .append(catalog.name())
                .append(']')
                .append(SearchRegion.describe(options, ReadKeys.RADIUS));
        if (s.box() != null) {
            SkyRegion.Box b = (SkyRegion.Box) s.box();
            sb.append(String.format(
                    Locale.ROOT, " in box ra %s..%s dec %s..%s", b.raMin(), b.raMax(), b.decMin(), b.decMax()));
        }
        sb.append(String.format(
                Locale.ROOT,
                ": %,d of %,d partitions",
                s.partitions().size(),
                catalog.partitions().size()));
        sb.append(" [filters=").append(String.join(" AND ", pushedText)).append(']');
        return sb.toString();
    }

    @Override
    protected List<MastPartition> plan(Read read) {
        if (read.count()) {
            return List.of(MastPartition.counted(catalog.countRows()));
        }
        if (read.limit() == 0) {
            return List.of();
        }
        Selection s = selection();
        String healpixColumn = catalog.healpixColumn();
        boolean ranges = s.cone() != null && !catalog.isMargin() && healpixColumn != null;
        Columns cols = new Columns(read.required(), s.cone() != null);
        FilterPredicate filters = null;
        for (FilterPredicate f : pushed) {
            filters = filters == null ? f : FilterApi.and(filters, f);
        }
        List<HatsPartition.Split> splits = new ArrayList<>();
        boolean perPixel = options.get(HatsKeys.PARTITION_PER_PIXEL);
        Sizes sizes = Sizes.of();
        Map<HatsCatalog.Partition, List<FileStatus>> files = new LinkedHashMap<>();
        if (s.cone() == null && s.box() == null && !catalog.otherFiles().isEmpty()) {
            // an index catalog's files belong to no pixel: order and pixel -1, the metadata columns null
            files.put(new HatsCatalog.Partition(-1, -1), catalog.otherFileStatuses());
        }
        long total = 0;
        for (HatsCatalog.Partition p : s.partitions()) {
            List<FileStatus> f = catalog.files(p);
            files.put(p, f);
            for (FileStatus st : f) {
                total += st.getLen() + sizes.openCost;
            }
        }
        long maxSplit = sizes.maxSplitBytes(total);
        List<List<HatsPartition.Split>> tasks = new ArrayList<>();
        List<HatsPartition.Split> current = new ArrayList<>();
        long currentSize = 0;
        for (Map.Entry<HatsCatalog.Partition, List<FileStatus>> e : files.entrySet()) {
            HatsCatalog.Partition p = e.getKey();
            FilterPredicate filter = filters;
            if (ranges) {
                FilterPredicate r =
                        HatsPixels.predicate(healpixColumn, HatsPixels.ranges(p, s.cone(), catalog.healpixOrder()));
                filter = r == null ? filter : filter == null ? r : FilterApi.and(filter, r);
            }
            List<HatsPartition.Split> pixel = new ArrayList<>();
            for (FileStatus st : e.getValue()) {
                long len = st.getLen();
                String file = st.getPath().toString();
                if (perPixel || len <= maxSplit) {
                    pixel.add(new HatsPartition.Split(file, 0, Long.MAX_VALUE, p.order(), p.pixel(), filter));
                } else {
                    for (long start = 0; start < len; start += maxSplit) {
                        long end = start + maxSplit >= len ? Long.MAX_VALUE : start + maxSplit;
                        pixel.add(new HatsPartition.Split(file, start, end, p.order(), p.pixel(), filter));
                    }
                }
            }
            if (perPixel) {
                tasks.add(pixel);
                continue;
            }
            for (HatsPartition.Split split : pixel) {
                long size = (split.end() == Long.MAX_VALUE ? lengthOf(e.getValue(), split) - split.start() : maxSplit)
                        + sizes.openCost;
                if (!current.isEmpty() && currentSize + size > maxSplit) {
                    tasks.add(current);
                    current = new ArrayList<>();
                    currentSize = 0;
                }
                current.add(split);
                currentSize += size;
            }
        }
        if (!current.isEmpty()) {
            tasks.add(current);
        }
        SkyRows sky = cols.sky(s.cone());
        List<MastPartition> parts = new ArrayList<>();
        for (List<HatsPartition.Split> t : tasks) {
            parts.add(new HatsPartition(
                    source.describe(),
                    source.shippedConf(),
                    t,
                    cols.parquet,
                    cols.slots,
                    cols.orderSlot,
                    cols.pixelSlot,
                    cols.layout,
                    sky,
                    read.limit()));
        }
        LOG.info(
                "Planned HATS read of {}: {} of {} partitions, {} tasks, columns {}, filters [{}]",
                source.describe(),
                s.partitions().size(),
                catalog.partitions().size(),
                parts.size(),
                cols.parquet,
                String.join(" AND ", pushedText));
        return parts;
    }

    private static long lengthOf(List<FileStatus> files, HatsPartition.Split split) {
        for (FileStatus f : files) {
            if (f.getPath().toString().equals(split.file())) {
                return f.getLen();
            }
        }
        return 0;
    }

    /** Spark's file-source settings for packing files into tasks. */
    private record Sizes(long maxPartitionBytes, long openCost, int minPartitions) {
        static Sizes of() {
            scala.Option<SparkSession> active = SparkSession.getActiveSession();
            if (!active.isDefined()) {
                return new Sizes(128L << 20, 4L << 20, 1);
            }
            SparkSession spark = active.get();
            long max = bytes(setting(spark, "spark.sql.files.maxPartitionBytes", "128m"));
            long open = bytes(setting(spark, "spark.sql.files.openCostInBytes", "4m"));
            String min = setting(spark, "spark.sql.files.minPartitionNum", "");
            int parallelism = min.isEmpty() ? spark.sparkContext().defaultParallelism() : Integer.parseInt(min.trim());
            return new Sizes(max, open, Math.max(1, parallelism));
        }

        private static String setting(SparkSession spark, String key, String def) {
            // getAll, not getOption: for an optional setting without a value (minPartitionNum) Spark 4 checks
            // the absent value against the setting's type and throws.
            scala.Option<String> v = spark.conf().getAll().get(key);
            return v.isDefined() && v.get() != null ? v.get() : def;
        }

        /** As Spark's {@code FilePartition.maxSplitBytes}: at most the maximum, spread over the parallelism. */
        long maxSplitBytes(long totalWithOpenCosts) {
            return Math.max(1, Math.min(maxPartitionBytes, Math.max(openCost, totalWithOpenCosts / minPartitions)));
        }

        /** A size as Spark's settings write it: bytes, or with a unit {@code k}, {@code m}, {@code g}, {@code t}. */
        static long bytes(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            int end = t.length();
            while (end > 0 && !Character.isDigit(t.charAt(end - 1))) {
                end--;
            }
            long n = Long.parseLong(t.substring(0, end));
            String unit = t.substring(end).replace("ib", "").replace("b", "");
            int shift = switch (unit) {
                case "" -> 0;
                case "k" -> 10;
                case "m" -> 20;
                case "g" -> 30;
                case "t" -> 40;
                default -> throw new IllegalArgumentException("Invalid size '" + text + "'");
            };
            return n << shift;
        }
    }

    /**
     * What each row reads and where it goes: the read schema's columns (Parquet columns read into their slots,
     * {@code healpix} computed, the metadata columns filled per partition), then ra/dec when needed but not
     * asked for.
     */
    private final class Columns {
        final RowLayout layout;
        final List<String> parquet = new ArrayList<>();
        final int[] slots;
        final int orderSlot;
        final int pixelSlot;
        final int healpixSlot;
        final int raSlot;
        final int decSlot;

        Columns(StructType required, boolean region) {
            RowLayout.Builder b = RowLayout.builder();
            List<Integer> slotList = new ArrayList<>();
            int order = -1;
            int pixel = -1;
            int hp = -1;
            StructField[] fields = required.fields();
            for (int i = 0; i < fields.length; i++) {
                String n = fields[i].name();
                b.add(n, mastType(fields[i]));
                if (n.equals(HatsSource.ORDER_COLUMN) && !parquetColumns.contains(n)) {
                    order = i;
                } else if (n.equals(HatsSource.PIXEL_COLUMN) && !parquetColumns.contains(n)) {
                    pixel = i;
                } else if (n.equals(MastSchemas.HEALPIX) && !parquetColumns.contains(n)) {
                    hp = i;
                } else {
                    parquet.add(n);
                    slotList.add(i);
                }
            }
            int width = fields.length;
            boolean positions = region || hp >= 0;
            int ra = parquet.indexOf(catalog.raColumn());
            int dec = parquet.indexOf(catalog.decColumn());
            if (positions && ra < 0) {
                b.add("(position) " + catalog.raColumn(), MastType.DOUBLE);
                parquet.add(catalog.raColumn());
                slotList.add(width++);
            }
            if (positions && dec < 0) {
                b.add("(position) " + catalog.decColumn(), MastType.DOUBLE);
                parquet.add(catalog.decColumn());
                slotList.add(width++);
            }
            layout = b.build();
            orderSlot = order;
            pixelSlot = pixel;
            healpixSlot = hp;
            raSlot = positions ? slotList.get(parquet.indexOf(catalog.raColumn())) : -1;
            decSlot = positions ? slotList.get(parquet.indexOf(catalog.decColumn())) : -1;
            boolean identity = true;
            int[] s = new int[slotList.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = slotList.get(i);
                identity &= s[i] == i;
            }
            slots = identity ? null : s;
        }

        /** The row filter: the cone re-checked on each row's position, column healpix computed; null for neither. */
        SkyRows sky(SkyRegion.Cone cone) {
            if (cone == null && healpixSlot < 0) {
                return null;
            }
            List<SkyRows.Computed> computed = new ArrayList<>();
            if (healpixSlot >= 0) {
                computed.add(new SkyRows.HealpixCell(healpixSlot, options.healpixOrder()));
            }
            return new SkyRows(raSlot, decSlot, null, cone, computed, source.describe());
        }
    }

    /** A layout type for a field (only the slot count matters to a Parquet read; other types read as values). */
    private static MastType mastType(StructField f) {
        try {
            return MastSchemas.mastType(f);
        } catch (IllegalArgumentException e) {
            return MastType.STRING;
        }
    }
}
