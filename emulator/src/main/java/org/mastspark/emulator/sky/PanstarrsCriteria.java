package org.mastspark.emulator.sky;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parsed parameters of one Pan-STARRS catalogs query: the table, the cone (or null for a box given by
 * filters), the column filters, the answered columns (as asked, spelling kept; index -1 for
 * {@code distance}), the sort order (the table's id always last) and the page. Bad input is refused here,
 * before any row is read, with the message the service answers with HTTP 400.
 */
record PanstarrsCriteria(
        String release,
        Panstarrs.Table table,
        double[] cone,
        List<PanstarrsFilter> filters,
        List<String> names,
        List<Integer> cols,
        List<String> sortCols,
        List<Boolean> sortDesc,
        int page,
        int pagesize) {

    static PanstarrsCriteria parse(String release, String tableName, Map<String, List<String>> params) {
        Panstarrs.Table t = table(release, tableName);
        double[] cone = cone(params);
        List<PanstarrsFilter> filters = PanstarrsFilter.parseAll(t, release, params);
        List<String> names = new ArrayList<>();
        List<Integer> cols = new ArrayList<>();
        columns(t, release, cone, PanstarrsQuery.list(params.get("columns")), names, cols);
        List<String> sortCols = new ArrayList<>();
        List<Boolean> sortDesc = new ArrayList<>();
        sortOrder(t, release, cone, PanstarrsQuery.list(params.get("sort_by")), sortCols, sortDesc);
        int page = intParam(params, "page", 1);
        int pagesize = intParam(params, "pagesize", PanstarrsQuery.DEFAULT_PAGESIZE);
        if (page < 1 || pagesize < 1) {
            throw new MastQueryException("page and pagesize must be positive integers");
        }
        return new PanstarrsCriteria(release, t, cone, filters, names, cols, sortCols, sortDesc, page, pagesize);
    }

    /**
     * The key of the query's matched, sorted rows: every parameter but those that only choose the page,
     * the answered columns or the format, so that all pages of one query share one evaluation.
     */
    static String selectionKey(String release, Panstarrs.Table t, Map<String, List<String>> params) {
        Map<String, List<String>> withoutPage = new TreeMap<>();
        params.forEach((k, v) -> {
            if (!k.equalsIgnoreCase("page")
                    && !k.equalsIgnoreCase("pagesize")
                    && !k.equalsIgnoreCase("columns")
                    && !k.equalsIgnoreCase("format")) {
                withoutPage.put(k, v);
            }
        });
        return release + "|" + t.name() + "|" + withoutPage;
    }

    private static Panstarrs.Table table(String release, String tableName) {
        Panstarrs.Table t = Panstarrs.TABLES.get(tableName);
        if (t == null || !(release.equals("dr1") || release.equals("dr2"))) {
            throw new MastQueryException("Unknown catalog panstarrs/" + release + "/" + tableName
                    + ": releases are dr1 and dr2, tables mean, stack, forced_mean and detection");
        }
        if (t.detections() && release.equals("dr1")) {
            throw new MastQueryException("The detection table is only available in dr2");
        }
        return t;
    }

    /** The columns to answer: as asked (spelling kept), or every column of the table. */
    private static void columns(
            Panstarrs.Table t,
            String release,
            double[] cone,
            List<String> asked,
            List<String> names,
            List<Integer> cols) {
        for (String c : asked) {
            if (c.equalsIgnoreCase("distance")) {
                if (cone == null) {
                    throw new MastQueryException("Column 'distance' needs a cone (ra, dec, radius)");
                }
                names.add(c);
                cols.add(-1);
                continue;
            }
            int k = t.column(c);
            if (k < 0) {
                throw new MastQueryException(
                        "Column '" + c + "' does not exist in panstarrs " + release + " " + t.name());
            }
            names.add(c);
            cols.add(k);
        }
        if (cols.isEmpty()) {
            for (int k = 0; k < t.columns().size(); k++) {
                names.add(t.columns().get(k).name());
                cols.add(k);
            }
        }
    }

    /** The sort keys as asked ({@code col}, {@code col.asc}, {@code col.desc}), then the table's id. */
    private static void sortOrder(
            Panstarrs.Table t,
            String release,
            double[] cone,
            List<String> asked,
            List<String> sortCols,
            List<Boolean> sortDesc) {
        for (String s : asked) {
            String c = s;
            boolean desc = false;
            String lower = s.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".asc") || lower.endsWith(".desc")) {
                desc = lower.endsWith(".desc");
                c = s.substring(0, s.lastIndexOf('.'));
            }
            if (!c.equalsIgnoreCase("distance") && t.column(c) < 0) {
                throw new MastQueryException(
                        "Cannot sort by '" + c + "': no such column in panstarrs " + release + " " + t.name());
            }
            if (c.equalsIgnoreCase("distance") && cone == null) {
                throw new MastQueryException("Cannot sort by 'distance' without a cone (ra, dec, radius)");
            }
            sortCols.add(c);
            sortDesc.add(desc);
        }
        sortCols.add(t.orderColumn());
        sortDesc.add(false);
    }

    /** {@code [ra, dec, radius]} of the query's cone, or null when it gives none of the three. */
    private static double[] cone(Map<String, List<String>> params) {
        String ra = PanstarrsQuery.first(params, "ra");
        String dec = PanstarrsQuery.first(params, "dec");
        String radius = PanstarrsQuery.first(params, "radius");
        if (ra == null && dec == null && radius == null) {
            return null;
        }
        if (ra == null || dec == null || radius == null) {
            throw new MastQueryException("A cone needs all of ra, dec and radius (degrees)");
        }
        double a;
        double d;
        double r;
        try {
            a = Double.parseDouble(ra.trim());
            d = Double.parseDouble(dec.trim());
            r = Double.parseDouble(radius.trim());
        } catch (NumberFormatException e) {
            throw new MastQueryException(
                    "ra, dec and radius must be numbers in degrees: ra=" + ra + ", dec=" + dec + ", radius=" + radius);
        }
        if (!(d >= -90 && d <= 90)) {
            throw new MastQueryException("Invalid dec " + d + ": must lie between -90 and 90");
        }
        if (!(r >= 0)) {
            throw new MastQueryException("Invalid radius " + r + ": must be zero or positive");
        }
        if (r > PanstarrsQuery.MAX_RADIUS) {
            throw new MastQueryException(
                    "Radius " + r + " exceeds the maximum search radius of " + PanstarrsQuery.MAX_RADIUS + " degrees");
        }
        return new double[] {Sky.normRa(a), d, r};
    }

    private static int intParam(Map<String, List<String>> params, String key, int def) {
        String v = PanstarrsQuery.first(params, key);
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            return (int) Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new MastQueryException("Invalid " + key + " '" + v + "': expected an integer");
        }
    }
}
