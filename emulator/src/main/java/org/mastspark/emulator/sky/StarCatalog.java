package org.mastspark.emulator.sky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A synthetic point-source catalog generated per sky cell: cell {@code c} holds a number of sources that
 * is a pure function of (seed, catalog, c), and source {@code j} of cell {@code c} is a pure function of
 * (seed, catalog, c, j). Nothing is stored, so the whole-sky catalogs hold hundreds of millions of
 * virtual rows; a query generates only the cells it touches and keeps (cell, j) pairs.
 */
final class StarCatalog {
    /** Kinds of synthetic catalog. */
    enum Kind {
        TIC,
        GAIA,
        HSC,
        GALEX
    }

    static final CellGrid GRID = new CellGrid(0.5);
    private static final long SLOT = 100_000L;

    private final long seed;
    private final double scale;
    private final Kind kind;
    private final List<Field> fields;
    private final String distanceColumn;
    private final StarCatalog anchor;

    /**
     * @param anchor for Gaia, the TIC whose every third star of a cell gets a Gaia counterpart within
     *     1 arcsec (the cross-match ground truth); null otherwise
     */
    StarCatalog(long seed, double scale, Kind kind, StarCatalog anchor) {
        this.seed = seed;
        this.anchor = anchor;
        this.scale = scale;
        this.kind = kind;
        this.fields = fieldsOf(kind);
        switch (kind) {
            case TIC -> distanceColumn = "dstArcSec";
            case GAIA -> distanceColumn = "distance";
            case HSC -> distanceColumn = "Distance";
            default -> distanceColumn = "distance_arcmin";
        }
    }

    List<Field> fields() {
        return fields;
    }

    String distanceColumn() {
        return distanceColumn;
    }

    /** Sources per square degree at scale 1. */
    private double density() {
        return switch (kind) {
            case TIC -> 4000;
            case GAIA -> 6000;
            case HSC -> 1200;
            case GALEX -> 800;
        };
    }

    int countIn(int cell) {
        double[] b = GRID.bounds(cell);
        double area = (b[1] - b[0]) * (Math.sin(Math.toRadians(b[3])) - Math.sin(Math.toRadians(b[2]))) * 180 / Math.PI;
        double mean = density() * scale * area;
        Rng r = new Rng(seed, 100 + kind.ordinal(), cell);
        // Vary density between cells by up to a factor of two either way.
        double n = mean * Math.exp((r.nextDouble() - 0.5) * 1.4);
        int own = (int) Math.min(SLOT - 1, Math.floor(n + r.nextDouble()));
        // Every third anchor (TIC) star has its counterpart here, so this catalog is never sparser than it.
        return anchor == null ? own : Math.max(own, anchor.countIn(cell));
    }

    /** Position of source j of a cell. */
    double[] position(int cell, int j) {
        if (anchor != null && j % 3 == 0 && j < anchor.countIn(cell)) {
            double[] tic = anchor.position(cell, j);
            {
                Rng r = new Rng(seed, 300, key(cell, j));
                return Sky.offset(tic[0], tic[1], r.range(0.1, 1.0) / 3600.0, r.range(0, 2 * Math.PI));
            }
        }
        double[] b = GRID.bounds(cell);
        Rng r = new Rng(seed, 200 + kind.ordinal(), key(cell, j));
        double z0 = Math.sin(Math.toRadians(b[2]));
        double z1 = Math.sin(Math.toRadians(b[3]));
        double dec = Math.toDegrees(Math.asin(z0 + (z1 - z0) * r.nextDouble()));
        return new double[] {b[0] + (b[1] - b[0]) * r.nextDouble(), dec};
    }

    /**
     * How far (degrees) a source may lie outside its cell: a Gaia counterpart sits up to 1 arcsec from its TIC star,
     * which may be at the cell's edge (1.5 arcsec: the HATS writer's slack too). Searches widen their cells by it.
     */
    static final double OUTSIDE_CELL = 1.5 / 3600;

    /** Most source positions {@link #positions} keeps (two doubles each: 64 MB). */
    private static final long MAX_CACHED_POSITIONS = 4_000_000;

    /**
     * Positions of recently searched cells, least recently used first: a tiled read asks many overlapping
     * cones, each of which would otherwise generate every source of the cells it touches again.
     */
    private final java.util.LinkedHashMap<Integer, double[]> cellPositions =
            new java.util.LinkedHashMap<>(16, 0.75f, true);

    private long cachedPositions;

    /**
     * The position of every source of a cell, {@code [ra0, dec0, ra1, dec1, ...]}: entry {@code j} equals {@link
     * #position(int, int) position(cell, j)}, generated once for the last cells asked. Callers must not change
     * the array.
     */
    double[] positions(int cell) {
        synchronized (cellPositions) {
            double[] known = cellPositions.get(cell);
            if (known != null) {
                return known;
            }
        }
        int count = countIn(cell);
        double[] out = new double[2 * count];
        for (int j = 0; j < count; j++) {
            double[] p = position(cell, j);
            out[2 * j] = p[0];
            out[2 * j + 1] = p[1];
        }
        synchronized (cellPositions) {
            if (cellPositions.put(cell, out) == null) {
                cachedPositions += count;
            }
            var it = cellPositions.entrySet().iterator();
            while (cachedPositions > MAX_CACHED_POSITIONS && it.hasNext()) {
                var eldest = it.next();
                if (eldest.getValue() == out) {
                    break;
                }
                cachedPositions -= eldest.getValue().length / 2;
                it.remove();
            }
        }
        return out;
    }

    static long key(int cell, int j) {
        return cell * SLOT + j;
    }

    long id(int cell, int j) {
        long k = key(cell, j) + 1;
        return switch (kind) {
            case TIC -> 20_000_000_000L + k;
            case GAIA -> 4_000_000_000_000_000_000L + k;
            case HSC -> 900_000_000L + k;
            case GALEX -> 6_000_000_000_000_000_000L + k;
        };
    }

    /** For TIC star (cell, j) with j % 3 == 0, the source_id of its Gaia counterpart (within 1 arcsec). */
    long gaiaCounterpartId(int cell, int j) {
        return 4_000_000_000_000_000_000L + key(cell, j) + 1;
    }

    /** All values of a source, in {@link #fields()} order (distance is filled by the caller). */
    Object[] row(int cell, int j) {
        double[] p = position(cell, j);
        Rng r = new Rng(seed, 400 + kind.ordinal(), key(cell, j));
        Object[] v = new Object[fields.size()];
        switch (kind) {
            case TIC -> {
                double tmag = ticMagnitude(r);
                set(v, "ID", Long.toString(id(cell, j)));
                set(v, "version", "20190415");
                set(v, "objType", r.nextDouble() < 0.95 ? "STAR" : "EXTENDED");
                set(v, "typeSrc", r.nextDouble() < 0.9 ? "tmgaia2" : "2mass");
                set(v, "ra", p[0]);
                set(v, "dec", p[1]);
                set(v, "POSflag", r.nextDouble() < 0.9 ? "gaia2" : "2mass");
                set(v, "pmRA", r.gaussian() * 10);
                set(v, "pmDEC", r.gaussian() * 10);
                set(v, "plx", Math.abs(r.gaussian()) * 2);
                set(v, "Bmag", tmag + 1.2 + r.nextDouble());
                set(v, "Vmag", tmag + 0.6 + r.nextDouble() * 0.5);
                set(v, "Jmag", tmag - 0.5 - r.nextDouble() * 0.5);
                set(v, "Hmag", tmag - 0.9 - r.nextDouble() * 0.5);
                set(v, "Kmag", tmag - 1.0 - r.nextDouble() * 0.5);
                set(v, "GAIAmag", tmag + 0.4);
                set(v, "Tmag", tmag);
                set(v, "e_Tmag", 0.006 + r.nextDouble() * 0.02);
                set(v, "Teff", 3000 + r.nextDouble() * 7000);
                set(v, "logg", 3.5 + r.nextDouble() * 1.5);
                set(v, "rad", 0.2 + r.nextDouble() * 3);
                set(v, "mass", 0.2 + r.nextDouble() * 2);
                set(v, "lumclass", r.nextDouble() < 0.8 ? "DWARF" : "GIANT");
                set(v, "d", 10 + r.nextDouble() * 2000);
                set(v, "GAIA", j % 3 == 0 ? Long.toString(gaiaCounterpartId(cell, j)) : null);
                set(v, "gallong", (p[0] + 97) % 360);
                set(v, "gallat", p[1] / 2);
                set(v, "numcont", r.nextInt(5));
                set(v, "priority", r.nextDouble() * 0.01);
            }
            case GAIA -> {
                set(v, "solution_id", "1635721458409799680");
                set(v, "source_id", Long.toString(id(cell, j)));
                set(v, "ra", p[0]);
                set(v, "dec", p[1]);
                set(v, "parallax", Math.abs(r.gaussian()) * 2);
                set(v, "parallax_error", 0.02 + r.nextDouble() * 0.3);
                set(v, "pmra", r.gaussian() * 10);
                set(v, "pmdec", r.gaussian() * 10);
                double g = 8 + 13 * Math.pow(r.nextDouble(), 0.4);
                set(v, "phot_g_mean_mag", g);
                set(v, "phot_bp_mean_mag", g + 0.3 + r.nextDouble() * 0.5);
                set(v, "phot_rp_mean_mag", g - 0.4 - r.nextDouble() * 0.5);
                set(v, "radial_velocity", r.nextDouble() < 0.2 ? r.gaussian() * 30 : null);
            }
            case HSC -> {
                set(v, "MatchID", id(cell, j));
                set(v, "MatchRA", p[0]);
                set(v, "MatchDec", p[1]);
                set(v, "DSigma", r.nextDouble() * 0.1);
                set(v, "AbsCorr", r.nextDouble() < 0.8 ? "Y" : "N");
                set(v, "NumFilters", 1 + r.nextInt(4));
                set(v, "NumVisits", 1 + r.nextInt(3));
                set(v, "NumImages", 1 + r.nextInt(20));
                double start = r.range(49000, 59000);
                set(v, "StartMJD", start);
                set(v, "StopMJD", start + r.nextDouble() * 100);
                set(v, "TargetName", String.format(Locale.ROOT, "FIELD-%03d%+03d", (int) p[0], (int) p[1]));
                set(v, "CI", 0.8 + r.nextDouble());
                set(v, "SpectrumFlag", "N");
                set(v, "A_F814W", 18 + r.nextDouble() * 8);
                set(v, "A_F814W_N", 1 + r.nextInt(4));
                set(v, "A_F606W", 18.5 + r.nextDouble() * 8);
                set(v, "A_F606W_N", 1 + r.nextInt(4));
            }
            case GALEX -> {
                set(v, "objid", Long.toString(id(cell, j)));
                set(v, "ra", p[0]);
                set(v, "dec", p[1]);
                set(v, "fuv_mag", r.nextDouble() < 0.3 ? null : 17 + r.nextDouble() * 7);
                set(v, "nuv_mag", 16 + r.nextDouble() * 7);
                set(v, "fuv_magerr", 0.05 + r.nextDouble() * 0.2);
                set(v, "nuv_magerr", 0.03 + r.nextDouble() * 0.15);
                set(v, "survey", r.pick(new String[] {"AIS", "MIS", "DIS"}));
            }
        }
        return v;
    }

    /** The TESS magnitude of TIC star j of a cell: the first draw of its row, without generating the rest. */
    double ticMagnitude(int cell, int j) {
        return ticMagnitude(new Rng(seed, 400 + kind.ordinal(), key(cell, j)));
    }

    private static double ticMagnitude(Rng r) {
        return Math.min(20, 6 + 14 * Math.pow(r.nextDouble(), 0.4));
    }

    private void set(Object[] v, String name, Object value) {
        for (int k = 0; k < fields.size(); k++) {
            if (fields.get(k).name().equals(name)) {
                v[k] = value;
                return;
            }
        }
        throw new IllegalStateException("no column " + name + " in " + kind);
    }

    int column(String name) {
        for (int k = 0; k < fields.size(); k++) {
            if (fields.get(k).name().equalsIgnoreCase(name)) {
                return k;
            }
        }
        return -1;
    }

    private static List<Field> fieldsOf(Kind kind) {
        return switch (kind) {
            case TIC -> recordedFields("tic.json");
            case HSC -> recordedFields("hsc.json");
            case GAIA ->
                List.of(
                        new Field("solution_id", "string"),
                        new Field("source_id", "string"),
                        new Field("ra", "float"),
                        new Field("dec", "float"),
                        new Field("parallax", "float"),
                        new Field("parallax_error", "float"),
                        new Field("pmra", "float"),
                        new Field("pmdec", "float"),
                        new Field("phot_g_mean_mag", "float"),
                        new Field("phot_bp_mean_mag", "float"),
                        new Field("phot_rp_mean_mag", "float"),
                        new Field("radial_velocity", "float"));
            case GALEX ->
                List.of(
                        new Field("objid", "string"),
                        new Field("ra", "float"),
                        new Field("dec", "float"),
                        new Field("fuv_mag", "float"),
                        new Field("nuv_mag", "float"),
                        new Field("fuv_magerr", "float"),
                        new Field("nuv_magerr", "float"),
                        new Field("survey", "string"));
        };
    }

    /** The columns of a real MAST catalog answer (recorded), so the synthetic one has MAST's schema. */
    private static List<Field> recordedFields(String file) {
        try (InputStream in = StarCatalog.class.getResourceAsStream("/org/mastspark/emulator/recorded/" + file)) {
            JsonNode fields = new ObjectMapper().readTree(in).path("fields");
            List<Field> out = new ArrayList<>();
            for (JsonNode f : fields) {
                String name = f.path("name").asText();
                if (!name.equals("_selected_") && !name.equals("dstArcSec") && !name.equals("Distance")) {
                    out.add(new Field(name, f.path("type").asText()));
                }
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException("recorded " + file + " missing from the emulator's resources", e);
        }
    }
}
