package org.mastspark.emulator.sky;

/** Spherical geometry for the emulator (degrees). */
final class Sky {
    private Sky() {}

    /** Great-circle distance in degrees; the haversine form keeps small separations exact. */
    static double separation(double ra1, double dec1, double ra2, double dec2) {
        double p1 = Math.toRadians(dec1);
        double p2 = Math.toRadians(dec2);
        double sdp = Math.sin((p2 - p1) / 2);
        double sdl = Math.sin(Math.toRadians(ra2 - ra1) / 2);
        double a = sdp * sdp + Math.cos(p1) * Math.cos(p2) * sdl * sdl;
        return Math.toDegrees(2 * Math.asin(Math.min(1, Math.sqrt(a))));
    }

    static double normRa(double ra) {
        double r = ra % 360.0;
        return r < 0 ? r + 360.0 : r;
    }

    /** A point at distance {@code r} degrees from (ra0, dec0) in direction {@code bearing} radians. */
    static double[] offset(double ra0, double dec0, double r, double bearing) {
        double d = Math.toRadians(r);
        double p0 = Math.toRadians(dec0);
        double sinP = Math.sin(p0) * Math.cos(d) + Math.cos(p0) * Math.sin(d) * Math.cos(bearing);
        double p = Math.asin(Math.max(-1, Math.min(1, sinP)));
        double l = Math.atan2(Math.sin(bearing) * Math.sin(d) * Math.cos(p0), Math.cos(d) - Math.sin(p0) * sinP);
        return new double[] {normRa(ra0 + Math.toDegrees(l)), Math.toDegrees(p)};
    }
}
