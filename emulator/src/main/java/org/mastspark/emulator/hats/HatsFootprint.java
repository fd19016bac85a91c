package org.mastspark.emulator.hats;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.mastspark.emulator.sky.SyntheticSky;

/**
 * The part of the synthetic sky a HATS catalog covers: the sky is virtual and whole-sky catalogs would hold
 * hundreds of millions of rows, so the emulator writes every synthetic source inside a footprint and none
 * outside. Either a cone or a set of HEALPix pixels of one order. Immutable.
 */
public final class HatsFootprint {
    private final double[] cone;
    private final int order;
    private final long[] pixels;

    private HatsFootprint(double[] cone, int order, long[] pixels) {
        this.cone = cone;
        this.order = order;
        this.pixels = pixels;
    }

    /**
     * Every source within {@code radiusDegrees} of (ra, dec) in degrees.
     *
     * @throws IllegalArgumentException for a position off the sky or a radius not in (0, 90]
     */
    public static HatsFootprint cone(double ra, double dec, double radiusDegrees) {
        if (!(ra >= 0 && ra < 360) || !(dec >= -90 && dec <= 90)) {
            throw new IllegalArgumentException("Invalid HATS footprint centre (" + ra + ", " + dec
                    + "): expected ra in [0, 360) and dec in [-90, 90] degrees");
        }
        if (!(radiusDegrees > 0 && radiusDegrees <= 90)) {
            throw new IllegalArgumentException("Invalid HATS footprint radius " + radiusDegrees
                    + ": expected degrees above 0 and at most 90, such as 0.5");
        }
        return new HatsFootprint(new double[] {ra, dec, radiusDegrees}, -1, null);
    }

    /**
     * Every source inside these nested HEALPix pixels of {@code order}.
     *
     * @throws IllegalArgumentException for an order not in [0, 12], no pixels, or a pixel outside the order
     */
    public static HatsFootprint pixels(int order, long... pixels) {
        if (order < 0 || order > 12) {
            throw new IllegalArgumentException(
                    "Invalid HATS footprint order " + order + ": expected 0 to 12 (order 12 pixels are 0.86 arcmin)");
        }
        if (pixels.length == 0) {
            throw new IllegalArgumentException("A HATS footprint of pixels needs at least one pixel");
        }
        long npix = 12L << (2 * order);
        TreeSet<Long> set = new TreeSet<>();
        for (long p : pixels) {
            if (p < 0 || p >= npix) {
                throw new IllegalArgumentException(
                        "Invalid HATS footprint pixel " + p + " at order " + order + ": expected 0 to " + (npix - 1));
            }
            set.add(p);
        }
        return new HatsFootprint(
                null, order, set.stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * Parses {@code cone:RA,DEC,RADIUS} (degrees) or {@code pixels:ORDER:P1,P2,...}, as the standalone emulator's
     * flags take it.
     *
     * @throws IllegalArgumentException naming the text and the expected forms
     */
    public static HatsFootprint parse(String text) {
        String expected = "expected cone:RA,DEC,RADIUS (degrees, e.g. cone:150,2.2,1) or pixels:ORDER:P1,P2"
                + " (nested HEALPix, e.g. pixels:5:4400,4401)";
        try {
            String t = text.trim().toLowerCase(Locale.ROOT);
            if (t.startsWith("cone:")) {
                String[] p = t.substring(5).split(",");
                if (p.length == 3) {
                    return cone(Double.parseDouble(p[0]), Double.parseDouble(p[1]), Double.parseDouble(p[2]));
                }
            } else if (t.startsWith("pixels:")) {
                String[] p = t.substring(7).split(":");
                if (p.length == 2) {
                    long[] px = Arrays.stream(p[1].split(","))
                            .map(String::trim)
                            .mapToLong(Long::parseLong)
                            .toArray();
                    return pixels(Integer.parseInt(p[0].trim()), px);
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("Invalid HATS footprint '" + text + "': " + expected);
    }

    /** Whether a source at (ra, dec), whose {@code _healpix_29} index is {@code healpix29}, is inside. */
    boolean contains(double ra, double dec, long healpix29) {
        if (cone != null) {
            return SyntheticSky.separation(cone[0], cone[1], ra, dec) <= cone[2];
        }
        return Arrays.binarySearch(pixels, healpix29 >>> (2 * (29 - order))) >= 0;
    }

    /**
     * The synthetic catalog cells that may hold a source inside, a source being at most {@code slack} degrees
     * outside its cell.
     */
    List<Integer> cells(double slack) {
        TreeSet<Integer> out = new TreeSet<>();
        if (cone != null) {
            out.addAll(SyntheticSky.catalogCellsNear(cone[0], cone[1], cone[2] + slack));
        } else {
            for (long p : pixels) {
                double[] c = Healpix.centre(order, p);
                out.addAll(SyntheticSky.catalogCellsNear(c[0], c[1], Healpix.radius(order, p) + slack));
            }
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        if (cone != null) {
            return String.format(Locale.ROOT, "cone:%s,%s,%s", cone[0], cone[1], cone[2]);
        }
        StringBuilder sb = new StringBuilder("pixels:").append(order).append(':');
        for (int i = 0; i < pixels.length; i++) {
            sb.append(i == 0 ? "" : ",").append(pixels[i]);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HatsFootprint f
                && Arrays.equals(cone, f.cone)
                && order == f.order
                && Arrays.equals(pixels, f.pixels);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(cone) * 31 + Arrays.hashCode(pixels) + order;
    }
}
