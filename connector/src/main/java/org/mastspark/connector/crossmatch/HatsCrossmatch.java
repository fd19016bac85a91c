package org.mastspark.connector.crossmatch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.hats.HatsCatalog;
import org.mastspark.connector.hats.HatsCatalog.Partition;
import org.mastspark.connector.read.hats.HatsSource;
import org.mastspark.connector.sky.Healpix;

/**
 * The cross-match of two HATS catalogs without a shuffle, as LSDB aligns them: the partitions of both sides
 * are paired where their pixels overlap, each pair at the smaller of the two pixels, and each aligned pixel is
 * one Spark task that reads its left rows and the right rows that can lie within the radius (the right
 * partition's own rows plus its margin cache's) and matches them in memory. Unlike LSDB, a left pixel that no
 * right partition covers still finds the right rows across its border, in the neighbouring right partitions.
 *
 * <p>The result is a {@code format("mast")} read of the internal path {@value #PATH}, so plans show it as
 * {@code MAST aligned HATS cross-match ...}.
 */
public final class HatsCrossmatch {
    /** The internal load path of the aligned cross-match. */
    static final String PATH = "crossmatch:hats";

    /** The option carrying the two sides and the settings (Java serialization, Base64). */
    static final String JOB_OPTION = "crossmatchJob";

    private HatsCrossmatch() {}

    /** What an aligned cross-match reads and how it matches: the option the internal source is opened with. */
    record Job(HatsSide left, HatsSide right, CrossmatchSpec spec) implements Serializable {
        private static final long serialVersionUID = 1L;

        String encode() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Base64.getEncoder().encodeToString(bytes.toByteArray());
        }

        static Job decode(String text) {
            try (ObjectInputStream in = new ObjectInputStream(
                    new ByteArrayInputStream(Base64.getDecoder().decode(text)))) {
                return (Job) in.readObject();
            } catch (IOException | ClassNotFoundException | IllegalArgumentException | ClassCastException e) {
                throw new IllegalArgumentException(
                        "Invalid value for option '" + JOB_OPTION + "': load(\"" + PATH
                                + "\") is internal to MastCrossmatch; cross-match with MastCrossmatch.of(left, right)",
                        e);
            }
        }
    }

    /**
     * The cross-match of two HATS reads, one Spark task per aligned pixel, with no shuffle. Output: the left
     * columns, the right columns (nullable when {@code how=left}), then {@link CrossmatchSpec#distanceColumn()}
     * (arcseconds), named by {@link CrossmatchSpec#outputNames}.
     *
     * @throws IllegalArgumentException when the aligned path does not apply, with {@link #whyNotAligned}'s reason
     */
    public static Dataset<Row> run(SparkSession spark, HatsSide left, HatsSide right, CrossmatchSpec spec) {
        String why = whyNotAligned(left, right, spec, null);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        return spark.read()
                .format("mast")
                .option(JOB_OPTION, new Job(left, right, spec).encode())
                .load(PATH);
    }

    /**
     * Why two HATS reads cannot be matched partition by partition, or null when they can: a side that cannot be
     * opened or has no positions, position columns that are not the catalog's, a left side without the HEALPix
     * index column, a right side without a margin cache or with one narrower than the radius, output names that
     * clash.
     *
     * @param conf the Hadoop configuration to open the right side's margin cache with, under the right side's
     *     {@code fs.*} options; null for the one the right side's read uses (the session's)
     */
    public static String whyNotAligned(HatsSide left, HatsSide right, CrossmatchSpec spec, Configuration conf) {
        HatsSource l;
        HatsSource r;
        try {
            l = open(left);
        } catch (RuntimeException e) {
            return "The left side " + left.path() + " cannot be opened as a HATS catalog: " + e.getMessage();
        }
        try {
            r = open(right);
        } catch (RuntimeException e) {
            return "The right side " + right.path() + " cannot be opened as a HATS catalog: " + e.getMessage();
        }
        return reason(left, l, right, r, spec, conf);
    }

    /** {@link #whyNotAligned} for sides already opened. */
    static String reason(
            HatsSide left, HatsSource l, HatsSide right, HatsSource r, CrossmatchSpec spec, Configuration conf) {
        String why = checkSide("left", left, l, spec.leftRa(), spec.leftDec());
        if (why == null) {
            why = checkSide("right", right, r, spec.rightRa(), spec.rightDec());
        }
        if (why != null) {
            return why;
        }
        if (l.catalog().healpixColumn() == null) {
            return "The left side " + left.path() + " has no HEALPix index column ("
                    + l.catalog().properties().getOrDefault("hats_col_healpix", HatsCatalog.DEFAULT_HEALPIX_COLUMN)
                    + "): its rows cannot be split by pixel to align them with the right side's partitions";
        }
        HatsCatalog.Margin margin;
        try {
            margin = margin(right, r, conf);
        } catch (RuntimeException e) {
            return "The margin cache of the right side " + right.path() + " cannot be opened: " + e.getMessage();
        }
        if (margin == null) {
            return "The right side " + right.path() + " (catalog " + r.catalog().name() + ") has no margin cache:"
                    + " without one, matches across its partition borders would be lost; give its read option"
                    + " 'margin' (the root of its margin catalog, with hats_margin_threshold at least the radius "
                    + spec.radiusArcsec() + " arcsec), or match without alignment";
        }
        if (margin.thresholdArcsec() < spec.radiusArcsec()) {
            return "Cross match radius is greater than margin threshold: the right side " + right.path()
                    + " (catalog " + r.catalog().name() + ") has the margin cache " + margin.path()
                    + " with hats_margin_threshold " + margin.thresholdArcsec() + " arcsec, below the radius "
                    + spec.radiusArcsec() + " arcsec; use a margin cache at least as wide (read option 'margin'),"
                    + " a smaller radius, or match without alignment";
        }
        try {
            spec.outputNames(names(left, l), names(right, r));
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return null;
    }

    private static String checkSide(String which, HatsSide side, HatsSource s, String ra, String dec) {
        HatsCatalog c = s.catalog();
        String type = c.dataproductType();
        if ("margin".equals(type) || "index".equals(type)) {
            return "The " + which + " side " + side.path() + " is a HATS " + type + " catalog (dataproduct_type=" + type
                    + "), not a catalog of objects or sources; match its primary catalog";
        }
        List<String> columns = c.columnNames();
        for (String col : new String[] {ra, dec}) {
            if (!columns.contains(col)) {
                return "The " + which + " side " + side.path() + " has no column '" + col
                        + "' (the position columns given for it); its columns are " + String.join(", ", columns);
            }
        }
        if (side.columns() != null) {
            for (String col : side.columns()) {
                if (!columns.contains(col)) {
                    return "The " + which + " side " + side.path() + " has no column '" + col + "' (selected)";
                }
            }
        }
        return null;
    }

    /** Opens a side as {@code load()} would. */
    static HatsSource open(HatsSide side) {
        scala.Option<SparkSession> active = SparkSession.getActiveSession();
        MastOptions options =
                active.isDefined() ? MastOptions.resolve(side.options(), active.get()) : MastOptions.of(side.options());
        if (!HatsSource.handles(side.path())) {
            throw new IllegalArgumentException(
                    "the path '" + side.path() + "' is not a HATS read (expected hats:<root> or hats/<name>)");
        }
        return HatsSource.of(side.path(), options);
    }

    /** The right side's margin cache, or null. */
    static HatsCatalog.Margin margin(HatsSide side, HatsSource source, Configuration conf) {
        if (conf == null) {
            return source.margin();
        }
        HatsCatalog.Margin m = source.margin();
        if (m == null) {
            return null;
        }
        Configuration c = new Configuration(conf);
        side.options().forEach((k, v) -> {
            if (k.toLowerCase(Locale.ROOT).startsWith("fs.")) {
                c.set(k, v);
            }
        });
        return HatsCatalog.margin(c, m.path());
    }

    /** The columns a side returns: its selection, else the catalog's columns. */
    static String[] names(HatsSide side, HatsSource source) {
        return side.columns() != null
                ? side.columns().toArray(new String[0])
                : source.schema().fieldNames();
    }

    /**
     * One aligned pixel: the left partition whose rows in the pixel are matched, and where the right rows come
     * from.
     *
     * @param pixel the aligned pixel: the smaller of the two overlapping partitions' pixels, or a piece of the
     *     left partition that no right partition covers
     * @param left the left partition holding the pixel
     * @param right the right partition covering the pixel (its rows and its margin cache's are read), or null
     * @param neighbours for a pixel no right partition covers: the right partitions that may hold rows within
     *     the radius of it (their own rows are read); empty otherwise
     */
    record Aligned(Partition pixel, Partition left, Partition right, List<Partition> neighbours) {
        Aligned {
            neighbours = List.copyOf(neighbours);
        }
    }

    /**
     * The aligned pixels of two partition lists, as LSDB's alignment pairs them: for each left partition, the
     * right partition containing it (pixel: the left one), else the right partitions inside it (pixel: each of
     * them) and the rest of it, in the largest cells no right partition overlaps. Those rest pieces are kept
     * when a neighbouring right partition may hold rows within the radius, or when {@code keepLeft}; a left
     * row lies in exactly one aligned pixel.
     */
    static List<Aligned> align(List<Partition> left, List<Partition> right, double radiusDeg, boolean keepLeft) {
        List<Aligned> out = new ArrayList<>();
        for (Partition l : left) {
            Partition covering = null;
            for (Partition r : right) {
                if (contains(r, l)) {
                    covering = r;
                    break;
                }
            }
            if (covering != null) {
                out.add(new Aligned(l, l, covering, List.of()));
            } else {
                cover(l, l, right, radiusDeg, keepLeft, out);
            }
        }
        return out;
    }

    private static void cover(
            Partition l, Partition cell, List<Partition> right, double radiusDeg, boolean keepLeft, List<Aligned> out) {
        boolean inside = false;
        for (Partition r : right) {
            if (r.equals(cell)) {
                out.add(new Aligned(cell, l, r, List.of()));
                return;
            }
            inside |= contains(cell, r);
        }
        if (inside) {
            for (long child : Healpix.children(cell.order(), cell.pixel())) {
                cover(l, new Partition(cell.order() + 1, child), right, radiusDeg, keepLeft, out);
            }
            return;
        }
        double[] centre = Healpix.center(cell.order(), cell.pixel());
        double reach = Math.min(180, Healpix.circumscribingRadius(cell.order(), cell.pixel()) + radiusDeg);
        List<Partition> near = new ArrayList<>();
        for (Partition r : right) {
            if (Healpix.mayIntersectCone(r.order(), r.pixel(), centre[0], centre[1], reach)) {
                near.add(r);
            }
        }
        if (!near.isEmpty() || keepLeft) {
            out.add(new Aligned(cell, l, null, near));
        }
    }

    /** Whether pixel {@code outer} contains (or is) pixel {@code inner}. */
    static boolean contains(Partition outer, Partition inner) {
        return inner.order() >= outer.order()
                && (inner.pixel() >> (2 * (inner.order() - outer.order()))) == outer.pixel();
    }
}
