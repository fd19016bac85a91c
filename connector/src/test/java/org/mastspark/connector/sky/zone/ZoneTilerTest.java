package org.mastspark.connector.sky.zone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The zone tiler's contract: every position of the user's cone is owned by exactly one tile, lies inside
 * that tile's query cone, and no query cone exceeds the service's limit.
 */
class ZoneTilerTest {
    private final ConeTiler tiler = new ZoneTiler();

    @ParameterizedTest(name = "cone ({0}, {1}) r={2} max={3}")
    @CsvSource({
        "10.0, 0.0, 2.0, 0.5",
        "359.8, 1.0, 1.5, 0.5", // crosses ra = 0
        "0.0, 89.2, 2.0, 0.5", // contains the north pole
        "180.0, -88.0, 3.0, 0.5", // contains the south pole
        "210.8, 54.35, 1.0, 0.5",
        "45.0, -30.0, 5.0, 0.5",
        "123.0, 67.0, 0.9, 0.4"
    })
    void everyPositionIsOwnedByExactlyOneTileWhoseConeHoldsIt(double ra, double dec, double r, double max) {
        List<ConeTile> tiles = tiler.cover(ra, dec, r, max);
        assertThat(tiles).isNotEmpty().allSatisfy(t -> assertThat(t.radius()).isLessThanOrEqualTo(max));
        Random rnd = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            double[] p = pointInCone(rnd, ra, dec, r);
            int owners = 0;
            for (ConeTile t : tiles) {
                if (t.owns(p[0], p[1])) {
                    owners++;
                    assertThat(ZoneMath.separationDeg(t.ra(), t.dec(), p[0], p[1]))
                            .as("point %s,%s in tile %s", p[0], p[1], t.id())
                            .isLessThanOrEqualTo(t.radius());
                }
            }
            assertThat(owners).as("owners of %s,%s", p[0], p[1]).isEqualTo(1);
        }
    }

    @Test
    void pointsOnTheGridLinesAreOwnedOnce() {
        List<ConeTile> tiles = tiler.cover(30.0, 10.0, 1.5, 0.5);
        ZoneTiler.Grid grid = new ZoneTiler.Grid(0.5);
        for (int k = grid.zoneOf(8.5); k <= grid.zoneOf(11.5); k++) {
            double lo = grid.zoneLow(k);
            double width = 360.0 / grid.cells(k);
            for (int j = (int) (28.0 / width); j <= (int) (32.0 / width) + 1; j++) {
                double[][] pts = {{j * width, lo}, {j * width, lo + 0.1}, {j * width + 0.01, lo}};
                for (double[] p : pts) {
                    if (ZoneMath.separationDeg(30.0, 10.0, p[0], p[1]) > 1.5) {
                        continue;
                    }
                    long owners = tiles.stream().filter(t -> t.owns(p[0], p[1])).count();
                    assertThat(owners).as("owners of %s,%s", p[0], p[1]).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void aConeWithinTheLimitIsOneTileThatOwnsEverything() {
        List<ConeTile> tiles = tiler.cover(10, 20, 0.3, 0.5);
        assertThat(tiles).singleElement().satisfies(t -> {
            assertThat(t.ra()).isEqualTo(10.0);
            assertThat(t.dec()).isEqualTo(20.0);
            assertThat(t.radius()).isEqualTo(0.3);
            assertThat(t.owns(200, -80)).isTrue();
        });
    }

    @Test
    void tilesAreFewComparedWithTheConesArea() {
        // A 2-degree cone has about 12.6 square degrees; a 0.5-degree tile owns about 0.5 square degree.
        int n = tiler.cover(100, 20, 2.0, 0.5).size();
        assertThat(n).isBetween(25, 60);
    }

    /** Uniform on the sphere within the cone (rejection sampling around the centre). */
    static double[] pointInCone(Random rnd, double ra, double dec, double r) {
        while (true) {
            double z = rnd.nextDouble() * 2 - 1;
            double phi = rnd.nextDouble() * 2 * Math.PI;
            double pdec = Math.toDegrees(Math.asin(z));
            double pra = Math.toDegrees(phi);
            // Shrink the sample to the cone's neighbourhood for speed: pick within a box first.
            double dd = (rnd.nextDouble() * 2 - 1) * r;
            double cos = Math.max(1e-6, Math.cos(Math.toRadians(Math.min(89.9999, Math.abs(dec) + r))));
            double dr = (rnd.nextDouble() * 2 - 1) * Math.min(180, r / cos);
            double qdec = dec + dd;
            double qra = ra + dr;
            if (qdec > 90 || qdec < -90) {
                qdec = pdec;
                qra = pra;
            }
            qra = ZoneMath.normRa(qra);
            if (ZoneMath.separationDeg(ra, dec, qra, qdec) <= r) {
                return new double[] {qra, qdec};
            }
        }
    }
}
