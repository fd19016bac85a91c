package org.mastspark.emulator.hats;

/**
 * The emulator's own nested HEALPix (Górski et al. 2005), independent of the connector's: the two
 * implementations check each other through the catalogs the emulator writes and the connector reads.
 *
 * <p>A pixel of order {@code k} is {@code face * 4^k + interleave(x, y)}: {@code face} one of the 12 base
 * pixels, {@code (x, y)} its cell in the face's {@code 2^k x 2^k} grid, the bits of x at even and those of y at
 * odd positions. Positions use the projection plane of the HEALPix projection in units of {@code pi/2}:
 * {@code a} (longitude-like, [0, 4)) and {@code b} (latitude-like, [-1, 1]); a face's grid coordinates are linear
 * in (a, b): {@code x / nside = a + b + 1/2 - Fm} and {@code y / nside = 1/2 + Fp - (a - b)} with per-face
 * integers Fm and Fp (north faces Fp = f, Fm = f + 1; equatorial Fp = Fm = f - 4; south Fm = f - 8,
 * Fp = f - 7).
 */
final class Healpix {
    /** The highest order (the {@code _healpix_29} index). */
    static final int MAX_ORDER = 29;

    private Healpix() {}

    /** The nested index at {@code order} of (ra, dec) in degrees. */
    static long nest(int order, double ra, double dec) {
        long nside = 1L << order;
        double z = Math.sin(Math.toRadians(dec));
        double za = Math.abs(z);
        double tt = ra / 90.0 % 4.0;
        if (tt < 0) {
            tt += 4.0;
        }
        if (tt >= 4.0) {
            tt = 0;
        }
        int face;
        long x;
        long y;
        if (za <= 2.0 / 3.0) {
            double t1 = nside * (0.5 + tt);
            double t2 = nside * (z * 0.75);
            long jp = (long) (t1 - t2);
            long jm = (long) (t1 + t2);
            long ifp = jp >> order;
            long ifm = jm >> order;
            face = (int) (ifp == ifm ? (ifp | 4) : ifp < ifm ? ifp : ifm + 8);
            x = jm & (nside - 1);
            y = nside - (jp & (nside - 1)) - 1;
        } else {
            int ntt = Math.min(3, (int) tt);
            double tp = tt - ntt;
            // sqrt(3 (1 - |z|)) written with cos(dec), which keeps its precision near the poles
            double sigma = Math.cos(Math.toRadians(dec)) * Math.sqrt(3.0 / (1.0 + za));
            double tmp = nside * sigma;
            long jp = Math.min(nside - 1, (long) (tp * tmp));
            long jm = Math.min(nside - 1, (long) ((1.0 - tp) * tmp));
            if (z >= 0) {
                face = ntt;
                x = nside - jm - 1;
                y = nside - jp - 1;
            } else {
                face = ntt + 8;
                x = jp;
                y = jm;
            }
        }
        return ((long) face << (2 * order)) + interleave(x, y);
    }

    /** {@code [face, x, y]} of a nested pixel. */
    static long[] xyf(int order, long pixel) {
        long face = pixel >> (2 * order);
        long local = pixel & ((1L << (2 * order)) - 1);
        return new long[] {face, deinterleave(local), deinterleave(local >>> 1)};
    }

    static long pixel(int order, long face, long x, long y) {
        return (face << (2 * order)) + interleave(x, y);
    }

    private static long interleave(long x, long y) {
        return spread(x) | (spread(y) << 1);
    }

    private static long spread(long v) {
        v &= 0xFFFFFFFFL;
        v = (v | (v << 16)) & 0x0000FFFF0000FFFFL;
        v = (v | (v << 8)) & 0x00FF00FF00FF00FFL;
        v = (v | (v << 4)) & 0x0F0F0F0F0F0F0F0FL;
        v = (v | (v << 2)) & 0x3333333333333333L;
        v = (v | (v << 1)) & 0x5555555555555555L;
        return v;
    }

    private static long deinterleave(long v) {
        v &= 0x5555555555555555L;
        v = (v | (v >>> 1)) & 0x3333333333333333L;
        v = (v | (v >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        v = (v | (v >>> 4)) & 0x00FF00FF00FF00FFL;
        v = (v | (v >>> 8)) & 0x0000FFFF0000FFFFL;
        v = (v | (v >>> 16)) & 0x00000000FFFFFFFFL;
        return v;
    }

    /**
     * (ra, dec) in degrees of the point with continuous grid coordinates (u, v) in {@code [0, nside]} of a face:
     * (x + 0.5, y + 0.5) is a pixel's centre, (x, y) one of its corners.
     */
    static double[] toSky(int order, int face, double u, double v) {
        double nside = 1L << order;
        int row = face >> 2;
        int col = face & 3;
        int fm = row == 0 ? col + 1 : col;
        int fp = row == 2 ? col + 1 : col;
        double s = fm + u / nside - 0.5; // a + b
        double d = fp + 0.5 - v / nside; // a - b
        double a = (s + d) / 2;
        double b = (s - d) / 2;
        double z;
        double phi;
        if (Math.abs(b) <= 0.5) {
            z = 4.0 * b / 3.0;
            phi = a;
        } else {
            double sigma = 2 - 2 * Math.abs(b);
            double centre = Math.floor(a) + 0.5;
            phi = sigma <= 0 ? centre : centre + (a - centre) / sigma;
            double oneMinus = sigma * sigma / 3;
            z = Math.copySign(1 - oneMinus, b);
        }
        double ra = phi * 90.0 % 360.0;
        if (ra < 0) {
            ra += 360.0;
        }
        return new double[] {ra, Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, z))))};
    }

    /** (ra, dec) of a pixel's centre. */
    static double[] centre(int order, long pixel) {
        long[] f = xyf(order, pixel);
        return toSky(order, (int) f[0], f[1] + 0.5, f[2] + 0.5);
    }

    /** The four corners of a pixel, (ra, dec) each. */
    static double[][] corners(int order, long pixel) {
        long[] f = xyf(order, pixel);
        int face = (int) f[0];
        return new double[][] {
            toSky(order, face, f[1], f[2]),
            toSky(order, face, f[1] + 1, f[2]),
            toSky(order, face, f[1] + 1, f[2] + 1),
            toSky(order, face, f[1], f[2] + 1)
        };
    }

    /**
     * The pixels of the same order sharing an edge or a corner with {@code pixel} (8, or 7 at the 8 vertices where
     * only three base pixels meet), sorted. Inside a face they are the grid's neighbours; across a face's edge they
     * are found on the sky: every neighbour touches a corner of the pixel, so the pixels holding points a hair away
     * from each corner, all around it, are the neighbours.
     */
    static long[] neighbours(int order, long pixel) {
        long nside = 1L << order;
        long[] f = xyf(order, pixel);
        long x = f[1];
        long y = f[2];
        java.util.TreeSet<Long> out = new java.util.TreeSet<>();
        if (x > 0 && y > 0 && x < nside - 1 && y < nside - 1) {
            for (int dx = -1; dx <= 1; dx++) {
                for (int dy = -1; dy <= 1; dy++) {
                    if (dx != 0 || dy != 0) {
                        out.add(pixel(order, f[0], x + dx, y + dy));
                    }
                }
            }
        } else {
            // a hair: a thousandth of the pixel's smallest size
            double eps = Math.toDegrees(Math.sqrt(Math.PI / 3) / nside) * 1e-3;
            for (double[] corner : corners(order, pixel)) {
                for (int k = 0; k < 72; k++) {
                    double[] p = offset(corner[0], corner[1], eps, k * Math.PI / 36);
                    out.add(nest(order, p[0], p[1]));
                }
            }
            out.remove(pixel);
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** A point at distance {@code r} degrees from (ra0, dec0) in direction {@code bearing} radians (east of north). */
    static double[] offset(double ra0, double dec0, double r, double bearing) {
        double d = Math.toRadians(r);
        double p0 = Math.toRadians(dec0);
        double sinP = Math.sin(p0) * Math.cos(d) + Math.cos(p0) * Math.sin(d) * Math.cos(bearing);
        double p = Math.asin(Math.max(-1, Math.min(1, sinP)));
        double l = Math.atan2(Math.sin(bearing) * Math.sin(d) * Math.cos(p0), Math.cos(d) - Math.sin(p0) * sinP);
        double ra = (ra0 + Math.toDegrees(l)) % 360.0;
        return new double[] {ra < 0 ? ra + 360.0 : ra, Math.toDegrees(p)};
    }

    /** Great-circle distance in degrees (haversine). */
    static double separation(double ra1, double dec1, double ra2, double dec2) {
        double p1 = Math.toRadians(dec1);
        double p2 = Math.toRadians(dec2);
        double sdp = Math.sin((p2 - p1) / 2);
        double sdl = Math.sin(Math.toRadians(ra2 - ra1) / 2);
        double h = sdp * sdp + Math.cos(p1) * Math.cos(p2) * sdl * sdl;
        return Math.toDegrees(2 * Math.asin(Math.min(1, Math.sqrt(h))));
    }

    /** An upper bound of the distance in degrees from a pixel's centre to any of its points. */
    static double radius(int order, long pixel) {
        double[] c = centre(order, pixel);
        double r = 0;
        for (double[] p : corners(order, pixel)) {
            r = Math.max(r, separation(c[0], c[1], p[0], p[1]));
        }
        // edges bulge a little beyond the corners' circle on the distorted polar pixels
        return r * 1.5 + 1e-9;
    }
}
