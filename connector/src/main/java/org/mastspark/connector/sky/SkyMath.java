package org.mastspark.connector.sky;

/**
 * Angular distances and cone tests on the celestial sphere, coordinates in degrees.
 *
 * <p>All methods are static, pure and thread-safe. They throw {@link IllegalArgumentException},
 * naming the argument and its value, for a non-finite coordinate or a declination outside [-90,
 * 90]; right ascensions may be any finite value.
 */
public final class SkyMath {
    private SkyMath() {}

    /**
     * The great-circle distance in degrees, in [0, 180], between {@code (ra1, dec1)} and {@code (ra2,
     * dec2)}.
     *
     * <p>Uses Vincenty's formula ({@code atan2} of the cross and dot products), which, unlike the
     * haversine or the spherical law of cosines, keeps full relative precision from separations of a
     * nanoarcsecond up to antipodal points. The sine of the declination difference is taken from the
     * difference itself rather than from a difference of products, so a pure declination offset of a
     * few nanoarcseconds does not cancel.
     */
    public static double angularDistanceDeg(double ra1, double dec1, double ra2, double dec2) {
        checkRa("ra1", ra1);
        checkDec("dec1", dec1);
        checkRa("ra2", ra2);
        checkDec("dec2", dec2);
        // Differences are taken in degrees, where they are exact for nearby values, and the sines and
        // cosines come from degrees reduced exactly by quadrant, so sin(180 deg) is 0. Across ra = 0 the
        // difference is near 360, where its rounding (2.8e-14 degrees) would swamp a tiny separation: its
        // exact rounding error is kept (Knuth's two-sum) and added back after the exact reduction.
        double diff = ra2 - ra1;
        double back = diff - ra2;
        double error = (ra2 - (diff - back)) + (-ra1 - back);
        double dRa = Math.IEEEremainder(diff, 360.0) + error;
        double[] p1 = sinCosDeg(dec1);
        double[] p2 = sinCosDeg(dec2);
        double[] dl = sinCosDeg(dRa);
        double sinHalfDl = sinCosDeg(dRa / 2)[0];
        double a = p2[1] * dl[0];
        // cos(dec1) sin(dec2) - sin(dec1) cos(dec2) cos(dRa), rewritten without cancellation.
        double b = sinCosDeg(dec2 - dec1)[0] + 2.0 * p1[0] * p2[1] * sinHalfDl * sinHalfDl;
        double dot = p1[0] * p2[0] + p1[1] * p2[1] * dl[1];
        return Math.toDegrees(Math.atan2(Math.hypot(a, b), dot));
    }

    /** {@code {sin, cos}} of an angle in degrees, reduced exactly to [-45, 45] before converting. */
    static double[] sinCosDeg(double deg) {
        double r = Math.IEEEremainder(deg, 360.0);
        double q = Math.rint(r / 90.0);
        double rad = Math.toRadians(r - 90.0 * q);
        double s = Math.sin(rad);
        double c = Math.cos(rad);
        return switch (((int) q) & 3) {
            case 0 -> new double[] {s, c};
            case 1 -> new double[] {c, -s};
            case 2 -> new double[] {-s, -c};
            default -> new double[] {-c, s};
        };
    }

    /**
     * Whether {@code (ra, dec)} lies within {@code radiusDeg} of the cone centre {@code (ra0, dec0)},
     * boundary included.
     *
     * @param radiusDeg 0 to 180 degrees
     */
    public static boolean inCone(double ra, double dec, double ra0, double dec0, double radiusDeg) {
        if (!(radiusDeg >= 0 && radiusDeg <= 180)) {
            throw new IllegalArgumentException(
                    "Invalid value " + radiusDeg + " for 'radiusDeg': expected a radius from 0 to 180 degrees");
        }
        return angularDistanceDeg(ra, dec, ra0, dec0) <= radiusDeg;
    }

    /**
     * The point at {@code distanceDeg} from {@code (raDeg, decDeg)} along the great circle leaving it at
     * {@code bearingRad} (radians, from north through east); {@code {ra, dec}} in degrees, ra in [0, 360).
     */
    public static double[] offset(double raDeg, double decDeg, double distanceDeg, double bearingRad) {
        double d = Math.toRadians(distanceDeg);
        double p0 = Math.toRadians(decDeg);
        double sinP = Math.sin(p0) * Math.cos(d) + Math.cos(p0) * Math.sin(d) * Math.cos(bearingRad);
        double p = Math.asin(Math.max(-1, Math.min(1, sinP)));
        double l = Math.atan2(Math.sin(bearingRad) * Math.sin(d) * Math.cos(p0), Math.cos(d) - Math.sin(p0) * sinP);
        return new double[] {normalizeRa("ra", raDeg + Math.toDegrees(l)), Math.toDegrees(p)};
    }

    /**
     * The unit vector {@code {x, y, z}} of a position in degrees: x towards (0, 0), y towards (90, 0), z towards
     * the north pole. Unchecked, for loops over coordinates already known to be valid: a non-finite coordinate
     * gives NaN components.
     */
    public static double[] unitVector(double raDeg, double decDeg) {
        double ra = Math.toRadians(raDeg);
        double dec = Math.toRadians(decDeg);
        double c = Math.cos(dec);
        return new double[] {c * Math.cos(ra), c * Math.sin(ra), Math.sin(dec)};
    }

    /**
     * A right ascension wrapped into [0, 360) degrees.
     *
     * @param name the argument's name, for the error message
     * @throws IllegalArgumentException if {@code raDeg} is NaN or infinite
     */
    public static double normalizeRa(String name, double raDeg) {
        checkRa(name, raDeg);
        double r = raDeg % 360.0;
        if (r < 0) {
            r += 360.0;
        }
        // A tiny negative value wraps to 360 - epsilon, which rounds to 360 itself.
        return r >= 360.0 ? 0.0 : r;
    }

    /** {@link #normalizeRa(String, double)} for an argument named {@code ra}. */
    public static double normalizeRa(double raDeg) {
        return normalizeRa("ra", raDeg);
    }

    /**
     * Checks a declination.
     *
     * @param name the argument's name, for the error message
     * @throws IllegalArgumentException if {@code decDeg} is NaN, infinite or outside [-90, 90]
     */
    public static void checkDec(String name, double decDeg) {
        if (!(decDeg >= -90 && decDeg <= 90)) {
            throw new IllegalArgumentException(
                    "Invalid value " + decDeg + " for '" + name + "': expected a declination from -90 to 90 degrees");
        }
    }

    private static void checkRa(String name, double raDeg) {
        if (!Double.isFinite(raDeg)) {
            throw new IllegalArgumentException(
                    "Invalid value " + raDeg + " for '" + name + "': expected a finite right ascension in degrees");
        }
    }
}
