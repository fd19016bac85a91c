package org.mastspark.connector.sky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SkyTiler#fixed}, the plan of services that cannot count rows (Mission Search, Pan-STARRS'
 * catalogs API), checked against facts independent of the planner: positions sampled in the region (each
 * must be owned by exactly one tile, whose cone holds it), the cells' own corners and points (each must lie
 * in its tile's cone), the services' limits and the area a set of cones must at least cover.
 */
class SkyTilerFixedTest {
    private static final double ARCMIN30 = 0.5;

    /** Points spread uniformly over the cap of {@code radius} around (ra, dec), and points on its rim. */
    private static List<double[]> samples(double ra, double dec, double radius, int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<double[]> out = new ArrayList<>();
        double cosR = Math.cos(Math.toRadians(radius));
        for (int i = 0; i < n; i++) {
            double d = Math.toDegrees(Math.acos(1 - rnd.nextDouble() * (1 - cosR)));
            out.add(SkyMath.offset(ra, dec, d, rnd.nextDouble() * 2 * Math.PI));
        }
        for (int i = 0; i < 720; i++) {
            out.add(SkyMath.offset(ra, dec, radius * (1 - 1e-12), i * Math.PI / 360));
        }
        return out;
    }

    /** Every position of the region is owned by exactly one tile, and that tile's cone holds it. */
    private static void assertExactCover(SkyRegion region, List<SkyTile> tiles, long seed) {
        double[] bc = region.boundingCone();
        int inside = 0;
        for (double[] p : samples(bc[0], bc[1], bc[2], 20_000, seed)) {
            if (!region.contains(p[0], p[1])) {
                continue;
            }
            inside++;
            List<SkyTile> owners =
                    tiles.stream().filter(t -> t.owns(p[0], p[1])).toList();
            assertThat(owners).as("tiles owning (%s, %s)", p[0], p[1]).hasSize(1);
            SkyTile t = owners.get(0);
            assertThat(SkyMath.angularDistanceDeg(t.ra(), t.dec(), p[0], p[1]))
                    .as("(%s, %s) from the centre of its tile %s", p[0], p[1], t)
                    .isLessThanOrEqualTo(t.radius());
        }
        assertThat(inside).as("sampled positions inside the region").isGreaterThan(1000);
    }

    /**
     * Every tile asks a cone within the limit that holds its whole cell (its corners, and random points
     * HEALPix places in the cell), at the coarsest order that may: its parent's cone is over the limit.
     */
    private static void assertCellsInCones(List<SkyTile> tiles, double limit, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (SkyTile t : tiles) {
            assertThat(t.order()).as("order of %s", t).isBetween(0, Healpix.MAX_ORDER);
            assertThat(t.radius()).as("radius of %s", t).isLessThanOrEqualTo(limit);
            assertThat(t.rows()).isEqualTo(SkyTile.UNCOUNTED);
            for (double[] v : Healpix.vertices(t.order(), t.cell())) {
                assertThat(SkyMath.angularDistanceDeg(t.ra(), t.dec(), v[0], v[1]))
                        .as("corner (%s, %s) of %s", v[0], v[1], t)
                        .isLessThanOrEqualTo(t.radius());
            }
            int found = 0;
            for (int i = 0; i < 1000; i++) {
                double[] p = SkyMath.offset(
                        t.ra(),
                        t.dec(),
                        t.radius() * 1.3 * Math.sqrt(rnd.nextDouble()),
                        rnd.nextDouble() * 2 * Math.PI);
                if (Healpix.nest(t.order(), p[0], p[1]) == t.cell()) {
                    found++;
                    assertThat(SkyMath.angularDistanceDeg(t.ra(), t.dec(), p[0], p[1]))
                            .as("point (%s, %s) of %s", p[0], p[1], t)
                            .isLessThanOrEqualTo(t.radius());
                }
            }
            assertThat(found).as("points sampled in the cell of %s", t).isGreaterThan(100);
            if (t.order() > 0) {
                long parent = Healpix.parent(t.order(), t.cell(), t.order() - 1);
                assertThat(Healpix.circumscribingRadius(t.order() - 1, parent))
                        .as("cone of the parent of %s", t)
                        .isGreaterThan(limit);
            }
        }
    }

    /**
     * The tiles of a cone, with the bounds any cover by cones of at most {@code limit} must meet: at least the
     * cone's area over the largest such cone's; and, for a cover worth having, the tiles' cones together at
     * most {@code maxOverlap} times the cone's area.
     */
    private static List<SkyTile> coneTiles(double ra, double dec, double radius, double limit, double maxOverlap) {
        SkyRegion.Cone cone = new SkyRegion.Cone(ra, dec, radius);
        List<SkyTile> tiles = SkyTiler.fixed(cone, limit);
        double area = SkyRegion.coneArea(radius);
        double asked =
                tiles.stream().mapToDouble(t -> SkyRegion.coneArea(t.radius())).sum();
        assertThat((double) tiles.size()).isGreaterThanOrEqualTo(area / SkyRegion.coneArea(limit));
        assertThat(asked).as("area of the tiles' cones").isLessThanOrEqualTo(maxOverlap * area);
        SplittableRandom rnd = new SplittableRandom(99);
        long missing = tiles.stream()
                .filter(t -> {
                    for (int i = 0; i < 4000; i++) {
                        double[] p = SkyMath.offset(
                                t.ra(),
                                t.dec(),
                                t.radius() * Math.sqrt(rnd.nextDouble()),
                                rnd.nextDouble() * 2 * Math.PI);
                        if (Healpix.nest(t.order(), p[0], p[1]) == t.cell() && cone.contains(p[0], p[1])) {
                            return false;
                        }
                    }
                    return true;
                })
                .count();
        assertThat(missing)
                .as("tiles whose cell holds no sampled point of the cone")
                .isLessThanOrEqualTo(1 + tiles.size() / 20);
        assertThat(tiles)
                .as("sorted by order and cell")
                .isSortedAccordingTo(
                        java.util.Comparator.comparingInt(SkyTile::order).thenComparingLong(SkyTile::cell));
        return tiles;
    }

    @Test
    void aConeWithinTheLimitIsOneTileAskingTheUsersCone() {
        assertThat(SkyTiler.fixed(new SkyRegion.Cone(210.802429, 54.34875, 0.5), ARCMIN30))
                .containsExactly(new SkyTile(-1, -1, 210.802429, 54.34875, 0.5, SkyTile.UNCOUNTED));
        assertThat(SkyTiler.fixed(new SkyRegion.Cone(-0.5, -90, 0.1), ARCMIN30))
                .containsExactly(new SkyTile(-1, -1, 359.5, -90, 0.1, SkyTile.UNCOUNTED));
        SkyTile whole =
                SkyTiler.fixed(new SkyRegion.Cone(10, 20, 0.3), ARCMIN30).get(0);
        assertThat(whole.owns(200, -80)).isTrue();
        assertThat(whole.toString()).isEqualTo("region cone(10.0, 20.0, r=0.3) uncounted");
    }

    @Test
    void aSmallBoxIsOneTileWhoseConeHoldsIt() {
        SkyRegion.Box box = new SkyRegion.Box(359.9, 0.2, -0.1, 0.1);
        List<SkyTile> tiles = SkyTiler.fixed(box, ARCMIN30);
        assertThat(tiles).singleElement().satisfies(t -> {
            assertThat(t.order()).isEqualTo(-1);
            for (double[] corner : new double[][] {{359.9, -0.1}, {359.9, 0.1}, {0.2, -0.1}, {0.2, 0.1}}) {
                assertThat(SkyMath.angularDistanceDeg(t.ra(), t.dec(), corner[0], corner[1]))
                        .isLessThanOrEqualTo(t.radius());
            }
        });
        assertExactCover(box, tiles, 3);
    }

    /** Mission Search: a 1.5 degree cone with 30 arcmin per request (M101). */
    @Test
    void aMissionConeOfOneAndAHalfDegreesIsCoveredExactly() {
        List<SkyTile> tiles = coneTiles(210.802429, 54.34875, 1.5, ARCMIN30, 3.5);
        assertThat(tiles).hasSizeBetween(30, 80);
        assertExactCover(new SkyRegion.Cone(210.802429, 54.34875, 1.5), tiles, 1);
        assertCellsInCones(tiles, ARCMIN30, 2);
    }

    /** Pan-STARRS: a 2 degree cone with 0.5 degree per request. */
    @Test
    void aPanstarrsConeOfTwoDegreesIsCoveredExactly() {
        List<SkyTile> tiles = coneTiles(150.4, 20.3, 2, 0.5, 3);
        assertThat(tiles).hasSizeBetween(50, 130);
        assertExactCover(new SkyRegion.Cone(150.4, 20.3, 2), tiles, 4);
        assertCellsInCones(tiles, 0.5, 5);
    }

    @Test
    void conesOnThePolesAreCoveredExactly() {
        for (double[] c : new double[][] {{0, 90, 2, 0.5}, {123, -89.3, 1.5, 0.25}, {77, 88.9, 3, 1}}) {
            List<SkyTile> tiles = coneTiles(c[0], c[1], c[2], c[3], 4);
            assertExactCover(new SkyRegion.Cone(c[0], c[1], c[2]), tiles, 6);
            assertCellsInCones(tiles, c[3], 7);
        }
    }

    @Test
    void conesAcrossRightAscensionZeroAreCoveredExactly() {
        for (double[] c : new double[][] {{359.7, -10, 1.2, 0.5}, {0.2, 41.8, 1, 0.5}, {-0.4, 0, 2, 0.5}}) {
            List<SkyTile> tiles = coneTiles(c[0], c[1], c[2], c[3], 5);
            assertThat(tiles).anySatisfy(t -> assertThat(t.ra()).isGreaterThan(350));
            assertThat(tiles).anySatisfy(t -> assertThat(t.ra()).isLessThan(10));
            assertExactCover(new SkyRegion.Cone(c[0], c[1], c[2]), tiles, 8);
            assertCellsInCones(tiles, c[3], 9);
        }
    }

    @Test
    void aBoxAcrossRightAscensionZeroUpToThePoleIsCoveredExactly() {
        SkyRegion.Box box = new SkyRegion.Box(350, 10, 86, 90);
        List<SkyTile> tiles = SkyTiler.fixed(box, ARCMIN30);
        assertExactCover(box, tiles, 10);
        assertCellsInCones(tiles, ARCMIN30, 11);
    }

    @Test
    void aBadConeLimitIsRefusedNamingIt() {
        SkyRegion.Cone cone = new SkyRegion.Cone(10, 20, 1);
        for (double bad : new double[] {0, -0.5, 180.5, Double.NaN}) {
            assertThatThrownBy(() -> SkyTiler.fixed(cone, bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Invalid value " + bad + " for 'maxConeRadiusDeg': expected the largest cone radius"
                            + " one request may ask, in (0, 180] degrees");
        }
        assertThatThrownBy(() -> SkyTiler.fixed(cone, 0.5, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value 0 for 'maxTiles': expected at least 1 tile");
    }

    /** A 10 degree cone needs over 100 cones of 0.5 degree (its area over one cone's is 400). */
    @Test
    void aRegionNeedingTooManyTilesIsRefusedBeforeTheyAreListed() {
        assertThatThrownBy(() -> SkyTiler.fixed(new SkyRegion.Cone(10, 20, 10), 0.5, 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The region (a cone of 10.0000 degrees around 10.000000, 20.000000) needs more than 100"
                        + " requests of cones of at most 0.500000 degrees: narrow it");
    }
}
