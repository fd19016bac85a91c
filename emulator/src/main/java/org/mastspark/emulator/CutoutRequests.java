package org.mastspark.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.mastspark.emulator.sky.MastQueryException;

/**
 * What the Zcut and Hapcut handlers share: parameters from the query string and a form or JSON body, angles with
 * unit suffixes, Python's float {@code repr}, the JSON answers (400 and "no data"), and MAST's stored zips with
 * fixed entry times (the same request gives the same bytes).
 */
final class CutoutRequests {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The entry time of every member (the recorded Zcut zips' date): a zip's bytes depend on its request only. */
    static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2020, 12, 1, 10, 35, 28);
    /** The most pixels a cutout may have along either axis (MAST's documented ~10,000 pixel limit). */
    static final int MAX_PIXELS_PER_SIDE = 10_000;

    private static final java.util.regex.Pattern UNSIGNED_NUMBER =
            java.util.regex.Pattern.compile("^(\\d+\\.?\\d*|\\.\\d+)(e[-+]?\\d+)?$");

    private CutoutRequests() {}

    /** A request's parameters could not be used: answered with HTTP 400 and {@code {"msg": message}}. */
    static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message);
        }
    }

    /** {@link Exchange#parameters()}, a body that is not a JSON object answered as a bad request. */
    static Map<String, List<String>> params(Exchange ex) throws IOException, BadRequest {
        try {
            return ex.parameters();
        } catch (MastQueryException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    /** The first value of a parameter, trimmed, or null. */
    static String first(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? null : v.get(0).trim();
    }

    /** A required finite number. */
    static double number(Map<String, List<String>> params, String name) throws BadRequest {
        String v = first(params, name);
        if (v == null || v.isEmpty()) {
            throw new BadRequest("Missing required parameter '" + name + "'");
        }
        try {
            double d = Double.parseDouble(v);
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequest("Invalid value '" + v + "' for parameter '" + name + "': expected a number");
    }

    /** {@code ra} and {@code dec} in degrees, dec within [-90, 90]. */
    static double[] position(Map<String, List<String>> params) throws BadRequest {
        double ra = number(params, "ra");
        double dec = number(params, "dec");
        if (dec < -90 || dec > 90) {
            throw new BadRequest("Invalid value '" + first(params, "dec")
                    + "' for parameter 'dec': expected degrees between -90 and 90");
        }
        return new double[] {((ra % 360) + 360) % 360, dec};
    }

    /**
     * An angle in degrees from a number with an optional unit suffix: {@code d} degrees (the default), {@code m}
     * arcminutes, {@code s} arcseconds ({@code 0.2d}, {@code 3m}, {@code 30s}, {@code 0.0}).
     */
    static double angle(String name, String value) throws BadRequest {
        String v = value.trim().toLowerCase(Locale.ROOT);
        double factor = 1;
        if (v.endsWith("d")) {
            v = v.substring(0, v.length() - 1);
        } else if (v.endsWith("m")) {
            factor = 1 / 60.0;
            v = v.substring(0, v.length() - 1);
        } else if (v.endsWith("s")) {
            factor = 1 / 3600.0;
            v = v.substring(0, v.length() - 1);
        }
        if (UNSIGNED_NUMBER.matcher(v).matches()) {
            return Double.parseDouble(v) * factor;
        }
        throw new BadRequest("Invalid value '" + value + "' for parameter '" + name
                + "': expected an angle >= 0 in degrees (d, the default), arcminutes (m) or arcseconds (s),"
                + " such as '0.2d', '3m' or '30s'");
    }

    /** Python's {@code repr(float(v))}: {@code 100.0}, {@code 0.001}, {@code 1e-05}, {@code 1e+16}. */
    static String pyFloat(double v) {
        if (v == 0) {
            return (1 / v < 0) ? "-0.0" : "0.0";
        }
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        double a = Math.abs(v);
        if (a >= 1e-4 && a < 1e16) {
            String s = d.toPlainString();
            return s.contains(".") ? s : s + ".0";
        }
        String digits = d.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - d.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (v < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
    }

    /** Python's {@code '%f' % v}: six decimals, correctly rounded from the exact binary value, ties to even. */
    static String pyFixed(double v) {
        return new BigDecimal(v).setScale(6, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    static void badRequest(Exchange ex, String message) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("msg", message);
        ex.sendJson(400, o.toString());
    }

    /** A stored (uncompressed) zip of named members, entry times fixed: the same members give the same bytes. */
    static byte[] storedZip(Map<String, byte[]> members) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> m : members.entrySet()) {
                ZipEntry e = new ZipEntry(m.getKey());
                e.setMethod(ZipEntry.STORED);
                e.setSize(m.getValue().length);
                e.setCompressedSize(m.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(m.getValue());
                e.setCrc(crc.getValue());
                // A local date-time: the DOS time fields alone, independent of the JVM's time zone.
                e.setTimeLocal(ENTRY_TIME);
                zip.putNextEntry(e);
                zip.write(m.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
