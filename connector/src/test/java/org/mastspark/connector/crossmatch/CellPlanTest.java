package org.mastspark.connector.crossmatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.sky.Healpix;
import org.mastspark.connector.sky.SkyMath;

/**
 * The property the shuffle join rests on: for any two positions within the radius, the left one's key is
 * among the right one's keys, at every order, near the poles, across face borders and in split cells.
 */
class CellPlanTest {

    /** A point at {@code dist} degrees from (ra, dec) in a random direction. */
    private static double[] near(Random rnd, double ra, double dec, double dist) {
        return SkyMath.offset(ra, dec, dist, rnd.nextDouble() * 2 * Math.PI);
    }

    private static double[] randomPoint(Random rnd) {
        return new double[] {rnd.nextDouble() * 360, Math.toDegrees(Math.asin(2 * rnd.nextDouble() - 1))};
    }

    private static void assertMeets(CellPlan plan, double[] l, double[] r) {
        long key = plan.leftKey(l[0], l[1]);
        long[] keys = plan.rightKeys(r[0], r[1]);
        assertThat(keys)
                .as("left (%s, %s) right (%s, %s) with %s", l[0], l[1], r[0], r[1], plan)
                .contains(key);
    }

    @Test
    void everyPairWithinTheRadiusMeetsInTheLeftRowsCell() {
        Random rnd = new Random(15);
        for (double arcsec : new double[] {0.5, 1, 10, 120, 3600, 36000}) {
            double radius = arcsec / 3600.0;
            int order = CellPlan.orderForRadius(radius, 16);
            CellPlan plan = new CellPlan(order, order, new long[0], radius);
            for (int i = 0; i < 20_000; i++) {
                double[] r = i % 4 == 0
                        ? new double[] {rnd.nextDouble() * 360, (i % 8 == 0 ? 1 : -1) * (90 - rnd.nextDouble() * 2)}
                        : randomPoint(rnd);
                // pairs at the radius itself (the farthest that must match) and inside it
                double d = (i % 2 == 0 ? 1.0 : rnd.nextDouble()) * radius * (1 - 1e-12);
                assertMeets(plan, near(rnd, r[0], r[1], d), r);
            }
        }
    }

    @Test
    void pairsStraddlingCellCornersAndFaceBordersMeet() {
        Random rnd = new Random(16);
        double radius = 1 / 3600.0;
        int order = CellPlan.orderForRadius(radius, 16);
        CellPlan plan = new CellPlan(order, order, new long[0], radius);
        int checked = 0;
        for (int i = 0; i < 3_000; i++) {
            // corners of random cells, including the base faces' corners at order 0
            int o = i % 10 == 0 ? 0 : order;
            long cell = (long) (rnd.nextDouble() * Healpix.cellCount(o));
            for (double[] v : Healpix.vertices(o, cell)) {
                double dec = Math.max(-90, Math.min(90, v[1]));
                for (int j = 0; j < 4; j++) {
                    double[] r = near(rnd, v[0], dec, rnd.nextDouble() * radius);
                    assertMeets(plan, near(rnd, r[0], r[1], radius * (1 - 1e-12)), r);
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(3_000 * 16);
    }

    @Test
    void splitCellsKeepEveryPairAndKeyLeftRowsByTheFinerCell() {
        Random rnd = new Random(17);
        double radius = 1 / 3600.0;
        int base = CellPlan.orderForRadius(radius, 16);
        int fine = CellPlan.orderForRadius(radius, 4);
        assertThat(fine).isGreaterThan(base);
        double[] centre = {150.1, 2.2};
        long[] dense = {Healpix.nest(base, centre[0], centre[1])};
        dense = new long[] {dense[0], Healpix.neighbours(base, dense[0])[2]};
        CellPlan plan = new CellPlan(base, fine, dense, radius);
        assertThat(plan.leftKey(centre[0], centre[1]))
                .isEqualTo(Healpix.nest(fine, centre[0], centre[1]) << (2 * (29 - fine)));
        for (int i = 0; i < 50_000; i++) {
            double[] r = near(rnd, centre[0], centre[1], rnd.nextDouble() * 60 / 3600.0);
            assertMeets(plan, near(rnd, r[0], r[1], rnd.nextDouble() * radius), r);
        }
    }

    @Test
    void mostRightRowsGoToOneCellOnly() {
        Random rnd = new Random(18);
        double radius = 1 / 3600.0;
        int order = CellPlan.orderForRadius(radius, 16);
        CellPlan plan = new CellPlan(order, order, new long[0], radius);
        long keys = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            double[] r = randomPoint(rnd);
            keys += plan.rightKeys(r[0], r[1]).length;
        }
        // a 1-arcsec disc in a ~26-arcsec cell: about 4 * 2 * 1 / 25.8 of the rows near an edge, plus the rim
        assertThat(order).isEqualTo(13);
        assertThat((double) keys / n).isBetween(1.0, 1.5);
    }
}
