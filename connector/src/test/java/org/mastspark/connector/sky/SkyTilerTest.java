package org.mastspark.connector.sky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The tiling planner against a service made of an explicit point set: a counter that answers exact
 * counts up to its cap and "over the limit" beyond it, and that records every cone it was asked.
 */
class SkyTilerTest {

    /** A service over points {ra, dec}: exact counts up to {@code cap}, OVER_LIMIT beyond. */
    static final class PointService implements SkyTiler.ConeCounter {
        final List<double[]> points;
        final long cap;
        final List<double[]> asked = new CopyOnWriteArrayList<>();

        final double[] xyz;

        PointService(List<double[]> points, long cap) {
            this.points = points;
            this.cap = cap;
            this.xyz = new double[points.size() * 3];
            for (int i = 0; i < points.size(); i++) {
                double[] v = unit(points.get(i)[0], points.get(i)[1]);
                System.arraycopy(v, 0, xyz, 3 * i, 3);
            }
        }

        static double[] unit(double ra, double dec) {
            double a = Math.toRadians(ra);
            double d = Math.toRadians(dec);
            return new double[] {Math.cos(d) * Math.cos(a), Math.cos(d) * Math.sin(a), Math.sin(d)};
        }

        /** Whether point i lies in the cone (a dot product against the cosine of the radius: fast). */
        boolean inCone(int i, double[] c, double cosR) {
            return xyz[3 * i] * c[0] + xyz[3 * i + 1] * c[1] + xyz[3 * i + 2] * c[2] >= cosR;
        }

        long trueCount(double ra, double dec, double radius) {
            double[] c = unit(ra, dec);
            double cosR = Math.cos(Math.toRadians(radius));
            long n = 0;
            for (int i = 0; i < points.size(); i++) {
                if (inCone(i, c, cosR)) {
                    n++;
                }
            }
            return n;
        }

        @Override
        public long count(double ra, double dec, double radius) {
            long n = trueCount(ra, dec, radius);
            asked.add(new double[] {ra, dec, radius, n});
            return n > cap ? OVER_LIMIT : n;
        }

        /** The rows a tile's request returns: every point in its cone. */
        List<double[]> answer(SkyPiece t) {
            double[] c = unit(t.ra(), t.dec());
            double cosR = Math.cos(Math.toRadians(t.radius()));
            List<double[]> out = new ArrayList<>();
            for (int i = 0; i < points.size(); i++) {
                if (inCone(i, c, cosR)) {
                    out.add(points.get(i));
                }
            }
            return out;
        }
    }

    private static List<double[]> uniform(SplittableRandom rnd, int n, double ra, double dec, double radius) {
        List<double[]> out = new ArrayList<>();
        while (out.size() < n) {
            double d = radius * Math.sqrt(rnd.nextDouble());
            out.add(HealpixTest.offset(ra, dec, d, rnd.nextDouble(0, 2 * Math.PI)));
        }
        return out;
    }

    /**
     * Reads the region through the plan as a connector does: each tile's cone returns its points, the
     * tile keeps those its cell owns and the region holds. Returns the kept points.
     */
    private static List<double[]> readThrough(SkyTiler.Plan plan, PointService service, SkyRegion region) {
        List<double[]> kept = new ArrayList<>();
        for (SkyTile t : plan.tiles()) {
            for (double[] p : service.answer(t)) {
                if (t.owns(p[0], p[1]) && region.contains(p[0], p[1])) {
                    kept.add(p);
                }
            }
        }
        return kept;
    }

    /** Same points, same multiplicity (points are compared by identity: each is one catalog row). */
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

    @Test
    void clusteredRegionIsTiledFinerWhereDenseWithEveryPointKeptOnce() {
        SplittableRandom rnd = new SplittableRandom(3);
        // A uniform background plus a cluster 40 times denser off-centre: tiles must be finer there.
        List<double[]> points = new ArrayList<>(uniform(rnd, 16_000, 150, 20, 1.2));
        points.addAll(uniform(rnd, 8_000, 150.4, 20.3, 0.12));
        PointService service = new PointService(points, 2_000);
        SkyRegion region = new SkyRegion.Cone(150, 20, 1.0);
        SkyTiler.Plan plan = SkyTiler.plan(region, SkyTiler.Limits.of(2_000, 180), service);

        List<double[]> expected =
                points.stream().filter(p -> region.contains(p[0], p[1])).toList();
        assertSameRows(readThrough(plan, service, region), expected);
        for (SkyTile t : plan.tiles()) {
            assertThat(t.rows()).isLessThanOrEqualTo(2_000).isEqualTo(service.trueCount(t.ra(), t.dec(), t.radius()));
        }
        // The service could not answer only cones that reach into the cluster.
        assertThat(service.asked.stream().filter(c -> c[3] > 2_000))
                .allSatisfy(c -> assertThat(SkyMath.angularDistanceDeg(c[0], c[1], 150.4, 20.3))
                        .isLessThanOrEqualTo(c[2] + 0.12));
        int inCluster = plan.tiles().stream()
                .filter(t -> SkyMath.angularDistanceDeg(t.ra(), t.dec(), 150.4, 20.3) < 0.1)
                .mapToInt(SkyTile::order)
                .max()
                .orElseThrow();
        int far = plan.tiles().stream()
                .filter(t -> SkyMath.angularDistanceDeg(t.ra(), t.dec(), 149.5, 19.8) < 0.3)
                .mapToInt(SkyTile::order)
                .min()
                .orElseThrow();
        assertThat(inCluster).as("finer cells where the cluster is").isGreaterThan(far);
    }

    @Test
    void noCountIsOverTheCapWhenTheDensityVariesLessThanFourfold() {
        SplittableRandom rnd = new SplittableRandom(4);
        List<double[]> points = new ArrayList<>(uniform(rnd, 12_000, 80, -10, 1.0));
        points.addAll(uniform(rnd, 12_000, 80.3, -10.2, 0.6));
        PointService service = new PointService(points, 1_500);
        SkyRegion region = new SkyRegion.Cone(80, -10, 0.9);
        SkyTiler.Plan plan = SkyTiler.plan(region, SkyTiler.Limits.of(1_500, 180), service);
        assertThat(service.asked).allSatisfy(c -> assertThat(c[3]).isLessThanOrEqualTo(1_500));
        assertSameRows(
                readThrough(plan, service, region),
                points.stream().filter(p -> region.contains(p[0], p[1])).toList());
    }

    @Test
    void pointsExactlyOnCellBordersAreKeptByExactlyOneTile() {
        SplittableRandom rnd = new SplittableRandom(5);
        List<double[]> points = new ArrayList<>(uniform(rnd, 8_000, 10, -30, 0.8));
        PointService probe = new PointService(points, 800);
        SkyRegion region = new SkyRegion.Cone(10, -30, 0.7);
        SkyTiler.Plan plan = SkyTiler.plan(region, SkyTiler.Limits.of(800, 180), probe);
        // Add the corners of every tile's cell and of its neighbours, and points on its edges' midlines.
        List<double[]> border = new ArrayList<>();
        for (SkyTile t : plan.tiles()) {
            for (double[] v : Healpix.vertices(t.order(), t.cell())) {
                border.add(v);
            }
            double[][] v = Healpix.vertices(t.order(), t.cell());
            for (int e = 0; e < 4; e++) {
                double[] a = v[e];
                double[] b = v[(e + 1) % 4];
                border.add(new double[] {(a[0] + b[0]) / 2, (a[1] + b[1]) / 2});
            }
        }
        List<double[]> all = new ArrayList<>(points);
        all.addAll(border);
        PointService service = new PointService(all, Long.MAX_VALUE);
        List<double[]> expected =
                all.stream().filter(p -> region.contains(p[0], p[1])).toList();
        assertSameRows(readThrough(plan, service, region), expected);
        long borderInRegion =
                border.stream().filter(p -> region.contains(p[0], p[1])).count();
        assertThat(borderInRegion).isGreaterThan(100);
    }

    @Test
    void regionThatFitsOneRequestIsOneWholeRegionTile() {
        SplittableRandom rnd = new SplittableRandom(9);
        PointService service = new PointService(uniform(rnd, 3_000, 200, 45, 0.5), 10_000);
        SkyTiler.Plan plan = SkyTiler.plan(new SkyRegion.Cone(200, 45, 0.3), SkyTiler.Limits.of(10_000, 180), service);
        assertThat(plan.tiles()).hasSize(1);
        SkyTile t = plan.tiles().get(0);
        assertThat(t.order()).isEqualTo(-1);
        assertThat(t.radius()).isEqualTo(0.3);
        assertThat(t.rows()).isEqualTo(service.trueCount(200, 45, 0.3));
        // the density sample grows 1', 4', 16' and then the whole region is counted
        assertThat(plan.counts()).isLessThanOrEqualTo(4);
    }

    @Test
    void emptyRegionHasNoTiles() {
        PointService service = new PointService(List.of(new double[] {10, 10}), 100);
        SkyTiler.Plan plan = SkyTiler.plan(new SkyRegion.Cone(200, 45, 0.3), SkyTiler.Limits.of(100, 180), service);
        assertThat(plan.tiles()).isEmpty();
    }

    @Test
    void radiusLimitIsHonouredForEveryCountAndTile() {
        SplittableRandom rnd = new SplittableRandom(13);
        PointService service = new PointService(uniform(rnd, 5_000, 30, 60, 2.2), 1_000_000);
        SkyRegion region = new SkyRegion.Cone(30, 60, 2.0);
        SkyTiler.Plan plan = SkyTiler.plan(region, SkyTiler.Limits.of(1_000_000, 0.5), service);
        assertThat(service.asked).allSatisfy(c -> assertThat(c[2]).isLessThanOrEqualTo(0.5));
        assertThat(plan.tiles()).allSatisfy(t -> assertThat(t.radius()).isLessThanOrEqualTo(0.5));
        List<double[]> expected =
                service.points.stream().filter(p -> region.contains(p[0], p[1])).toList();
        assertSameRows(readThrough(plan, service, region), expected);
    }

    @Test
    void boxRegionAcrossRaZeroIsCoveredExactly() {
        SplittableRandom rnd = new SplittableRandom(17);
        List<double[]> points = uniform(rnd, 10_000, 0, 5, 1.5);
        PointService service = new PointService(points, 1_000);
        SkyRegion box = new SkyRegion.Box(359.2, 0.8, 4.2, 5.9);
        SkyTiler.Plan plan = SkyTiler.plan(box, SkyTiler.Limits.of(1_000, 180), service);
        List<double[]> expected =
                points.stream().filter(p -> box.contains(p[0], p[1])).toList();
        assertThat(expected).hasSizeGreaterThan(2_000);
        assertSameRows(readThrough(plan, service, box), expected);
    }

    @Test
    void aServiceThatCanNeverAnswerFailsAtOrder29WithAClearMessage() {
        SkyTiler.ConeCounter never = (ra, dec, r) -> SkyTiler.ConeCounter.OVER_LIMIT;
        assertThatThrownBy(() -> SkyTiler.plan(new SkyRegion.Cone(1, 1, 1e-9), SkyTiler.Limits.of(10, 180), never))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("order 29");
    }

    @Test
    void clippedConeHoldsEveryPointOfTheLensAndIsSmaller() {
        SplittableRandom rnd = new SplittableRandom(23);
        int lensPoints = 0;
        int smaller = 0;
        for (int k = 0; k < 3000; k++) {
            double R = Math.pow(10, rnd.nextDouble(-3, 1.3));
            double r = R * Math.pow(10, rnd.nextDouble(-2, 0.5));
            SkyRegion.Cone region = new SkyRegion.Cone(rnd.nextDouble(0, 360), rnd.nextDouble(-89, 89), R);
            double[] c = HealpixTest.offset(
                    region.ra(), region.dec(), (R + r) * rnd.nextDouble(0.3, 1.0), rnd.nextDouble(0, 2 * Math.PI));
            double[] clip = region.clip(c[0], c[1], r);
            if (clip[2] < Math.min(r, R) * 0.999) {
                smaller++;
            }
            for (int i = 0; i < 60; i++) {
                double[] p =
                        HealpixTest.offset(c[0], c[1], r * Math.sqrt(rnd.nextDouble()), rnd.nextDouble(0, 2 * Math.PI));
                // and points on the rims, where the lens's extremes are
                double[] q = HealpixTest.offset(c[0], c[1], r, rnd.nextDouble(0, 2 * Math.PI));
                for (double[] pt : new double[][] {p, q}) {
                    if (region.contains(pt[0], pt[1]) && SkyMath.angularDistanceDeg(c[0], c[1], pt[0], pt[1]) <= r) {
                        lensPoints++;
                        assertThat(SkyMath.angularDistanceDeg(clip[0], clip[1], pt[0], pt[1]))
                                .as("cone %s clipped %s", Arrays.toString(c), Arrays.toString(clip))
                                .isLessThanOrEqualTo(clip[2]);
                    }
                }
            }
        }
        assertThat(lensPoints).isGreaterThan(20_000);
        assertThat(smaller).as("rim cones get smaller").isGreaterThan(1000);
    }
}
