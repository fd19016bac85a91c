package org.mastspark.connector.sky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HealpixTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(7);

    @Test
    void centerOfEveryCellMapsBackToThatCellAtEveryOrder() {
        for (int order = 0; order <= 29; order++) {
            for (int i = 0; i < 2000; i++) {
                long cell = i < 12 ? (long) i << (2 * order) : RANDOM.nextLong(Healpix.cellCount(order));
                double[] c = Healpix.center(order, cell);
                assertThat(Healpix.nest(order, c[0], c[1]))
                        .as("order %d cell %d", order, cell)
                        .isEqualTo(cell);
            }
        }
    }

    @Test
    void everyCellAtLowOrdersIsTheCellOfItsOwnCenter() {
        for (int order = 0; order <= 6; order++) {
            for (long cell = 0; cell < Healpix.cellCount(order); cell++) {
                double[] c = Healpix.center(order, cell);
                assertThat(Healpix.nest(order, c[0], c[1])).isEqualTo(cell);
            }
        }
    }

    @Test
    void cellAtACoarserOrderIsTheParentOfTheCellAtOrder29() {
        for (int i = 0; i < 5000; i++) {
            double ra = RANDOM.nextDouble(0, 360);
            double dec = Math.toDegrees(Math.asin(RANDOM.nextDouble(-1, 1)));
            long deepest = Healpix.nest(29, ra, dec);
            for (int order = 0; order < 29; order++) {
                assertThat(Healpix.nest(order, ra, dec)).isEqualTo(Healpix.parent(29, deepest, order));
            }
        }
    }

    @Test
    void childrenAreTheFourCellsWhoseParentIsTheCell() {
        long[] children = Healpix.children(3, 100);
        assertThat(children).containsExactly(400, 401, 402, 403);
        for (long child : children) {
            assertThat(Healpix.parent(4, child, 3)).isEqualTo(100);
        }
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "29, 0", "10, 1e-300", "29, 89.999999999", "29, -90", "29, 41.810314895778596"})
    void rightAscension360AndMinusZeroAreTheSameAsZero(int order, double dec) {
        long atZero = Healpix.nest(order, 0.0, dec);
        assertThat(Healpix.nest(order, 360.0, dec)).isEqualTo(atZero);
        assertThat(Healpix.nest(order, -0.0, dec)).isEqualTo(atZero);
        assertThat(Healpix.nest(order, 720.0, dec)).isEqualTo(atZero);
    }

    @Test
    void rightAscensionJustBelow360FallsInTheLastColumnOfFaces() {
        double ra = Math.nextDown(360.0);
        assertThat(Healpix.nest(0, ra, 60)).isEqualTo(3);
        assertThat(Healpix.nest(0, ra, -60)).isEqualTo(11);
        assertThat(Healpix.nest(0, ra, 0)).isEqualTo(4);
    }

    @Test
    void polesAreTheCornerCellsOfThePolarFaces() {
        long n = 1L << 29;
        // The north pole is the x = y = nside - 1 corner of face 0..3, the south pole x = y = 0 of 8..11.
        assertThat(Healpix.nest(29, 10, 90)).isEqualTo(n * n - 1);
        assertThat(Healpix.nest(29, 10, -90)).isEqualTo(8 * n * n);
    }

    @Test
    void neighbourRelationIsSymmetricAndNeighboursAreAdjacent() {
        for (int order = 0; order <= 29; order++) {
            long faceCells = 1L << (2 * order);
            for (int i = 0; i < 300; i++) {
                long cell = i < 48
                        ? (i / 4) * faceCells + cornerOffset(order, i % 4)
                        : RANDOM.nextLong(Healpix.cellCount(order));
                long[] nbs = Healpix.neighbours(order, cell);
                Set<Long> distinct = new HashSet<>();
                double[] c = Healpix.center(order, cell);
                for (long nb : nbs) {
                    if (nb < 0) {
                        continue;
                    }
                    assertThat(distinct.add(nb))
                            .as("duplicate neighbour %d of %d", nb, cell)
                            .isTrue();
                    assertThat(nb).isNotEqualTo(cell);
                    assertThat(Healpix.neighbours(order, nb))
                            .as("order %d: %d is a neighbour of %d but not the reverse", order, nb, cell)
                            .contains(cell);
                    double[] nc = Healpix.center(order, nb);
                    // Diagonal neighbours near dec 41.8, where cells are stretched north-south, reach 122.5 deg /
                    // nside.
                    assertThat(SkyMath.angularDistanceDeg(c[0], c[1], nc[0], nc[1]))
                            .isLessThan(130.0 / (1L << order));
                }
                // Only a base face at order 0 touches two of the eight three-face corners.
                assertThat(Arrays.stream(nbs).filter(v -> v < 0).count()).isLessThanOrEqualTo(order == 0 ? 2 : 1);
            }
        }
    }

    private static long cornerOffset(int order, int corner) {
        long n = 1L << order;
        return switch (corner) {
            case 0 -> 0;
            case 1 -> (1L << (2 * order)) - 1;
            case 2 -> Healpix.spread(n - 1);
            default -> Healpix.spread(n - 1) << 1;
        };
    }

    @Test
    void verticesOfACellSurroundItsCenter() {
        double[][] v = Healpix.vertices(0, 4);
        // Base face 4 is centred on (0, 0); its corners are S, E, N, W.
        assertThat(v[0][1]).isEqualTo(-41.810314895778596, within(1e-12));
        assertThat(v[1]).containsExactly(45.0, 0.0);
        assertThat(v[2][1]).isEqualTo(41.810314895778596, within(1e-12));
        assertThat(v[3]).containsExactly(315.0, 0.0);
    }

    /** Cones checked by brute force over every cell at orders 0 to 5. */
    @ParameterizedTest
    @CsvSource({
        "210.8, 54.35, 3",
        "0, 0, 10",
        "359.5, -20, 5",
        "45, 89, 4",
        "123, -88, 7",
        "90, 41.81, 2",
        "10, 20, 60",
        "300, -75, 0.01",
        "180, 0, 120",
        "0, 90, 1"
    })
    void coneCoverageContainsEveryIntersectingCellAndLittleElse(double ra0, double dec0, double radius) {
        for (int order = 0; order <= 5; order++) {
            Set<Long> covered = new HashSet<>();
            for (long c : Healpix.coneCoverage(order, ra0, dec0, radius)) {
                covered.add(c);
            }
            double cellRadius = 60.0 / (1L << order); // above the largest centre-to-corner distance
            for (long cell = 0; cell < Healpix.cellCount(order); cell++) {
                double[] c = Healpix.center(order, cell);
                double d = SkyMath.angularDistanceDeg(ra0, dec0, c[0], c[1]);
                if (d <= radius) {
                    assertThat(covered)
                            .as("order %d: cell %d has its centre in the cone", order, cell)
                            .contains(cell);
                }
                if (d > radius + 2 * cellRadius) {
                    assertThat(covered)
                            .as("order %d: cell %d is far outside", order, cell)
                            .doesNotContain(cell);
                }
            }
            for (int i = 0; i < 20_000; i++) {
                // Uniform in the cone, half of them on its rim, which is where a miss would happen.
                double d = i % 2 == 0 ? radius * (1 - 1e-9) : radius * Math.sqrt(RANDOM.nextDouble());
                double[] p = destination(ra0, dec0, RANDOM.nextDouble(0, 360), d);
                if (SkyMath.inCone(p[0], p[1], ra0, dec0, radius)) {
                    assertThat(covered)
                            .as("order %d: point (%s, %s) in the cone", order, p[0], p[1])
                            .contains(Healpix.nest(order, p[0], p[1]));
                }
            }
        }
    }

    @Test
    void coneCoverageIsSortedAndWithoutDuplicates() {
        long[] cells = Healpix.coneCoverage(12, 83.63, 22.01, 0.2);
        assertThat(cells).isSorted().doesNotHaveDuplicates().contains(Healpix.nest(12, 83.63, 22.01));
    }

    @Test
    void coneOfZeroRadiusCoversTheCellOfItsCentre() {
        assertThat(Healpix.coneCoverage(29, 210.8, 54.35, 0)).contains(Healpix.nest(29, 210.8, 54.35));
    }

    @Test
    void coneOf180DegreesCoversTheWholeSky() {
        assertThat(Healpix.coneCoverage(2, 1, 2, 180)).hasSize(192);
    }

    @Test
    void coneTooLargeForTheOrderIsRejected() {
        assertThatThrownBy(() -> Healpix.coneCoverage(12, 0, 0, 90))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid value 12 for 'order'")
                .hasMessageContaining("expected a lower order or a smaller radius");
    }

    @Test
    void orderAbove29IsRejected() {
        assertThatThrownBy(() -> Healpix.nest(30, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value 30 for 'order': expected 0 to 29");
    }

    @Test
    void cellOutsideTheOrderIsRejected() {
        assertThatThrownBy(() -> Healpix.center(1, 48))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value 48 for 'cell': expected 0 to 47 at order 1");
    }

    @Test
    void declinationBeyondAPoleIsRejected() {
        assertThatThrownBy(() -> Healpix.nest(3, 0, -90.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value -90.5 for 'decDeg': expected a declination from -90 to 90 degrees");
    }

    @Test
    void nonFiniteRightAscensionIsRejected() {
        assertThatThrownBy(() -> Healpix.nest(3, Double.POSITIVE_INFINITY, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid value Infinity for 'raDeg'");
    }

    @Test
    void cellsAtOrder29HaveNoChildren() {
        assertThatThrownBy(() -> Healpix.children(29, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 0 to 28");
    }

    /** The point at {@code distDeg} from {@code (ra, dec)} along the bearing {@code bearingDeg}. */
    private static double[] destination(double ra, double dec, double bearingDeg, double distDeg) {
        double d = Math.toRadians(distDeg);
        double b = Math.toRadians(bearingDeg);
        double p1 = Math.toRadians(dec);
        double sinP2 = Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(b);
        double p2 = Math.asin(Math.max(-1, Math.min(1, sinP2)));
        double l = Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * sinP2);
        return new double[] {SkyMath.normalizeRa(ra + Math.toDegrees(l)), Math.toDegrees(p2)};
    }

    @Test
    void everyPointOfACellLiesInItsCircumscribingCone() {
        SplittableRandom rnd = new SplittableRandom(11);
        int inside = 0;
        for (int order : new int[] {0, 1, 2, 3, 5, 8, 12, 17, 23, 29}) {
            for (int i = 0; i < 60; i++) {
                long cell = i < 12 ? (long) i << (2 * order) : rnd.nextLong(Healpix.cellCount(order));
                double[] c = Healpix.center(order, cell);
                double radius = Healpix.circumscribingRadius(order, cell);
                for (double[] v : Healpix.vertices(order, cell)) {
                    assertThat(SkyMath.angularDistanceDeg(c[0], c[1], v[0], v[1]))
                            .isLessThanOrEqualTo(radius);
                }
                // Points scattered around the centre up to 1.3 radii: those the cell owns lie within the radius.
                for (int k = 0; k < 400; k++) {
                    double d = radius * 1.3 * Math.sqrt(rnd.nextDouble());
                    double[] p = offset(c[0], c[1], d, rnd.nextDouble(0, 2 * Math.PI));
                    if (Healpix.nest(order, p[0], p[1]) == cell) {
                        inside++;
                        assertThat(SkyMath.angularDistanceDeg(c[0], c[1], p[0], p[1]))
                                .as("order %d cell %d", order, cell)
                                .isLessThanOrEqualTo(radius);
                    }
                }
            }
        }
        assertThat(inside).isGreaterThan(50_000);
    }

    /**
     * A cone reaching any point of a cell is never denied: cones are drawn through a random point of a cell
     * (their radius is the point's distance from their centre), centred anywhere from inside the cell to
     * several cell radii away, at every order and near the poles.
     */
    @Test
    void aConeReachingAPointOfACellMayIntersectIt() {
        SplittableRandom rnd = new SplittableRandom(13);
        int checked = 0;
        for (int order : new int[] {0, 1, 3, 6, 7, 10, 16, 24, 29}) {
            for (int i = 0; i < 60; i++) {
                long cell = i < 12 ? (long) i << (2 * order) : rnd.nextLong(Healpix.cellCount(order));
                double[] c = Healpix.center(order, cell);
                double radius = Healpix.circumscribingRadius(order, cell);
                for (int k = 0; k < 40; k++) {
                    double[] q =
                            offset(c[0], c[1], radius * Math.sqrt(rnd.nextDouble()), rnd.nextDouble(0, 2 * Math.PI));
                    if (Healpix.nest(order, q[0], q[1]) != cell) {
                        continue;
                    }
                    double[] centre = offset(c[0], c[1], radius * 4 * rnd.nextDouble(), rnd.nextDouble(0, 2 * Math.PI));
                    double reach = SkyMath.angularDistanceDeg(centre[0], centre[1], q[0], q[1]);
                    checked++;
                    assertThat(Healpix.mayIntersectCone(order, cell, centre[0], centre[1], Math.min(180, reach)))
                            .as(
                                    "order %d cell %d, cone (%s, %s, %s) through (%s, %s)",
                                    order, cell, centre[0], centre[1], reach, q[0], q[1])
                            .isTrue();
                }
            }
        }
        assertThat(checked).isGreaterThan(10_000);
    }

    /**
     * A cone said to lie inside its cell has its whole rim in that cell (checked at 720 points of the rim), at
     * every order, on base-face borders and at both poles; small cones at cell centres are inside, cones that
     * reach past a vertex are not.
     */
    @Test
    void aConeWithinItsCellHasItsWholeRimInTheCell() {
        SplittableRandom rnd = new SplittableRandom(23);
        int inside = 0;
        int outside = 0;
        for (int order : new int[] {0, 2, 5, 9, 13, 15, 20}) {
            for (int i = 0; i < 400; i++) {
                double ra = rnd.nextDouble(0, 360);
                double dec = i % 4 == 0
                        ? (i % 8 == 0 ? 1 : -1) * (90 - rnd.nextDouble() * 0.5)
                        : Math.toDegrees(Math.asin(rnd.nextDouble(-1, 1)));
                long cell = Healpix.nest(order, ra, dec);
                double r = Healpix.circumscribingRadius(order, cell) * rnd.nextDouble() * 0.5;
                if (!Healpix.coneWithinCell(order, cell, ra, dec, r)) {
                    outside++;
                    continue;
                }
                inside++;
                for (int k = 0; k < 720; k++) {
                    double[] q = offset(ra, dec, r, k * Math.PI / 360);
                    assertThat(Healpix.nest(order, q[0], q[1]))
                            .as("order %d, cone (%s, %s, %s), rim point %d", order, ra, dec, r, k)
                            .isEqualTo(cell);
                }
            }
            long cell = rnd.nextLong(Healpix.cellCount(order));
            double[] c = Healpix.center(order, cell);
            double big = Healpix.circumscribingRadius(order, cell) * 1.01;
            assertThat(Healpix.coneWithinCell(order, cell, c[0], c[1], big * 0.05))
                    .isTrue();
            assertThat(Healpix.coneWithinCell(order, cell, c[0], c[1], big)).isFalse();
        }
        assertThat(inside).isGreaterThan(500);
        assertThat(outside).isGreaterThan(500);
    }

    /** A small cone around a cell's centre meets that cell and none of its eight neighbours. */
    @Test
    void aSmallConeInsideACellMeetsNoNeighbour() {
        SplittableRandom rnd = new SplittableRandom(17);
        for (int order : new int[] {1, 4, 7, 12, 20}) {
            for (int i = 0; i < 50; i++) {
                long cell = rnd.nextLong(Healpix.cellCount(order));
                double[] c = Healpix.center(order, cell);
                double r = Healpix.circumscribingRadius(order, cell) * 0.05;
                assertThat(Healpix.mayIntersectCone(order, cell, c[0], c[1], r)).isTrue();
                for (long n : Healpix.neighbours(order, cell)) {
                    if (n >= 0) {
                        assertThat(Healpix.mayIntersectCone(order, n, c[0], c[1], r))
                                .as("order %d: cell %d's neighbour %d", order, cell, n)
                                .isFalse();
                    }
                }
            }
        }
        assertThatThrownBy(() -> Healpix.mayIntersectCone(3, 5, 10, 20, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value -1.0 for 'radiusDeg': expected a radius from 0 to 180 degrees");
    }

    /** A point at distance {@code d} degrees from (ra, dec) towards {@code bearing} radians. */
    static double[] offset(double ra, double dec, double d, double bearing) {
        double dr = Math.toRadians(d);
        double p0 = Math.toRadians(dec);
        double sinP = Math.sin(p0) * Math.cos(dr) + Math.cos(p0) * Math.sin(dr) * Math.cos(bearing);
        double p = Math.asin(Math.max(-1, Math.min(1, sinP)));
        double l = Math.atan2(Math.sin(bearing) * Math.sin(dr) * Math.cos(p0), Math.cos(dr) - Math.sin(p0) * sinP);
        return new double[] {((ra + Math.toDegrees(l)) % 360 + 360) % 360, Math.toDegrees(p)};
    }
}
