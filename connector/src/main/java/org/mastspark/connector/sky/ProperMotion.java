package org.mastspark.connector.sky;

/**
 * Moves a star along its proper motion from one epoch to another, coordinates in degrees.
 *
 * <p>The star moves on a straight line in space at constant velocity, with no parallax and no radial
 * velocity: its direction at the new epoch is {@code normalize(p + mu * dt)}, where {@code p} is the unit
 * vector of the old position and {@code mu} the proper motion as a tangent vector (radians per year).
 * This is what ERFA's {@code starpm} (astropy's {@code SkyCoord.apply_space_motion}) computes for a
 * distant star with zero radial velocity, and unlike adding {@code pmra / cos(dec)} to the right
 * ascension it stays correct at the poles.
 */
public final class ProperMotion {
    private ProperMotion() {}

    private static final double MAS_TO_RAD = Math.toRadians(1.0 / 3_600_000.0);

    /**
     * The position at {@code refEpoch + dtYears}.
     *
     * @param raDeg right ascension in degrees
     * @param decDeg declination in degrees, -90 to 90
     * @param pmRaCosDecMasYr proper motion in right ascension times cos(dec), mas/yr (Gaia's {@code pmra})
     * @param pmDecMasYr proper motion in declination, mas/yr (Gaia's {@code pmdec})
     * @param dtYears target epoch minus reference epoch, in Julian years
     * @return {@code {ra, dec}} in degrees, ra in [0, 360)
     */
    public static double[] propagate(
            double raDeg, double decDeg, double pmRaCosDecMasYr, double pmDecMasYr, double dtYears) {
        SkyMath.normalizeRa("raDeg", raDeg);
        SkyMath.checkDec("decDeg", decDeg);
        double ra = Math.toRadians(raDeg);
        double dec = Math.toRadians(decDeg);
        double sa = Math.sin(ra);
        double ca = Math.cos(ra);
        double sd = Math.sin(dec);
        double cd = Math.cos(dec);
        double mr = pmRaCosDecMasYr * MAS_TO_RAD * dtYears;
        double md = pmDecMasYr * MAS_TO_RAD * dtYears;
        // p + mr * e_ra + md * e_dec, with e_ra = (-sin ra, cos ra, 0), e_dec = (-sin dec cos ra, -sin dec sin ra, cos
        // dec)
        double x = cd * ca - mr * sa - md * sd * ca;
        double y = cd * sa + mr * ca - md * sd * sa;
        double z = sd + md * cd;
        double outRa = Math.toDegrees(Math.atan2(y, x));
        if (outRa < 0) {
            outRa += 360.0;
        }
        if (outRa >= 360.0) {
            outRa -= 360.0;
        }
        double outDec = Math.toDegrees(Math.atan2(z, Math.hypot(x, y)));
        return new double[] {outRa, outDec};
    }
}
