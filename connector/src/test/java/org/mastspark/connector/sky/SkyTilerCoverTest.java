package org.mastspark.connector.sky;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.sky.SkyTilerTest.PointService;
import org.mastspark.connector.testing.RoundTrip;

/**
 * {@link SkyTiler#cover}: hexagons on the region's tangent plane, against a service made of an explicit point
 * set (exact counts up to its cap). Every point of the region is kept by exactly one piece, and the rows the
 * pieces' cones return are at most 1.3 times the region's where HEALPix cells return about 2.5 times.
 */
class SkyTilerCoverTest {

    private static List<double[]> uniform(SplittableRandom rnd, int n, double ra, double dec, double radius) {
        List<double[]> out = new ArrayList<>();
        while (out.size() < n) {
            double d = radius * Math.sqrt(rnd.nextDouble());
            out.add(HealpixTest.offset(ra, dec, d, rnd.nextDouble(0, 2 * Math.PI)));
        }
        return out;
    }

    /** Each piece's cone returns its points; the piece keeps those it owns and the region holds. */
    private static List<double[]> readThrough(List<? extends SkyPiece> pieces, PointService service, SkyRegion r) {
        List<double[]> kept = new ArrayList<>();
        for (SkyPiece t : pieces) {
            for (double[] p : service.answer(t)) {
                if (t.owns(p[0], p[1]) && r.contains(p[0], p[1])) {
                    kept.add(p);
                }
            }
        }
        return kept;
    }

    /** Rows the pieces' cones return in total. */
    private static long sent(List<? extends SkyPiece> pieces, PointService service) {
        return pieces.stream().mapToLong(t -> service.answer(t).size()).sum();
    }

    /** Same points, each once (points are compared by identity: each is one catalog row). */
    private static void assertSameRows(List<double[]> actual, List<double[]> expected) {
        Map<double[], Integer> seen = new IdentityHashMap<>();
        for (double[] p : actual) {
            seen.merge(p, 1, Integer::sum);
        }
        assertThat(seen.values())
                .as("rows kept twice")
                .allSatisfy(n -> assertThat(n).isEqualTo(1));
        Set<double[]> want = Collections.newSetFromMap(new IdentityHashMap<>());
        want.addAll(expected);
        assertThat(actual).hasSameSizeAs(expected);
        assertThat(want.containsAll(seen.keySet()) && seen.keySet().containsAll(want))
                .as("kept rows are exactly the region's rows")
                .isTrue();
    }

    private static List<double[]> inRegion(List<double[]> points, SkyRegion region) {
        return points.stream().filter(p -> region.contains(p[0], p[1])).toList();
    }

    @Test
    void aConeOfUniformSkyIsSentAtMost1point3TimesItsRowsWhereHealpixCellsSendTwice() {
        SplittableRandom rnd = new SplittableRandom(3);
        // The sky continues beyond the region: rim cones find rows outside it, as on the real sky.
        List<double[]> points = uniform(rnd, 390_000, 120, -35, 2.6);
        SkyRegion region = new SkyRegion.Cone(120, -35, 1.8);
        List<double[]> expected = inRegion(points, region);
        SkyTiler.Limits limits = SkyTiler.Limits.of(50_000, 180);

        PointService hexService = new PointService(points, 50_000);
        SkyTiler.Cover cover = SkyTiler.cover(region, limits, hexService);
        PointService cellService = new PointService(points, 50_000);
        SkyTiler.Plan cells = SkyTiler.plan(region, limits, cellService);

        assertThat(cover.pieces()).allSatisfy(p -> assertThat(p).isInstanceOf(HexTile.class));
        assertSameRows(readThrough(cover.pieces(), hexService, region), expected);
        assertSameRows(readThrough(cells.tiles(), cellService, region), expected);
        long hexSent = sent(cover.pieces(), hexService);
        long cellSent = sent(cells.tiles(), cellService);
        System.out.printf(
                "%d rows: hexagons send %d (%.3f) in %d pieces and %d counts, HEALPix cells %d (%.3f) in %d tiles"
                        + " and %d counts%n",
                expected.size(),
                hexSent,
                hexSent / (double) expected.size(),
                cover.pieces().size(),
                cover.counts(),
                cellSent,
                cellSent / (double) expected.size(),
                cells.tiles().size(),
                cells.counts());
        assertThat((double) hexSent).isLessThanOrEqualTo(1.3 * expected.size());
        assertThat((double) cellSent).isGreaterThan(2.0 * expected.size());
        for (SkyPiece t : cover.pieces()) {
            assertThat(t.rows())
                    .isLessThanOrEqualTo(50_000)
                    .isEqualTo(hexService.trueCount(t.ra(), t.dec(), t.radius()));
        }
    }

    @Test
    void aDenseClusterIsSplitIntoFinerHexagonsWithEveryPointKeptOnce() {
        SplittableRandom rnd = new SplittableRandom(7);
        // A uniform background plus a cluster 600 times denser off-centre: its hexagons must be split.
        List<double[]> points = new ArrayList<>(uniform(rnd, 16_000, 150, 20, 1.2));
        points.addAll(uniform(rnd, 8_000, 150.4, 20.3, 0.03));
        PointService service = new PointService(points, 2_000);
        SkyRegion region = new SkyRegion.Cone(150, 20, 1.0);
        SkyTiler.Cover cover = SkyTiler.cover(region, SkyTiler.Limits.of(2_000, 180), service);

        assertSameRows(readThrough(cover.pieces(), service, region), inRegion(points, region));
        assertThat(service.asked).allSatisfy(c -> assertThat(c[2]).isLessThan(1.0));
        int deepest = cover.pieces().stream()
                .mapToInt(p -> ((HexTile) p).level())
                .max()
                .orElseThrow();
        assertThat(deepest).as("hexagons split in the cluster").isGreaterThanOrEqualTo(2);
        for (SkyPiece t : cover.pieces()) {
            assertThat(t.rows()).isLessThanOrEqualTo(2_000).isEqualTo(service.trueCount(t.ra(), t.dec(), t.radius()));
        }
    }

    /** Cones where the tangent plane's directions degenerate or ra wraps. */
    @Test
    void conesAroundThePolesAcrossRaZeroAndTinyOnesKeepEveryPointOnce() {
        double[][] cones = {
            {17, 89.6, 0.7}, {0, 90, 0.5}, {200, -90, 0.5}, {359.8, 12.5, 0.6}, {0.05, -3, 0.3}, {150.25, 2.2, 0.002}
        };
        SplittableRandom rnd = new SplittableRandom(11);
        for (double[] c : cones) {
            List<double[]> points = uniform(rnd, 12_000, c[0], c[1], c[2] * 1.4);
            PointService service = new PointService(points, 600);
            SkyRegion region = new SkyRegion.Cone(c[0], c[1], c[2]);
            SkyTiler.Cover cover = SkyTiler.cover(region, SkyTiler.Limits.of(600, 180), service);
            assertThat(cover.pieces()).as("cone %s", List.of(c[0], c[1], c[2])).hasSizeGreaterThan(6);
            assertSameRows(readThrough(cover.pieces(), service, region), inRegion(points, region));
        }
    }

    @Test
    void pointsOnHexagonCornersAndEdgesAreKeptByExactlyOnePiece() {
        SplittableRandom rnd = new SplittableRandom(5);
        List<double[]> points = new ArrayList<>(uniform(rnd, 8_000, 10, -30, 0.8));
        points.addAll(uniform(rnd, 3_000, 10.2, -30.1, 0.02));
        PointService probe = new PointService(points, 800);
        SkyRegion region = new SkyRegion.Cone(10, -30, 0.7);
        SkyTiler.Cover cover = SkyTiler.cover(region, SkyTiler.Limits.of(800, 180), probe);
        // The corners of every piece's hexagon and the midpoints of its edges, on the sky.
        List<double[]> border = new ArrayList<>();
        for (SkyPiece p : cover.pieces()) {
            HexTile t = (HexTile) p;
            double[][] corners = t.grid().hexagon(t.level(), t.key(), 0);
            for (int k = 0; k < 6; k++) {
                double[] a = corners[k];
                double[] b = corners[(k + 1) % 6];
                border.add(t.grid().sky(a[0], a[1]));
                border.add(t.grid().sky((a[0] + b[0]) / 2, (a[1] + b[1]) / 2));
            }
        }
        assertSameRows(readThrough(cover.pieces(), probe, region), inRegion(points, region));
        // A border point is owned by one piece, whose cone holds it, or by none when it lies where a piece was
        // dropped because its cone held no point of the probe (such a point did not exist when it was planned).
        List<double[]> empty = probe.asked.stream().filter(c -> c[3] == 0).toList();
        int owned = 0;
        for (double[] b : inRegion(border, region)) {
            List<SkyPiece> owners =
                    cover.pieces().stream().filter(t -> t.owns(b[0], b[1])).toList();
            assertThat(owners).as("owners of %s", List.of(b[0], b[1])).hasSizeLessThanOrEqualTo(1);
            if (owners.size() == 1) {
                owned++;
                SkyPiece t = owners.get(0);
                assertThat(SkyMath.angularDistanceDeg(t.ra(), t.dec(), b[0], b[1]))
                        .isLessThanOrEqualTo(t.radius());
            } else {
                assertThat(empty)
                        .as("a dropped cone holds %s", List.of(b[0], b[1]))
                        .anySatisfy(c -> assertThat(SkyMath.angularDistanceDeg(c[0], c[1], b[0], b[1]))
                                .isLessThanOrEqualTo(c[2]));
            }
        }
        assertThat(owned).isGreaterThan(100);
        assertThat(cover.pieces().stream()
                        .mapToInt(p -> ((HexTile) p).level())
                        .max()
                        .orElseThrow())
                .isPositive();
    }

    @Test
    void aRegionThatFitsOneRequestIsOneWholeRegionPiece() {
        SplittableRandom rnd = new SplittableRandom(9);
        PointService service = new PointService(uniform(rnd, 3_000, 200, 45, 0.5), 10_000);
        SkyTiler.Cover cover =
                SkyTiler.cover(new SkyRegion.Cone(200, 45, 0.3), SkyTiler.Limits.of(10_000, 180), service);
        assertThat(cover.pieces()).containsExactly(new SkyTile(-1, -1, 200, 45, 0.3, service.trueCount(200, 45, 0.3)));
        assertThat(cover.pieces().get(0).ownsAll()).isTrue();
    }

    @Test
    void boxesAndConesBeyond30DegreesAreCoveredWithHealpixCells() {
        SplittableRandom rnd = new SplittableRandom(17);
        List<double[]> points = uniform(rnd, 10_000, 0, 5, 1.5);
        PointService service = new PointService(points, 1_000);
        SkyRegion box = new SkyRegion.Box(359.2, 0.8, 4.2, 5.9);
        SkyTiler.Cover cover = SkyTiler.cover(box, SkyTiler.Limits.of(1_000, 180), service);
        assertThat(cover.pieces()).allSatisfy(p -> assertThat(p).isInstanceOf(SkyTile.class));
        assertSameRows(readThrough(cover.pieces(), service, box), inRegion(points, box));

        PointService sparse = new PointService(uniform(rnd, 4_000, 80, 10, 40), 500);
        SkyRegion wide = new SkyRegion.Cone(80, 10, 31);
        SkyTiler.Cover cells = SkyTiler.cover(wide, SkyTiler.Limits.of(500, 180), sparse);
        assertThat(cells.pieces()).allSatisfy(p -> assertThat(p).isInstanceOf(SkyTile.class));
        assertSameRows(readThrough(cells.pieces(), sparse, wide), inRegion(sparse.points, wide));
    }

    @Test
    void aHexagonPieceSurvivesJavaSerializationOwningTheSamePoints() throws Exception {
        SplittableRandom rnd = new SplittableRandom(19);
        List<double[]> points = uniform(rnd, 6_000, 300, 60, 0.6);
        PointService service = new PointService(points, 500);
        SkyRegion region = new SkyRegion.Cone(300, 60, 0.5);
        SkyTiler.Cover cover = SkyTiler.cover(region, SkyTiler.Limits.of(500, 180), service);
        for (SkyPiece p : cover.pieces()) {
            SkyPiece copy = RoundTrip.java(p);
            assertThat(copy).isEqualTo(p).hasToString(p.toString());
            for (double[] q : service.answer(p)) {
                assertThat(copy.owns(q[0], q[1])).isEqualTo(p.owns(q[0], q[1]));
            }
        }
    }
}
