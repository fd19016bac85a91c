package org.mastspark.connector.client.cutout;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mastspark.connector.text.Echo;

/**
 * The size of a cutout: rows (y) by columns (x), in pixels or as an angle, parsed from what a user writes
 * ({@code "20"}, {@code "20x15"}, {@code "5arcmin"}, {@code "0.1deg"}, {@code "30x20 arcsec"}) and sent as
 * the cutout services expect it: {@code units=px} with pixel counts, or {@code units=d} with the angles
 * converted to degrees, as astroquery does ({@code 5arcmin} becomes {@code y=0.08333333333333333}).
 *
 * <p>One number is a square; two are {@code <y>x<x>} (rows first, astroquery's {@code (ny, nx)}). A unit
 * written once applies to both numbers; without a unit the size is in pixels. Pixels and angles cannot be
 * mixed (the services take one {@code units}); angles in different units can (both go as degrees).
 *
 * <p>Immutable and serializable; equal sizes have equal wire forms.
 */
public final class CutoutSize implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The option or field name used in error messages. */
    static final String FIELD = "size";

    /** MAST's limit of pixels per cutout (user reports and astrocut's own {@code max_pixels}). */
    public static final long MAX_PIXELS = 10_000;

    /** TESS full-frame image pixel scale, arcseconds per pixel. */
    public static final double TESS_ARCSEC_PER_PIXEL = 21.0;

    private static final String EXAMPLES = "expected a positive size such as '20', '20x15', '5arcmin' or '0.1deg'"
            + " (units px, arcsec, arcmin or deg)";
    private static final String NUMBER = "([+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)";
    private static final String UNIT = "([a-zA-Z\"'°]+)?";
    private static final Pattern ONE = Pattern.compile("\\s*" + NUMBER + "\\s*" + UNIT + "\\s*");
    private static final Pattern TWO =
            Pattern.compile("\\s*" + NUMBER + "\\s*" + UNIT + "\\s*[xX×*]\\s*" + NUMBER + "\\s*" + UNIT + "\\s*");

    /** A unit of a size. */
    public enum Unit {
        PX("px", 0),
        ARCSEC("arcsec", 1.0 / 3600.0),
        ARCMIN("arcmin", 1.0 / 60.0),
        DEG("deg", 1.0);

        private final String symbol;
        private final double degrees;

        Unit(String symbol, double degrees) {
            this.symbol = symbol;
            this.degrees = degrees;
        }

        /** How the unit is written ({@code px}, {@code arcsec}, {@code arcmin}, {@code deg}). */
        public String symbol() {
            return symbol;
        }

        /** Whether this is an angle (not pixels). */
        public boolean angular() {
            return this != PX;
        }

        static Unit parse(String text, String whole) {
            String u = text.toLowerCase(Locale.ROOT);
            return switch (u) {
                case "px", "pix", "pixel", "pixels" -> PX;
                case "arcsec", "arcsecs", "as", "\"", "s" -> ARCSEC;
                case "arcmin", "arcmins", "am", "'", "m" -> ARCMIN;
                case "deg", "degs", "degree", "degrees", "d", "°" -> DEG;
                default ->
                    throw new IllegalArgumentException("Invalid value '" + Echo.of(whole) + "' for '" + FIELD
                            + "': unknown unit '" + Echo.of(text) + "'; use px, arcsec, arcmin or deg");
            };
        }
    }

    private final double y;
    private final Unit yUnit;
    private final double x;
    private final Unit xUnit;
    private final String text;

    private CutoutSize(double y, Unit yUnit, double x, Unit xUnit, String text) {
        this.y = y;
        this.yUnit = yUnit;
        this.x = x;
        this.xUnit = xUnit;
        this.text = text;
    }

    /**
     * Parses a size as a user writes it.
     *
     * @throws IllegalArgumentException naming {@code size}, the value and what is expected: for an empty
     *     value, a size of zero or less, an unknown unit, or pixels mixed with an angle
     */
    public static CutoutSize parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    "Invalid value '" + (value == null ? "null" : value) + "' for '" + FIELD + "': " + EXAMPLES);
        }
        Matcher two = TWO.matcher(value);
        if (two.matches()) {
            double y = number(two.group(1), value);
            double x = number(two.group(3), value);
            String uy = two.group(2);
            String ux = two.group(4);
            Unit yUnit = uy == null ? null : Unit.parse(uy, value);
            Unit xUnit = ux == null ? null : Unit.parse(ux, value);
            if (yUnit == null) {
                yUnit = xUnit == null ? Unit.PX : xUnit;
            }
            if (xUnit == null) {
                xUnit = yUnit;
            }
            return of(y, yUnit, x, xUnit, value.strip());
        }
        Matcher one = ONE.matcher(value);
        if (one.matches()) {
            double n = number(one.group(1), value);
            Unit u = one.group(2) == null ? Unit.PX : Unit.parse(one.group(2), value);
            return of(n, u, n, u, value.strip());
        }
        throw new IllegalArgumentException("Invalid value '" + Echo.of(value) + "' for '" + FIELD + "': " + EXAMPLES);
    }

    /** A square size of {@code pixels} by {@code pixels}. */
    public static CutoutSize pixels(int pixels) {
        return of(pixels, Unit.PX, pixels, Unit.PX, Integer.toString(pixels));
    }

    /** A size of {@code y} rows by {@code x} columns in the given units (which must both be px, or both angles). */
    public static CutoutSize of(double y, Unit yUnit, double x, Unit xUnit) {
        return of(y, yUnit, x, xUnit, format(y) + yUnit.symbol + "x" + format(x) + xUnit.symbol);
    }

    private static CutoutSize of(double y, Unit yUnit, double x, Unit xUnit, String text) {
        if (!(y > 0) || !(x > 0) || Double.isInfinite(y) || Double.isInfinite(x)) {
            throw new IllegalArgumentException("Invalid value '" + Echo.of(text) + "' for '" + FIELD
                    + "': a cutout size must be greater than 0 on both axes; " + EXAMPLES);
        }
        if (yUnit.angular() != xUnit.angular()) {
            throw new IllegalArgumentException("Invalid value '" + Echo.of(text) + "' for '" + FIELD
                    + "': pixels cannot be mixed with an angle (the services take one unit for both axes);"
                    + " give both sizes in px, or both as angles");
        }
        return new CutoutSize(y, yUnit, x, xUnit, text);
    }

    private static double number(String s, String whole) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "Invalid value '" + Echo.of(whole) + "' for '" + FIELD + "': " + EXAMPLES, e);
        }
    }

    /** Rows, in {@link #yUnit()}. */
    public double y() {
        return y;
    }

    public Unit yUnit() {
        return yUnit;
    }

    /** Columns, in {@link #xUnit()}. */
    public double x() {
        return x;
    }

    public Unit xUnit() {
        return xUnit;
    }

    /** Whether the size is in pixels (else an angle). */
    public boolean inPixels() {
        return !yUnit.angular();
    }

    /** The {@code units} parameter sent: {@code px} or {@code d} (degrees). */
    public String wireUnits() {
        return inPixels() ? "px" : "d";
    }

    /** The {@code y} parameter sent: pixels, or degrees. */
    public String wireY() {
        return wire(y, yUnit);
    }

    /** The {@code x} parameter sent: pixels, or degrees. */
    public String wireX() {
        return wire(x, xUnit);
    }

    private static String wire(double v, Unit u) {
        return u.angular() ? format(v * u.degrees) : format(v);
    }

    /**
     * Pixels of a cutout of this size at a pixel scale, as the services count them: each axis rounded up
     * to whole pixels (a conservative count: astrocut rounds the edges, never to fewer).
     */
    public long pixelCount(double arcsecPerPixel) {
        return axisPixels(y, yUnit, arcsecPerPixel) * axisPixels(x, xUnit, arcsecPerPixel);
    }

    private static long axisPixels(double v, Unit u, double arcsecPerPixel) {
        double px = u.angular() ? v * u.degrees * 3600.0 / arcsecPerPixel : v;
        // 35arcmin at 21"/px is 100 px up to rounding error, not 101
        double rounded = Math.rint(px);
        return Math.max(1, Math.abs(px - rounded) < 1e-9 ? (long) rounded : (long) Math.ceil(px));
    }

    /**
     * Refuses a size above {@link #MAX_PIXELS} at the given pixel scale, before anything is sent.
     *
     * @param service the service named in the message, e.g. "TESScut"
     * @throws IllegalArgumentException naming {@code size}, the value, the pixel count, the limit and the fix
     */
    public CutoutSize requireWithinLimit(double arcsecPerPixel, String service) {
        long n = pixelCount(arcsecPerPixel);
        if (n > MAX_PIXELS) {
            String at = inPixels() ? "" : " at " + format(arcsecPerPixel) + " arcsec per pixel";
            throw new IllegalArgumentException("Invalid value '" + Echo.of(text) + "' for '" + FIELD + "': " + n
                    + " pixels" + at + " is above MAST's limit of " + MAX_PIXELS + " pixels per " + service
                    + " cutout; use a smaller size (at most " + MAX_PIXELS + " pixels, e.g. '100x100')");
        }
        return this;
    }

    /** A number as Python's {@code repr} would write it: integers without a fraction, else the shortest form. */
    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = Double.toString(v);
        if (s.contains("E")) {
            return BigDecimal.valueOf(v).toPlainString();
        }
        return s;
    }

    /** The size as the user wrote it. */
    @Override
    public String toString() {
        return text;
    }

    /** Equal when the wire forms are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof CutoutSize other
                && wireUnits().equals(other.wireUnits())
                && wireY().equals(other.wireY())
                && wireX().equals(other.wireX());
    }

    @Override
    public int hashCode() {
        return (wireUnits() + wireY() + "x" + wireX()).hashCode();
    }
}
