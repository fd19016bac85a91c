package org.mastspark.emulator.sky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mastspark.emulator.sky.TessFootprints.Ccd;
import org.mastspark.emulator.sky.TessFootprints.Placement;

/**
 * The footprint model against positions placed by hand from its documented geometry (emulator README): ecliptic
 * coordinates converted with the textbook trigonometric formulas (not the model's vector code), distances from
 * camera edges from {@code atan} of the pixel counts.
 */
class TessFootprintsTest {
    static final double EPS = Math.toRadians(23.4392911);
    static final double PIXEL_DEG = 21.0 / 3600;

    /** Equatorial {ra, dec} of ecliptic (lambda, beta), degrees (Meeus, Astronomical Algorithms 13.3-13.4). */
    static double[] equatorial(double lambda, double beta) {
        double l = Math.toRadians(lambda);
        double b = Math.toRadians(beta);
        double ra = Math.atan2(Math.sin(l) * Math.cos(EPS) - Math.tan(b) * Math.sin(EPS), Math.cos(l));
        double dec = Math.asin(Math.sin(b) * Math.cos(EPS) + Math.cos(b) * Math.sin(EPS) * Math.sin(l));
        double r = Math.toDegrees(ra);
        return new double[] {r < 0 ? r + 360 : r, Math.toDegrees(dec)};
    }

    /** The documented pointing of sector s: ecliptic longitude 315.8 + (s - 1) * 360 / 13. */
    static double longitude(int s) {
        return (315.8 + (s - 1) * 360.0 / 13) % 360;
    }

    static List<Ccd> ccds(List<Placement> ps) {
        List<Ccd> out = new ArrayList<>();
        ps.forEach(p -> out.add(p.ccd()));
        return out;
    }

    @Test
    void theSouthEclipticPoleIsTheBoresightOfCamera4InEverySouthernSector() {
        // The south ecliptic pole: RA 90 deg, Dec -(90 - obliquity).
        List<Placement> at = TessFootprints.locate(90.0, -(90 - 23.4392911));
        List<Ccd> expected = new ArrayList<>();
        for (int year : new int[] {0, 2, 4, 6}) {
            for (int s = 1; s <= 13; s++) {
                // pixel (0, 0): x >= 0 and y >= 0, which is CCD 4
                expected.add(new Ccd(13 * year + s, 4, 4));
            }
        }
        assertThat(ccds(at)).containsExactlyElementsOf(expected);
        for (Placement p : at) {
            assertThat(p.x()).isCloseTo(0, within(1e-6));
            assertThat(p.y()).isCloseTo(0, within(1e-6));
        }
    }

    @Test
    void aPositionOnTheMeridianOfASectorIsAtTheGnomonicDistanceFromTheBoresight() {
        // 5 degrees poleward of camera 1's boresight (beta -18) on sector 6's meridian: x = 0, y = tan(5 deg) / pixel.
        double[] p = equatorial(longitude(6), -23);
        List<Placement> at = TessFootprints.locate(p[0], p[1]);
        assertThat(ccds(at)).containsExactly(new Ccd(6, 1, 4), new Ccd(32, 1, 4), new Ccd(58, 1, 4), new Ccd(84, 1, 4));
        double y = Math.toDegrees(Math.tan(Math.toRadians(5))) / PIXEL_DEG;
        for (Placement pl : at) {
            assertThat(pl.x()).isCloseTo(0, within(1e-6));
            assertThat(pl.y()).isCloseTo(y, within(1e-6));
        }
    }

    @Test
    void theCcdsOfACameraAreNumberedCounterClockwiseFromTheEclipticSide() {
        // South: x grows with ecliptic longitude, y towards the pole.
        double l = longitude(6);
        assertThat(ccds(TessFootprints.locate(equatorial(l + 2, -16)[0], equatorial(l + 2, -16)[1])))
                .first()
                .isEqualTo(new Ccd(6, 1, 1));
        assertThat(ccds(TessFootprints.locate(equatorial(l - 2, -16)[0], equatorial(l - 2, -16)[1])))
                .first()
                .isEqualTo(new Ccd(6, 1, 2));
        assertThat(ccds(TessFootprints.locate(equatorial(l - 2, -20)[0], equatorial(l - 2, -20)[1])))
                .first()
                .isEqualTo(new Ccd(6, 1, 3));
        // North (sector 19 has the same longitude as 6): x grows against the longitude.
        assertThat(ccds(TessFootprints.locate(equatorial(l - 2, 20)[0], equatorial(l - 2, 20)[1])))
                .first()
                .isEqualTo(new Ccd(19, 1, 4));
    }

    @Test
    void theEclipticAndTheGapsBetweenCamerasAreInNoSector() {
        for (double lambda = 0; lambda < 360; lambda += 30) {
            double[] p = equatorial(lambda, 0);
            assertThat(TessFootprints.locate(p[0], p[1])).as("lambda " + lambda).isEmpty();
            assertThat(TessFootprints.sectors(p[0], p[1], 0)).isEmpty();
        }
        // Between cameras 1 and 2 on sector 6's meridian: camera 1 ends at 18 + atan(2047.5 px), camera 2 begins at
        // 42 - atan(2048.5 px) (pixel edges), so beta -30 is 0.2249 and 0.2193 degrees from them.
        double[] gap = equatorial(longitude(6), -30);
        double toCamera1 = 30 - (18 + Math.toDegrees(Math.atan(Math.toRadians(2047.5 * PIXEL_DEG))));
        double toCamera2 = 42 - Math.toDegrees(Math.atan(Math.toRadians(2048.5 * PIXEL_DEG))) - 30;
        assertThat(toCamera1).isCloseTo(0.2249, within(1e-4));
        assertThat(toCamera2).isCloseTo(0.2193, within(1e-4));
        assertThat(TessFootprints.locate(gap[0], gap[1])).isEmpty();
        assertThat(TessFootprints.sectors(gap[0], gap[1], 0.21)).isEmpty();
        List<Ccd> camera2 = new ArrayList<>();
        List<Ccd> both = new ArrayList<>();
        for (int s : new int[] {6, 32, 58, 84}) {
            camera2.add(new Ccd(s, 2, 1));
            camera2.add(new Ccd(s, 2, 2));
            both.add(new Ccd(s, 1, 3));
            both.add(new Ccd(s, 1, 4));
            both.add(new Ccd(s, 2, 1));
            both.add(new Ccd(s, 2, 2));
        }
        assertThat(TessFootprints.sectors(gap[0], gap[1], 0.22)).containsExactlyElementsOf(camera2);
        assertThat(TessFootprints.sectors(gap[0], gap[1], 0.23)).containsExactlyElementsOf(both);
    }

    @Test
    void theRecordedPositionIsSeenInTheRecordedRowOnly() {
        assertThat(TessFootprints.sectors(23.34086, 60.658, 0)).containsExactly(new Ccd(1, 1, 3));
        assertThat(TessFootprints.sectors(23.34086, 60.658, 0.2)).containsExactly(new Ccd(1, 1, 3));
        assertThat(ccds(TessFootprints.locate(23.34086, 60.658))).containsExactly(new Ccd(1, 1, 3));
        assertThat(new Ccd(1, 1, 3).sectorName()).isEqualTo("tess-s0001-1-3");
    }

    @Test
    void framesMapPixelsToTheSkyAndBack() {
        TessFootprints.Frame f = TessFootprints.frame(44, 2);
        double[] sky = f.sky(-1234.25, 987.5);
        double[] back = f.pixel(sky[0], sky[1]);
        assertThat(back[0]).isCloseTo(-1234.25, within(1e-6));
        assertThat(back[1]).isCloseTo(987.5, within(1e-6));
        assertThat(f.ccdOf(back[0], back[1])).isEqualTo(3);
    }

    @Test
    void movingTargetsAreKnownByNameNumberAndType() {
        assertThat(TessFootprints.movingTarget("Eleonora", null).orElseThrow().ccds())
                .first()
                .isEqualTo(new Ccd(6, 1, 1));
        assertThat(TessFootprints.movingTarget(" 1  ceres ", "small_body").orElseThrow().ccds().stream()
                        .map(Ccd::sector))
                .containsExactly(29, 43, 44, 92, 97);
        assertThat(TessFootprints.movingTarget("Ceres", "majorbody")).isEmpty();
        assertThat(TessFootprints.movingTarget("Nobody", null)).isEmpty();
        for (TessFootprints.MovingTarget t : TessFootprints.movingTargets()) {
            for (Ccd c : t.ccds()) {
                for (double f : new double[] {0, 0.5, 1}) {
                    double[] p = t.pixel(c, f);
                    assertThat(TessFootprints.frame(c.sector(), c.camera()).ccdOf(p[0], p[1]))
                            .as(t.name() + " " + c + " at " + f)
                            .isEqualTo(c.ccd());
                    double[] sky = t.sky(c, f);
                    assertThat(ccds(TessFootprints.locate(sky[0], sky[1]))).contains(c);
                }
            }
        }
    }
}
