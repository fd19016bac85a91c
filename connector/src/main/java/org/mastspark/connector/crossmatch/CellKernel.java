package org.mastspark.connector.crossmatch;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The shuffle join's matching step, run once per partition of rows hash-partitioned by cell and sorted by (cell,
 * side): for each cell the right rows come first and are indexed by declination, then each left row of the cell
 * finds its right rows within the radius in a declination window and keeps the k nearest (or all). No pair is
 * compared across cells (each pair within the radius meets in the left row's cell exactly once), no global sort,
 * and only one cell's right rows are held at a time (dense cells are split finer by the {@link CellPlan}).
 *
 * <p>Input rows: the sort key (long: {@code 2 * cell + 1} for a left row, {@code 2 * cell} for a right one, so
 * a cell's right rows sort first; null for a left row without a position), {@code ra}, {@code dec} (double), the left payload (struct, null on right rows), the right payload (struct, null
 * on left rows). Output rows: left payload, right payload (null when unmatched in a left join), separation in
 * arcsec (null when unmatched).
 */
final class CellKernel implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    static final int KEY = 0;
    static final int RA = 1;
    static final int DEC = 2;
    static final int LEFT = 3;
    static final int RIGHT = 4;

    private final CrossmatchSpec spec;

    CellKernel(CrossmatchSpec spec) {
        this.spec = spec;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        return new Matches(input);
    }

    private final class Matches implements Iterator<Row> {
        private final Iterator<Row> input;
        private final ArrayDeque<Row> pending = new ArrayDeque<>();
        private long cell;
        private boolean haveCell;
        private boolean indexed;
        private int size;
        private double[] decs = new double[16];
        private double[] xs = new double[16];
        private double[] ys = new double[16];
        private double[] zs = new double[16];
        private Row[] rows = new Row[16];
        private final Nearest nearest = new Nearest(spec);
        private final boolean keepLeft = spec.keepUnmatchedLeft();

        Matches(Iterator<Row> input) {
            this.input = input;
        }

        @Override
        public boolean hasNext() {
            while (pending.isEmpty()) {
                if (!input.hasNext()) {
                    return false;
                }
                accept(input.next());
            }
            return true;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return pending.poll();
        }

        private void accept(Row row) {
            boolean nullKey = row.isNullAt(KEY);
            long sortKey = nullKey ? 1 : row.getLong(KEY);
            long key = sortKey >>> 1;
            if (nullKey || !haveCell || key != cell) {
                haveCell = !nullKey;
                cell = key;
                Arrays.fill(rows, 0, size, null);
                size = 0;
                indexed = false;
            }
            if ((sortKey & 1) == 0) {
                add(row);
                return;
            }
            Row left = row.getStruct(LEFT);
            int found = 0;
            if (!nullKey && size > 0) {
                if (!indexed) {
                    index();
                }
                double dec = row.getDouble(DEC);
                double ra = Math.toRadians(row.getDouble(RA));
                double d = Math.toRadians(dec);
                double c = Math.cos(d);
                found = nearest.find(c * Math.cos(ra), c * Math.sin(ra), Math.sin(d), dec, decs, xs, ys, zs, size);
            }
            for (int j = 0; j < found; j++) {
                pending.add(RowFactory.create(
                        left, rows[nearest.match(j)], CrossmatchSpec.arcsecFromChordSquared(nearest.chordSquared(j))));
            }
            if (found == 0 && keepLeft) {
                pending.add(RowFactory.create(left, null, null));
            }
        }

        private void add(Row row) {
            if (size == rows.length) {
                int n = size * 2;
                decs = Arrays.copyOf(decs, n);
                xs = Arrays.copyOf(xs, n);
                ys = Arrays.copyOf(ys, n);
                zs = Arrays.copyOf(zs, n);
                rows = Arrays.copyOf(rows, n);
            }
            double ra = Math.toRadians(row.getDouble(RA));
            double dec = row.getDouble(DEC);
            double d = Math.toRadians(dec);
            double c = Math.cos(d);
            decs[size] = dec;
            xs[size] = c * Math.cos(ra);
            ys[size] = c * Math.sin(ra);
            zs[size] = Math.sin(d);
            rows[size++] = row.getStruct(RIGHT);
        }

        /** Sorts the cell's right rows by declination (most cells hold a handful). */
        private void index() {
            indexed = true;
            if (size < 2) {
                return;
            }
            boolean sorted = true;
            for (int i = 1; i < size && sorted; i++) {
                sorted = decs[i - 1] <= decs[i];
            }
            if (sorted) {
                return;
            }
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            double[] d0 = decs;
            Arrays.sort(order, (a, b) -> Double.compare(d0[a], d0[b]));
            double[] d = new double[decs.length];
            double[] x = new double[decs.length];
            double[] y = new double[decs.length];
            double[] z = new double[decs.length];
            Row[] r = new Row[decs.length];
            for (int i = 0; i < size; i++) {
                int o = order[i];
                d[i] = decs[o];
                x[i] = xs[o];
                y[i] = ys[o];
                z[i] = zs[o];
                r[i] = rows[o];
            }
            decs = d;
            xs = x;
            ys = y;
            zs = z;
            rows = r;
        }
    }
}
