package org.mastspark.emulator.sky;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the parameters of Portal service requests (cones, positions, limits, column lists) and refuses
 * missing or malformed ones with MAST-like messages, so every service validates them alike.
 */
final class PortalParameters {
    private PortalParameters() {}

    /** {@code [ra, dec, radius]} in degrees from the {@code ra}, {@code dec} and {@code radius} parameters. */
    static double[] cone(JsonNode p) {
        return new double[] {Sky.normRa(number(p, "ra")), dec(number(p, "dec")), radius(number(p, "radius"))};
    }

    /** {@code [ra, dec, radius]} in degrees from the {@code position} parameter ({@code "ra, dec, radius"}). */
    static double[] position(JsonNode p) {
        JsonNode pos = p.get("position");
        if (pos == null || pos.isNull()) {
            throw new MastQueryException("Missing required parameter 'position'");
        }
        String[] parts = pos.asText().split(",");
        if (parts.length != 3) {
            throw new MastQueryException(
                    "Invalid position '" + pos.asText() + "': expected 'ra, dec, radius' in degrees");
        }
        try {
            return new double[] {
                Sky.normRa(Double.parseDouble(parts[0].trim())),
                dec(Double.parseDouble(parts[1].trim())),
                radius(Double.parseDouble(parts[2].trim()))
            };
        } catch (NumberFormatException e) {
            throw new MastQueryException(
                    "Invalid position '" + pos.asText() + "': expected 'ra, dec, radius' in degrees");
        }
    }

    private static double number(JsonNode p, String key) {
        JsonNode v = p.get(key);
        if (v == null || v.isNull()) {
            throw new MastQueryException("Missing required parameter '" + key + "'");
        }
        return JsonNumbers.number(v, text -> "Invalid value '" + text + "' for parameter '" + key + "'");
    }

    private static double dec(double d) {
        if (!(d >= -90 && d <= 90)) {
            throw new MastQueryException("Invalid value '" + d + "' for parameter 'dec': must lie between -90 and 90");
        }
        return d;
    }

    private static double radius(double r) {
        if (!(r >= 0 && r <= 180)) {
            throw new MastQueryException(
                    "Invalid value '" + r + "' for parameter 'radius': must lie between 0 and 180");
        }
        return r;
    }

    /** A non-negative integer parameter, or {@code def} when absent. */
    static int limit(JsonNode p, String key, int def) {
        JsonNode v = p.get(key);
        if (v == null || v.isNull()) {
            return def;
        }
        int n = v.asInt(-1);
        if (n < 0) {
            throw new MastQueryException("Invalid value '" + v.asText() + "' for parameter '" + key + "'");
        }
        return n;
    }

    /** Column indexes of a {@code columns} list ({@code distance} after the CAOM columns), or null for all. */
    static int[] projection(String columns) {
        String c = columns == null ? "*" : columns.trim();
        if (c.isEmpty() || c.equals("*")) {
            return null;
        }
        String[] names = c.split(",");
        int[] out = new int[names.length];
        for (int k = 0; k < names.length; k++) {
            String n = names[k].trim();
            int col = n.equalsIgnoreCase("distance") ? Caom.FIELDS.size() : Caom.column(n);
            if (col < 0) {
                throw new MastQueryException("Invalid column name '" + n + "' in columns");
            }
            out[k] = col;
        }
        return out;
    }
}
