package org.mastspark.connector.sky.zone;

/** Small spherical helpers (degrees in, degrees out). */
public final class ZoneMath {
    private ZoneMath() {}

    /** Great-circle distance in degrees (Vincenty's form: stable at tiny and antipodal separations). */
    public static double separationDeg(double ra1, double dec1, double ra2, double dec2) {
        double l1 = Math.toRadians(ra1);
        double p1 = Math.toRadians(dec1);
        double l2 = Math.toRadians(ra2);
        double p2 = Math.toRadians(dec2);
        double dl = l2 - l1;
        double sdl = Math.sin(dl);
        double cdl = Math.cos(dl);
        double sp1 = Math.sin(p1);
        double cp1 = Math.cos(p1);
        double sp2 = Math.sin(p2);
        double cp2 = Math.cos(p2);
        double num1 = cp2 * sdl;
        double num2 = cp1 * sp2 - sp1 * cp2 * cdl;
        double den = sp1 * sp2 + cp1 * cp2 * cdl;
        return Math.toDegrees(Math.atan2(Math.hypot(num1, num2), den));
    }

    /** Right ascension normalised to [0, 360). */
    public static double normRa(double ra) {
        double r = ra % 360.0;
        if (r < 0) {
            r += 360.0;
        }
        return r >= 360.0 ? 0.0 : r;
    }
}
