package org.mastspark.connector.fits;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans partitions as Spark's file sources do: the split size is {@code maxPartitionBytes}, lowered to spread
 * small reads over the default parallelism (never below {@code openCostInBytes}); files no larger than it are
 * packed whole, in path order, each costing its size plus the open cost; a larger file's table HDU is split
 * into row ranges of at most that many bytes (whole rows, 64-bit arithmetic), so each row is read by exactly one
 * partition. Only those large files have their headers read here (a small thread pool); gzip files and image
 * HDUs are read whole.
 */
final class FitsPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(FitsPlanner.class);

    private FitsPlanner() {}

    static List<FitsPartition> plan(FitsSpec spec, Configuration conf, List<FitsFile> files) {
        FitsOptions o = spec.options();
        long total = 0;
        for (FitsFile f : files) {
            total += (o.headers() ? 0 : f.length()) + o.openCostInBytes();
        }
        int parallelism = 1;
        scala.Option<SparkSession> active = SparkSession.getActiveSession();
        if (active.isDefined()) {
            parallelism = Math.max(1, active.get().sparkContext().defaultParallelism());
        }
        long maxSplit =
                Math.max(1, Math.min(o.maxPartitionBytes(), Math.max(o.openCostInBytes(), total / parallelism)));
        List<FitsFile> large = new ArrayList<>();
        for (FitsFile f : files) {
            if (!o.headers() && f.length() > maxSplit) {
                large.add(f);
            }
        }
        List<List<FitsPartition.Split>> splitsOfLarge = FitsSource.parallel(large, f -> split(spec, conf, f, maxSplit));
        List<FitsPartition> parts = new ArrayList<>();
        List<FitsPartition.Split> current = new ArrayList<>();
        long currentSize = 0;
        int li = 0;
        for (FitsFile f : files) {
            List<FitsPartition.Split> splits;
            if (!o.headers() && f.length() > maxSplit) {
                splits = splitsOfLarge.get(li++);
            } else {
                splits = List.of(new FitsPartition.Split(f, 0, -1));
            }
            for (FitsPartition.Split s : splits) {
                long size = o.openCostInBytes() + (o.headers() ? 0 : s.whole() ? f.length() : sizeOf(s, f, splits));
                if (!current.isEmpty() && currentSize + size > maxSplit) {
                    parts.add(new FitsPartition(current));
                    current = new ArrayList<>();
                    currentSize = 0;
                }
                current.add(s);
                currentSize += size;
            }
        }
        if (!current.isEmpty()) {
            parts.add(new FitsPartition(current));
        }
        return parts;
    }

    /** A row range's bytes: the file's size spread over its ranges by rows. */
    private static long sizeOf(FitsPartition.Split s, FitsFile f, List<FitsPartition.Split> all) {
        long rows = all.get(all.size() - 1).rowEnd();
        return rows <= 0 ? f.length() : (long) ((double) f.length() * (s.rowEnd() - s.rowStart()) / rows);
    }

    /**
     * A large file's row ranges, from its chosen table HDU's NAXIS1 and NAXIS2; the whole file when it is gzip,
     * an image, or cannot be read here (the reader then reports why, as for any file).
     */
    private static List<FitsPartition.Split> split(FitsSpec spec, Configuration conf, FitsFile f, long maxSplit) {
        List<FitsPartition.Split> whole = List.of(new FitsPartition.Split(f, 0, -1));
        try (FitsInput in = FitsInput.open(conf, f.path(), f.length())) {
            if (in.gzip()) {
                return whole;
            }
            List<FitsHdus.Hdu> hdus =
                    FitsHdus.choose(in, f.path(), spec.options().hdu());
            FitsHdus.Hdu h = hdus.get(hdus.size() - 1);
            if (!h.table()) {
                return whole;
            }
            long rowBytes = h.cards().integer("NAXIS1", 0);
            long rows = h.cards().integer("NAXIS2", 0);
            if (rowBytes <= 0 || rows <= 1) {
                return whole;
            }
            long perSplit = Math.max(1, maxSplit / rowBytes);
            if (perSplit >= rows) {
                return whole;
            }
            List<FitsPartition.Split> out = new ArrayList<>();
            for (long r = 0; r < rows; r += perSplit) {
                out.add(new FitsPartition.Split(f, r, Math.min(rows, r + perSplit)));
            }
            return out;
        } catch (Exception e) {
            LOG.debug("Not splitting {}: {}", f.path(), e.toString());
            return whole;
        }
    }
}
