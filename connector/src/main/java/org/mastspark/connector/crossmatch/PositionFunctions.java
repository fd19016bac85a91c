package org.mastspark.connector.crossmatch;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF5;
import org.mastspark.connector.sky.ProperMotion;

/**
 * The per-row functions of the shuffle join, as Spark UDFs: the left row's cell key, the right row's cell
 * keys, and proper-motion propagation. Each checks the position and fails the query naming the side, the
 * column and the value; a null position gives no key (the row never matches).
 */
final class PositionFunctions {
    private PositionFunctions() {}

    /** Checks one position; null when either coordinate is null, else {@code {ra, dec}}. */
    static double[] check(String side, String raColumn, String decColumn, Double ra, Double dec) {
        if (ra == null || dec == null) {
            return null;
        }
        if (!Double.isFinite(ra)) {
            throw new IllegalArgumentException("Invalid value " + ra + " in column '" + raColumn + "' of the " + side
                    + " side of the cross-match: a right ascension must be a finite number of degrees;"
                    + " filter such rows out or set them to null (null positions never match)");
        }
        if (!(dec >= -90.0 && dec <= 90.0)) {
            throw new IllegalArgumentException("Invalid value " + dec + " in column '" + decColumn + "' of the " + side
                    + " side of the cross-match: a declination must be from -90 to 90 degrees;"
                    + " filter such rows out or set them to null (null positions never match)");
        }
        double r = ra % 360.0;
        return new double[] {r < 0 ? r + 360.0 : r, dec};
    }

    /**
     * The left row's key: the one cell that contains it; as a sort key ({@code 2 * key + 1}, after the cell's
     * right rows) when asked.
     */
    static final class LeftKey implements UDF2<Double, Double, Long> {
        private static final long serialVersionUID = 1L;
        private final CellPlan plan;
        private final String raColumn;
        private final String decColumn;
        private final boolean sortKey;

        LeftKey(CellPlan plan, String raColumn, String decColumn, boolean sortKey) {
            this.plan = plan;
            this.raColumn = raColumn;
            this.decColumn = decColumn;
            this.sortKey = sortKey;
        }

        @Override
        public Long call(Double ra, Double dec) {
            double[] p = check("left", raColumn, decColumn, ra, dec);
            if (p == null) {
                return null;
            }
            long key = plan.leftKey(p[0], p[1]);
            return sortKey ? 2 * key + 1 : key;
        }
    }

    /** The right row's sort keys ({@code 2 * key}): every cell its disc may touch. */
    static final class RightKeys implements UDF2<Double, Double, List<Long>> {
        private static final long serialVersionUID = 1L;
        private final CellPlan plan;
        private final String raColumn;
        private final String decColumn;

        RightKeys(CellPlan plan, String raColumn, String decColumn) {
            this.plan = plan;
            this.raColumn = raColumn;
            this.decColumn = decColumn;
        }

        @Override
        public List<Long> call(Double ra, Double dec) {
            double[] p = check("right", raColumn, decColumn, ra, dec);
            if (p == null) {
                return null;
            }
            long[] keys = plan.rightKeys(p[0], p[1]);
            List<Long> out = new ArrayList<>(keys.length);
            for (long k : keys) {
                out.add(2 * k);
            }
            return out;
        }
    }

    /**
     * A position moved to the target epoch: {@code struct<ra, dec>}. A null proper motion or reference epoch
     * leaves the position where it is (Gaia's two-parameter sources have none).
     */
    static final class Propagate implements UDF5<Double, Double, Double, Double, Double, Row> {
        private static final long serialVersionUID = 1L;
        private final String side;
        private final String raColumn;
        private final String decColumn;
        private final double targetEpoch;

        Propagate(String side, String raColumn, String decColumn, double targetEpoch) {
            this.side = side;
            this.raColumn = raColumn;
            this.decColumn = decColumn;
            this.targetEpoch = targetEpoch;
        }

        @Override
        public Row call(Double ra, Double dec, Double pmRa, Double pmDec, Double refEpoch) {
            double[] p = check(side, raColumn, decColumn, ra, dec);
            if (p == null) {
                return null;
            }
            if (pmRa == null || pmDec == null || refEpoch == null) {
                return RowFactory.create(p[0], p[1]);
            }
            double[] q = ProperMotion.propagate(p[0], p[1], pmRa, pmDec, targetEpoch - refEpoch);
            return RowFactory.create(q[0], q[1]);
        }
    }
}
