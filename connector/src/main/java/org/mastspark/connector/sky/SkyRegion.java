package org.mastspark.connector.sky;

import java.io.Serializable;

/**
 * A region of the sky a read asks for: a {@link Cone} or a right ascension / declination {@link Box}.
 * Immutable and serializable (partitions carry it to executors, where each row's own position is tested).
 * Coordinates in degrees.
 */
public sealed interface SkyRegion extends Serializable permits SkyRegion.Cone, SkyRegion.Box {

    /** Whether the point lies in the region, boundary included. */
    boolean contains(double ra, double dec);

    /** A cone {@code {ra, dec, radius}} holding the whole region. */
    double[] boundingCone();

    /**
     * Whether the cone {@code (ra, dec, radius)} may share a point with the region. Conservative: never
     * false for a cone that intersects the region.
     */
    boolean mayIntersect(double ra, double dec, double radius);

    /** Area of a cone of {@code radiusDeg}, in square degrees. */
    static double coneArea(double radiusDeg) {
        double r = Math.toRadians(Math.min(180, radiusDeg));
        double deg2 = (180 / Math.PI) * (180 / Math.PI);
        return 2 * Math.PI * (1 - Math.cos(r)) * deg2;
    }

    /**
     * A cone: every point within {@code radius} degrees of {@code (ra, dec)}.
     *
     * @param ra centre right ascension, wrapped into [0, 360)
     * @param dec centre declination, -90 to 90
     * @param radius 0 to 180 degrees
     */
    record Cone(double ra, double dec, double radius) implements SkyRegion {
        private static final long serialVersionUID = 1L;

        public Cone {
            ra = SkyMath.normalizeRa("ra", ra);
            SkyMath.checkDec("dec", dec);
            if (!(radius >= 0 && radius <= 180)) {
                throw new IllegalArgumentException(
                        "Invalid value " + radius + " for 'radius': expected a radius from 0 to 180 degrees");
            }
        }

        @Override
        public boolean contains(double pra, double pdec) {
            return SkyMath.angularDistanceDeg(ra, dec, pra, pdec) <= radius;
        }

        @Override
        public double[] boundingCone() {
            return new double[] {ra, dec, radius};
        }

        @Override
        public boolean mayIntersect(double cra, double cdec, double r) {
            return SkyMath.angularDistanceDeg(ra, dec, cra, cdec) <= radius + r + 1e-9;
        }
    }

    /**
     * A box: right ascension in {@code [raMin, raMax]} (wrapping through 0 when {@code raMin > raMax},
     * e.g. 350..10) and declination in {@code [decMin, decMax]}.
     */
    record Box(double raMin, double raMax, double decMin, double decMax) implements SkyRegion {
        private static final long serialVersionUID = 1L;

        public Box {
            raMin = SkyMath.normalizeRa("raMin", raMin);
            raMax = raMax == 360 ? 360 : SkyMath.normalizeRa("raMax", raMax);
            SkyMath.checkDec("decMin", decMin);
            SkyMath.checkDec("decMax", decMax);
            if (decMin > decMax) {
                throw new IllegalArgumentException(
                        "Invalid box: decMin " + decMin + " is above decMax " + decMax + "; expected decMin <= decMax");
            }
        }

        private double raWidth() {
            return raMin <= raMax ? raMax - raMin : 360 - raMin + raMax;
        }

        @Override
        public boolean contains(double ra, double dec) {
            if (dec < decMin || dec > decMax) {
                return false;
            }
            double r = SkyMath.normalizeRa("ra", ra);
            return raMin <= raMax ? r >= raMin && r <= raMax : r >= raMin || r <= raMax;
        }

        @Override
        public double[] boundingCone() {
            double cra = SkyMath.normalizeRa("ra", raMin + raWidth() / 2);
            double cdec = (decMin + decMax) / 2;
            double max = 0;
            // Constant-declination edges are small circles: sample them, and the meridian edges' ends.
            int n = 64;
            for (int i = 0; i <= n; i++) {
                double ra = raMin + raWidth() * i / n;
                max = Math.max(max, SkyMath.angularDistanceDeg(cra, cdec, ra, decMin));
                max = Math.max(max, SkyMath.angularDistanceDeg(cra, cdec, ra, decMax));
                double dec = decMin + (decMax - decMin) * i / n;
                max = Math.max(max, SkyMath.angularDistanceDeg(cra, cdec, raMin, dec));
                max = Math.max(max, SkyMath.angularDistanceDeg(cra, cdec, raMin + raWidth(), dec));
            }
            return new double[] {cra, cdec, Math.min(180, max * 1.01 + 1e-9)};
        }

        @Override
        public boolean mayIntersect(double cra, double cdec, double r) {
            if (cdec + r < decMin || cdec - r > decMax) {
                return false;
            }
            double[] b = boundingCone();
            return SkyMath.angularDistanceDeg(b[0], b[1], cra, cdec) <= b[2] + r + 1e-9;
        }
    }
}
