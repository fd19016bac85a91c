package org.mastspark.connector.sky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SkyMathTest {

    /**
     * Reference separations from astropy 5.2.1 and from mpmath at 50 digits (see {@code
     * src/test/oracle/angular_distances.py}). Below a milliarcsecond the result must keep its relative
     * precision; elsewhere it must be within 1e-12 degrees of the exact value. astropy itself is
     * matched within 1e-12 degrees everywhere (its own float64 error is up to 4e-16 degrees on the
     * nanoarcsecond pairs, 0.15% of them, which is why the exact value is the tight reference).
     */
    /** Expected components: Python's {@code math} on the same radians (cos(dec) cos(ra), cos(dec) sin(ra), sin(dec)). */
    @ParameterizedTest
    @CsvSource({
        "0, 0, 1.0, 0.0, 0.0",
        "90, 0, 6.123233995736766e-17, 1.0, 0.0",
        "0, 90, 6.123233995736766e-17, 0.0, 1.0",
        "30, 60, 0.43301270189221946, 0.25, 0.8660254037844386",
        "250.5, -41.25, -0.2509692847814807, -0.7087153971844395, -0.6593458151000688"
    })
    void unitVectorPointsAtThePosition(double ra, double dec, double x, double y, double z) {
        double[] u = SkyMath.unitVector(ra, dec);
        assertThat(u).hasSize(3);
        assertThat(u[0]).isCloseTo(x, within(1e-15));
        assertThat(u[1]).isCloseTo(y, within(1e-15));
        assertThat(u[2]).isCloseTo(z, within(1e-15));
    }

    @Test
    void unitVectorIsUncheckedNaNForANonFiniteCoordinate() {
        assertThat(SkyMath.unitVector(Double.NaN, 10)).containsOnly(Double.NaN, Math.sin(Math.toRadians(10)));
        assertThat(SkyMath.unitVector(10, Double.POSITIVE_INFINITY)).containsOnly(Double.NaN);
    }

    @Test
    void angularDistanceMatchesAstropyAndTheExactValue() throws IOException {
        List<String[]> rows = HealpixGoldenTest.read("angular-distances.csv");
        assertThat(rows).hasSizeGreaterThan(30);
        for (String[] r : rows) {
            double ra1 = Double.parseDouble(r[1]);
            double dec1 = Double.parseDouble(r[2]);
            double ra2 = Double.parseDouble(r[3]);
            double dec2 = Double.parseDouble(r[4]);
            double astropy = Double.parseDouble(r[5]);
            double exact = new BigDecimal(r[6]).doubleValue();
            double actual = SkyMath.angularDistanceDeg(ra1, dec1, ra2, dec2);
            String pair = String.join(",", r);
            assertThat(actual).as(pair).isCloseTo(astropy, within(1e-12));
            if (exact < 1e-6 / 3600) {
                assertThat(actual).as(pair).isCloseTo(exact, within(exact * 1e-12));
            } else {
                assertThat(actual).as(pair).isCloseTo(exact, within(1e-12));
            }
        }
    }

    @Test
    void angularDistanceIsSymmetricAndIgnoresFullTurnsOfRightAscension() {
        double d = SkyMath.angularDistanceDeg(10, 20, 30, -40);
        assertThat(SkyMath.angularDistanceDeg(30, -40, 10, 20)).isEqualTo(d);
        assertThat(SkyMath.angularDistanceDeg(370, 20, -330, -40)).isCloseTo(d, within(1e-12));
    }

    @Test
    void pureDeclinationOffsetOfOneNanoarcsecondKeepsFullPrecision() {
        double nas = 1e-9 / 3600;
        double dec2 = 20 + nas;
        // The offset actually representable is dec2 - 20 (exact); along a meridian it is the distance.
        assertThat(SkyMath.angularDistanceDeg(10, 20, 10, dec2)).isCloseTo(dec2 - 20, within((dec2 - 20) * 1e-14));
    }

    /**
     * Across ra = 0 the difference of the two right ascensions is near 360, where a double's rounding is
     * 2.8e-14 degrees: a tiny separation must still keep its relative precision. Along the equator the
     * distance is the exact difference of the two values, modulo 360 (BigDecimal).
     */
    @Test
    void aTinySeparationAcrossRightAscensionZeroKeepsFullPrecision() {
        double ra1 = 359.9999999;
        double ra2 = 1e-7;
        double exact = new BigDecimal(ra2)
                .subtract(new BigDecimal(ra1))
                .add(BigDecimal.valueOf(360))
                .doubleValue();
        assertThat(SkyMath.angularDistanceDeg(ra1, 0, ra2, 0)).isCloseTo(exact, within(exact * 1e-14));
        assertThat(SkyMath.angularDistanceDeg(ra2, 0, ra1, 0)).isCloseTo(exact, within(exact * 1e-14));
    }

    /**
     * Separations in arc minutes as the mission reads' ang_sep computes them, against mpmath at 60 digits
     * (the great-circle distance between the exact double values): across ra = 0 too.
     */
    @ParameterizedTest
    @CsvSource({
        "359.9, -0.2, 0.1, 0.3, 32.31097300427025799680683",
        "359.99, 54.0, 0.01, 54.0001, 0.7053669722987261359255737",
        "210.802429, 54.34875, 210.8027190712322, 54.34882788843496, 0.0111687953584173530156768"
    })
    void separationsMatchTheExactValue(double ra1, double dec1, double ra2, double dec2, String arcmin) {
        double exact = new BigDecimal(arcmin).doubleValue();
        assertThat(SkyMath.angularDistanceDeg(ra1, dec1, ra2, dec2) * 60).isCloseTo(exact, within(exact * 4e-16));
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0, 0, 0, 1, true",
        "0, 1, 0, 0, 1, true", // on the boundary: inclusive
        "0, 1.0000001, 0, 0, 1, false",
        "359.5, 0, 0.4, 0, 1, true", // across ra = 0
        "0, 89.5, 180, 89.6, 1, true", // across the pole
        "10, 20, 10, 20, 0, true"
    })
    void inConeIncludesItsBoundary(double ra, double dec, double ra0, double dec0, double r, boolean expected) {
        assertThat(SkyMath.inCone(ra, dec, ra0, dec0, r)).isEqualTo(expected);
    }

    @Test
    void normalizeRaWrapsIntoZeroTo360() {
        assertThat(SkyMath.normalizeRa(360.0)).isEqualTo(0.0);
        assertThat(SkyMath.normalizeRa(-0.0)).isEqualTo(0.0);
        assertThat(SkyMath.normalizeRa(-1e-20)).isEqualTo(0.0);
        assertThat(SkyMath.normalizeRa(-90.0)).isEqualTo(270.0);
        assertThat(SkyMath.normalizeRa(725.5)).isEqualTo(5.5);
    }

    @Test
    void declinationBeyondAPoleIsRejectedWithTheArgumentNamed() {
        assertThatThrownBy(() -> SkyMath.angularDistanceDeg(0, 91, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value 91.0 for 'dec1': expected a declination from -90 to 90 degrees");
    }

    @Test
    void nonFiniteRightAscensionIsRejected() {
        assertThatThrownBy(() -> SkyMath.angularDistanceDeg(0, 0, Double.NaN, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid value NaN for 'ra2'");
    }

    @Test
    void negativeRadiusIsRejected() {
        assertThatThrownBy(() -> SkyMath.inCone(0, 0, 0, 0, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value -1.0 for 'radiusDeg': expected a radius from 0 to 180 degrees");
    }
}
