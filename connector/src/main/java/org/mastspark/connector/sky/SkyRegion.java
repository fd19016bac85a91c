package org.mastspark.connector.sky;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
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

    /**
     * Whether the nested HEALPix cell may share a point with the region. Conservative like {@link
     * #mayIntersect}; by default the test of the cell's circumscribing cone.
     */
    default boolean mayIntersectCell(int order, long cell) {
        double[] c = Healpix.center(order, cell);
        return mayIntersect(c[0], c[1], Healpix.circumscribingRadius(order, cell));
    }

    /**
     * A cone {@code {ra, dec, radius}} holding every point of the cone {@code (ra, dec, radius)} that lies in
     * the region; by default the cone itself.
     */
    default double[] clip(double ra, double dec, double radius) {
        return new double[] {ra, dec, radius};
    }

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
    // Kryo (spark.serializer) cannot write records field by field: it writes this one with Java serialization.
    @DefaultSerializer(JavaSerializer.class)
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

        /** Tested against the cell's own border ({@link Healpix#mayIntersectCone}): fewer cells that miss. */
        @Override
        public boolean mayIntersectCell(int order, long cell) {
            return Healpix.mayIntersectCone(order, cell, ra, dec, radius);
        }

        /**
         * A cone holding every point of the cone {@code (cra, cdec, r)} that lies in this one: the smallest
         * cap around the lens where the two caps overlap (the cap on the chord through the two points
         * where their rims cross, when it holds the lens), else the smaller of the two cones. Used to ask
         * cells on the region's rim for less than their whole circumscribing cone.
         */
        @Override
        public double[] clip(double cra, double cdec, double r) {
            double d = SkyMath.angularDistanceDeg(cra, cdec, ra, dec);
            if (d + r <= radius) {
                return new double[] {cra, cdec, r};
            }
            if (d + radius <= r) {
                return new double[] {ra, dec, radius};
            }
            double[] smaller = r <= radius ? new double[] {cra, cdec, r} : new double[] {ra, dec, radius};
            if (d >= r + radius || d < 1e-9 || r + radius >= 180) {
                return smaller;
            }
            double dr = Math.toRadians(d);
            double a = Math.toRadians(r);
            double b = Math.toRadians(radius);
            // x: distance from the cell cone's centre, along the great circle to this cone's centre, to the
            // chord's midpoint; h: half the chord (spherical Pythagoras on both right triangles).
            double x = Math.atan2(Math.cos(b) - Math.cos(a) * Math.cos(dr), Math.cos(a) * Math.sin(dr));
            double cosH = Math.cos(a) / Math.cos(x);
            if (!(Math.abs(x) < Math.PI / 2) || !(cosH > -1 && cosH < 1)) {
                return smaller;
            }
            double h = Math.acos(cosH);
            // The lens spans the axis from (d - radius) to r; the chord's cap holds it if both ends are within
            // h. Too thin a lens (h tiny against the cell) is not worth the rounding risk: keep the cone.
            if (h < 1e-6 * a || Math.abs(x - (dr - b)) > h || Math.abs(a - x) > h) {
                return smaller;
            }
            double bearing = bearing(cra, cdec, ra, dec);
            double[] m = SkyMath.offset(cra, cdec, Math.toDegrees(x), bearing);
            double cap = Math.toDegrees(h) * (1 + 1e-6) + 1e-7 * r;
            // Check the lens's ends on the axis directly, independently of the formula's rounding.
            double[] e1 = SkyMath.offset(cra, cdec, d - radius, bearing);
            double[] e2 = SkyMath.offset(cra, cdec, r, bearing);
            if (SkyMath.angularDistanceDeg(m[0], m[1], e1[0], e1[1]) > cap
                    || SkyMath.angularDistanceDeg(m[0], m[1], e2[0], e2[1]) > cap) {
                return smaller;
            }
            return cap < smaller[2] ? new double[] {m[0], m[1], cap} : smaller;
        }

        /** Initial great-circle bearing from (ra1, dec1) to (ra2, dec2), radians. */
        private static double bearing(double ra1, double dec1, double ra2, double dec2) {
            double p1 = Math.toRadians(dec1);
            double p2 = Math.toRadians(dec2);
            double dl = Math.toRadians(ra2 - ra1);
            return Math.atan2(
                    Math.sin(dl) * Math.cos(p2),
                    Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl));
        }
    }

    /**
     * A box: right ascension in {@code [raMin, raMax]} (wrapping through 0 when {@code raMin > raMax},
     * e.g. 350..10) and declination in {@code [decMin, decMax]}.
     */
    // Kryo (spark.serializer) cannot write records field by field: it writes this one with Java serialization.
    @DefaultSerializer(JavaSerializer.class)
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
