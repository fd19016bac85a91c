package org.mastspark.connector.crossmatch;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.rows.RowCursor;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.client.rows.RowSink;
import org.mastspark.connector.download.HadoopConf;
import org.mastspark.connector.hats.ParquetReadStats;
import org.mastspark.connector.hats.ParquetRows;
import org.mastspark.connector.read.MastPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task of an aligned HATS cross-match: one aligned pixel. It reads the right rows that can lie within the
 * radius of the pixel (the right partition's, plus its margin cache's; or, for a pixel no right partition
 * covers, the neighbouring right partitions' own rows), sorts them by declination, then streams the left rows
 * of the pixel (its partition's rows, restricted to the pixel's {@code _healpix_29} range when the pixel is
 * smaller) and emits, per left row, the k nearest right rows within the radius (or all), nearest first. Every
 * left row lies in exactly one aligned pixel, so every pair is found once.
 *
 * <p>Immutable; the Hadoop configurations travel with it.
 */
@DefaultSerializer(JavaSerializer.class)
final class HatsPairPartition extends MastPartition {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(HatsPairPartition.class);

    /** A Parquet file to read, with the predicate that restricts its rows (null for all). */
    record FileRead(String file, FilterPredicate filter) implements Serializable {
        private static final long serialVersionUID = 1L;

        FileRead {
            Objects.requireNonNull(file);
        }
    }

    /**
     * What one side reads and where its values go.
     *
     * @param name the side as messages name it ({@code left hats:/data/x})
     * @param columns the Parquet columns read, in order: the selected ones, then the position when not selected
     * @param ra index of the right ascension in {@code columns}
     * @param dec index of the declination in {@code columns}
     * @param out the output slot of each column, or -1 for a column not returned
     */
    record Side(String name, HadoopConf conf, List<FileRead> files, List<String> columns, int ra, int dec, int[] out)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        Side {
            files = List.copyOf(files);
            columns = List.copyOf(columns);
            out = out.clone();
        }

        @Override
        public int[] out() {
            return out.clone();
        }
    }

    private final String pixel;
    private final Side left;
    private final Side right;
    private final int marginFiles;
    private final int distanceSlot;
    private final CrossmatchSpec spec;

    /**
     * @param pixel the aligned pixel and its partitions, for plans and logs
     * @param marginFiles how many of the right side's last files are margin files (for the log)
     * @param distanceSlot the output slot of the separation, or -1
     */
    HatsPairPartition(
            String pixel,
            Side left,
            Side right,
            int marginFiles,
            int distanceSlot,
            CrossmatchSpec spec,
            RowLayout layout,
            long limit) {
        super(layout, null, limit);
        this.pixel = pixel;
        this.left = left;
        this.right = right;
        this.marginFiles = marginFiles;
        this.distanceSlot = distanceSlot;
        this.spec = spec;
    }

    Side left() {
        return left;
    }

    Side right() {
        return right;
    }

    @Override
    public String describe() {
        return pixel;
    }

    @Override
    public RowCursor open(ClientMetrics metrics, RowSink sink) {
        return new Cursor(metrics, sink);
    }

    /** One side's row as read: boxed values, strings kept as their UTF-8 bytes. */
    private static final class Capture implements RowSink {
        private Object[] row;
        private final int width;

        Capture(int width) {
            this.width = width;
        }

        @Override
        public void startRow() {
            row = new Object[width];
        }

        @Override
        public void putNull(int slot) {
            row[slot] = null;
        }

        @Override
        public void putUtf8(int slot, byte[] bytes, int offset, int length) {
            row[slot] = new Utf8(Arrays.copyOfRange(bytes, offset, offset + length));
        }

        @Override
        public void putDouble(int slot, double value) {
            row[slot] = value;
        }

        @Override
        public void putLong(int slot, long value) {
            row[slot] = value;
        }

        @Override
        public void putBoolean(int slot, boolean value) {
            row[slot] = value;
        }

        @Override
        public void putValue(int slot, Object value) {
            row[slot] = value;
        }
    }

    private record Utf8(byte[] bytes) {}

    /** Writes a captured row's values into the output slots. */
    private static void replay(Object[] row, int[] out, RowSink sink) {
        for (int i = 0; i < out.length; i++) {
            int o = out[i];
            Object v = row[i];
            if (o < 0 || v == null) {
                continue;
            }
            if (v instanceof Utf8 u) {
                sink.putUtf8(o, u.bytes(), 0, u.bytes().length);
            } else if (v instanceof Double d) {
                sink.putDouble(o, d);
            } else if (v instanceof Long l) {
                sink.putLong(o, l);
            } else if (v instanceof Boolean b) {
                sink.putBoolean(o, b);
            } else {
                sink.putValue(o, v);
            }
        }
    }

    /** The unit vector of a row's position, or null when either coordinate is null. */
    private static double[] unit(Side side, Object[] row) {
        Object ra = row[side.ra()];
        Object dec = row[side.dec()];
        if (ra == null || dec == null) {
            return null;
        }
        double r = ((Number) ra).doubleValue();
        double d = ((Number) dec).doubleValue();
        if (!Double.isFinite(r)) {
            throw new MastException("Invalid position in the " + side.name() + ": column '"
                    + side.columns().get(side.ra()) + "' is " + r
                    + "; expected a finite right ascension in degrees (rows with null positions are never matched)");
        }
        if (!(d >= -90 && d <= 90)) {
            throw new MastException("Invalid position in the " + side.name() + ": column '"
                    + side.columns().get(side.dec()) + "' is " + d
                    + "; expected a declination from -90 to 90 degrees (rows with null positions are never matched)");
        }
        double ra0 = Math.toRadians(r);
        double dec0 = Math.toRadians(d);
        double c = Math.cos(dec0);
        return new double[] {c * Math.cos(ra0), c * Math.sin(ra0), Math.sin(dec0), d};
    }

    private final class Cursor implements RowCursor {
        private final ClientMetrics metrics;
        private final RowSink sink;
        private final ParquetReadStats stats = new ParquetReadStats();
        private final long[] reported = new long[4];
        private final Nearest nearest = new Nearest(spec);
        private final boolean keepLeft = spec.keepUnmatchedLeft();

        // the right rows, sorted by declination
        private double[] decs;
        private double[] xs;
        private double[] ys;
        private double[] zs;
        private Object[][] rightRows;
        private long rightRead;
        private long marginRead;

        private final Capture leftCapture = new Capture(left.columns().size());
        private int leftFile;
        private ParquetRows leftRows;
        private long leftRead;
        private long emitted;
        private long matched;

        // the current left row and its matches, nearest first
        private Object[] current;
        private int matchCount;
        private int nextMatch;
        private boolean closed;

        Cursor(ClientMetrics metrics, RowSink sink) {
            this.metrics = metrics;
            this.sink = sink;
        }

        @Override
        public boolean next() {
            if (closed) {
                return false;
            }
            while (true) {
                if (current != null && nextMatch < matchCount) {
                    int m = nextMatch++;
                    emit(rightRows[nearest.match(m)], nearest.chordSquared(m));
                    matched++;
                    return true;
                }
                current = nextLeft();
                if (current == null) {
                    return false;
                }
                if (rightRows == null) {
                    // only once the pixel has a left row: many pieces of a left partition hold none
                    index();
                }
                double[] u = unit(left, current);
                matchCount = 0;
                nextMatch = 0;
                if (u != null) {
                    match(u);
                }
                if (matchCount == 0 && keepLeft) {
                    emit(null, 0);
                    return true;
                }
            }
        }

        private void emit(Object[] rightRow, double chordSquared) {
            sink.startRow();
            replay(current, left.out, sink);
            if (rightRow != null) {
                replay(rightRow, right.out, sink);
                if (distanceSlot >= 0) {
                    sink.putDouble(distanceSlot, CrossmatchSpec.arcsecFromChordSquared(chordSquared));
                }
            }
            emitted++;
        }

        /** Finds the right rows within the radius: the k nearest, nearest first, or all. */
        private void match(double[] u) {
            matchCount = nearest.find(u[0], u[1], u[2], u[3], decs, xs, ys, zs, decs.length);
        }

        /** Reads every right row with a position and sorts them by declination. */
        private void index() {
            List<Object[]> rows = new ArrayList<>();
            List<double[]> units = new ArrayList<>();
            Capture capture = new Capture(right.columns().size());
            List<FileRead> files = right.files();
            for (int f = 0; f < files.size(); f++) {
                FileRead file = files.get(f);
                try (ParquetRows r = ParquetRows.open(
                        right.conf().get(),
                        new Path(file.file()),
                        0,
                        Long.MAX_VALUE,
                        right.columns(),
                        file.filter(),
                        capture,
                        stats)) {
                    while (r.next()) {
                        metrics.countRow();
                        rightRead++;
                        if (f >= files.size() - marginFiles) {
                            marginRead++;
                        }
                        double[] u = unit(right, capture.row);
                        if (u != null) {
                            rows.add(capture.row);
                            units.add(u);
                        }
                    }
                }
                report();
            }
            Integer[] order = new Integer[rows.size()];
            for (int j = 0; j < order.length; j++) {
                order[j] = j;
            }
            Arrays.sort(order, (a, b) -> Double.compare(units.get(a)[3], units.get(b)[3]));
            decs = new double[order.length];
            xs = new double[order.length];
            ys = new double[order.length];
            zs = new double[order.length];
            rightRows = new Object[order.length][];
            for (int j = 0; j < order.length; j++) {
                double[] u = units.get(order[j]);
                xs[j] = u[0];
                ys[j] = u[1];
                zs[j] = u[2];
                decs[j] = u[3];
                rightRows[j] = rows.get(order[j]);
            }
        }

        private Object[] nextLeft() {
            while (true) {
                if (leftRows == null) {
                    if (leftFile >= left.files().size()) {
                        return null;
                    }
                    FileRead file = left.files().get(leftFile++);
                    leftRows = ParquetRows.open(
                            left.conf().get(),
                            new Path(file.file()),
                            0,
                            Long.MAX_VALUE,
                            left.columns(),
                            file.filter(),
                            leftCapture,
                            stats);
                }
                if (leftRows.next()) {
                    metrics.countRow();
                    leftRead++;
                    return leftCapture.row;
                }
                leftRows.close();
                leftRows = null;
                report();
            }
        }

        private void report() {
            long[] now = {stats.filesOpened(), stats.rowGroupsRead(), stats.rowGroupsSkipped(), stats.bytesRead()};
            metrics.countFiles(now[0] - reported[0], now[1] - reported[1], now[2] - reported[2], now[3] - reported[3]);
            System.arraycopy(now, 0, reported, 0, 4);
        }

        @Override
        public Object[] current() {
            throw new IllegalStateException("a cross-match cursor hands its rows to a RowSink");
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (leftRows != null) {
                leftRows.close();
                leftRows = null;
                report();
            }
            LOG.info(
                    "Cross-matched {}: {} left rows, {} right rows ({} from the margin cache), {} matches, {} rows out",
                    pixel,
                    leftRead,
                    rightRead,
                    marginRead,
                    matched,
                    emitted);
        }
    }
}
