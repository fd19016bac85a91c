package org.mastspark.connector.sky;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mastspark.connector.text.Echo;

/**
 * Parses the angles and sky coordinates users type, in the forms astropy accepts for them: decimal
 * degrees ({@code "210.8024 54.3488"}, {@code "210.8024d, 54.3488d"}) and sexagesimal
 * ({@code "14h03m12.6s +54d20m56s"}, {@code "14:03:12.6 +54:20:56"}, where a sexagesimal right
 * ascension is in hours). Errors name the option, the value and the accepted forms.
 */
public final class SkyParse {
    private static final Pattern ANGLE =
            Pattern.compile("^\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*([a-zA-Z'\"]*)\\s*$");
    private static final Pattern HMS = Pattern.compile(
            "^([-+]?\\d+(?:\\.\\d*)?)\\s*[h:\\s]\\s*(\\d+(?:\\.\\d*)?)\\s*[m:\\s]\\s*(\\d+(?:\\.\\d*)?)\\s*s?$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DMS = Pattern.compile(
            "^([-+]?)(\\d+(?:\\.\\d*)?)\\s*[d:\\s°]\\s*(\\d+(?:\\.\\d*)?)\\s*[m:'\\s]\\s*(\\d+(?:\\.\\d*)?)\\s*(?:s|\")?$",
            Pattern.CASE_INSENSITIVE);

    private SkyParse() {}

    /**
     * An angle in degrees from text such as {@code "0.2deg"}, {@code "12 arcmin"}, {@code "30arcsec"};
     * a bare number is in degrees (as astroquery's Portal queries read it).
     */
    public static double angleDegrees(String option, String text) {
        Matcher m = text == null ? null : ANGLE.matcher(text);
        if (m == null || !m.matches()) {
            throw badAngle(option, text);
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        double deg = switch (unit) {
            case "", "d", "deg", "degree", "degrees" -> v;
            case "arcmin", "amin", "'", "m" -> v / 60.0;
            case "arcsec", "asec", "\"", "s" -> v / 3600.0;
            case "mas" -> v / 3_600_000.0;
            case "rad", "radian", "radians" -> Math.toDegrees(v);
            default -> throw badAngle(option, text);
        };
        if (!Double.isFinite(deg)) {
            throw badAngle(option, text);
        }
        return deg;
    }

    /** A radius: an angle greater than zero and at most 180 degrees. */
    public static double radiusDegrees(String option, String text) {
        double r = angleDegrees(option, text);
        if (r <= 0 || r > 180) {
            throw new IllegalArgumentException("Invalid value '" + Echo.of(text) + "' for option '" + option
                    + "': a radius must be greater than 0 and at most 180 degrees, e.g. '0.2deg' or '30arcsec'");
        }
        return r;
    }

    /** Right ascension and declination in degrees, {@code [ra, dec]}, ra normalised to [0, 360). */
    public static double[] coordinates(String option, String text) {
        if (text == null || text.isBlank()) {
            throw badCoordinates(option, text);
        }
        String t = text.trim();
        String[] parts = splitPair(t);
        if (parts == null) {
            throw badCoordinates(option, text);
        }
        double ra;
        double dec;
        try {
            ra = parseRa(parts[0]);
            dec = parseDec(parts[1]);
        } catch (OutOfRange e) {
            throw new IllegalArgumentException("Invalid value '" + text + "' for option '" + option + "': "
                    + e.getMessage() + "; expected sexagesimal hours 0 to 23 for right ascension, degrees -90 to"
                    + " +90 for declination, minutes and seconds below 60 ('14h03m12.6s +54d20m56s',"
                    + " '14:03:12.6 +54:20:56')");
        } catch (IllegalArgumentException e) {
            throw badCoordinates(option, text);
        }
        if (!(dec >= -90 && dec <= 90) || !Double.isFinite(ra)) {
            throw new IllegalArgumentException("Invalid value '" + Echo.of(text) + "' for option '" + option
                    + "': declination must lie between -90 and +90 degrees");
        }
        ra = ra % 360.0;
        if (ra < 0) {
            ra += 360.0;
        }
        return new double[] {ra, dec};
    }

    private static String[] splitPair(String t) {
        if (t.contains(",")) {
            String[] p = t.split(",");
            return p.length == 2 ? new String[] {p[0].trim(), p[1].trim()} : null;
        }
        // Sexagesimal with spaces ("14 03 12.6 +54 20 56") has six tokens; otherwise two.
        String[] tokens = t.split("\\s+");
        if (tokens.length == 2) {
            return tokens;
        }
        if (tokens.length == 6) {
            return new String[] {
                tokens[0] + " " + tokens[1] + " " + tokens[2], tokens[3] + " " + tokens[4] + " " + tokens[5]
            };
        }
        return null;
    }

    private static double parseRa(String s) {
        Matcher hms = HMS.matcher(s);
        boolean sexagesimal = s.contains(":") || s.toLowerCase(Locale.ROOT).contains("h") || s.contains(" ");
        if (sexagesimal && hms.matches()) {
            // Out-of-range fields are refused rather than wrapped: "25h" or "99s" is a typo, and a
            // wrapped value would silently search another part of the sky.
            String hours = hms.group(1);
            double h = Double.parseDouble(hours);
            if (hours.startsWith("-")) {
                throw new OutOfRange("the right ascension's hours (" + hours + ") must not be negative");
            }
            if (h >= 24) {
                throw new OutOfRange("the right ascension's hours (" + hours + ") must be below 24");
            }
            double m = minutesOrSeconds("right ascension's minutes", hms.group(2));
            double sec = minutesOrSeconds("right ascension's seconds", hms.group(3));
            return 15.0 * (h + m / 60.0 + sec / 3600.0);
        }
        return plainDegrees(s);
    }

    private static double parseDec(String s) {
        Matcher dms = DMS.matcher(s);
        boolean sexagesimal =
                s.contains(":") || s.contains(" ") || s.toLowerCase(Locale.ROOT).matches(".*\\d[d°]\\s*\\d.*");
        if (sexagesimal && dms.matches()) {
            double d = Double.parseDouble(dms.group(2));
            double m = minutesOrSeconds("declination's minutes", dms.group(3));
            double sec = minutesOrSeconds("declination's seconds", dms.group(4));
            if (d > 90 || (d == 90 && (m > 0 || sec > 0))) {
                throw new OutOfRange("the declination (" + s + ") lies beyond the pole: degrees must be at most 90,"
                        + " and 90 only with zero minutes and seconds");
            }
            double v = d + m / 60.0 + sec / 3600.0;
            return "-".equals(dms.group(1)) ? -v : v;
        }
        return plainDegrees(s);
    }

    private static double minutesOrSeconds(String what, String text) {
        double v = Double.parseDouble(text);
        if (v >= 60) {
            throw new OutOfRange("the " + what + " (" + text + ") must be below 60");
        }
        return v;
    }

    /** A sexagesimal field outside its range; its message says which field and why. */
    private static final class OutOfRange extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OutOfRange(String message) {
            super(message, null, false, false);
        }
    }

    private static double plainDegrees(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        if (v.endsWith("deg")) {
            v = v.substring(0, v.length() - 3);
        } else if (v.endsWith("d") || v.endsWith("°")) {
            v = v.substring(0, v.length() - 1);
        }
        return Double.parseDouble(v.trim());
    }

    private static IllegalArgumentException badAngle(String option, String text) {
        return new IllegalArgumentException("Invalid value '" + Echo.of(text) + "' for option '" + option
                + "': expected an angle such as '0.2deg', '12arcmin' or '30arcsec'");
    }

    private static IllegalArgumentException badCoordinates(String option, String text) {
        return new IllegalArgumentException("Invalid value '" + Echo.of(text) + "' for option '" + option
                + "': expected 'ra dec' in degrees ('210.8024 54.3488') or sexagesimal"
                + " ('14h03m12.6s +54d20m56s', '14:03:12.6 +54:20:56')");
    }
}
