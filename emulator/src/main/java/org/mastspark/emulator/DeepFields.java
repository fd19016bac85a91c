package org.mastspark.emulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The emulator's deterministic model of Zcut's deep-field surveys: GOODS-N and GOODS-S, each with a CANDELS
 * 60mas and 30mas survey, a GOODS survey and a 3D-HST survey. Every survey has a rectangular footprint in the
 * gnomonic (TAN) plane of its field's centre and a few mosaics (one per band) on a north-up TAN pixel grid
 * around that centre; every mosaic pixel has a value, a pure function of the seed, the mosaic and the pixel.
 *
 * <p>The footprints put the recorded position of {@code zcut_survey.json}, (189.49206, 62.20615), in exactly
 * the recorded surveys {@code candels_gn_60mas}, {@code candels_gn_30mas}, {@code goods_north} (in that order);
 * {@code 3dhst_goods-n} covers the position astroquery's remote tests cut it at, (189.28066, 62.17415), where
 * {@code candels_gn_30mas} has no data (as in those tests).
 *
 * <p>Pixel values: a background and seeded Gaussian noise per pixel, plus galaxies: each 5-arcsec cell of a
 * field's TAN plane holds 0 to 2 round Gaussian galaxies with seeded position, magnitude,
 * width and colour; every band of the field sees the same galaxies. {@link #pixel} is the reference value
 * for a pixel; cutouts are made of exactly these values.
 */
final class DeepFields {
    /** Arcseconds per degree. */
    static final double ARCSEC = 3600.0;
    /** The side of a galaxy cell of a field's TAN plane, in degrees. */
    static final double CELL = 5.0 / ARCSEC;
    /** Galaxies are drawn out to this many sigmas (the widest, 0.6 arcsec, reaches 2.4 arcsec: inside one cell). */
    static final double TRUNCATION_SIGMAS = 4.0;

    /** A deep field: the centre of its TAN plane, shared by every mosaic of its surveys. */
    record Field(String name, double ra, double dec, long stream) {}

    /**
     * One mosaic (a band) of a survey: its file stem (the file is {@code <stem>.fits}), instrument, detector
     * and filter; its pixel grid is the survey's.
     */
    record Mosaic(
            String stem,
            String instrument,
            String detector,
            String filter,
            double background,
            double noise,
            double colour,
            int index) {}

    /**
     * A survey: its footprint {@code [xiMin, xiMax] x [etaMin, etaMax]} (degrees, xi towards east) in its field's
     * TAN plane, its pixel scale (arcsec) and its mosaics. The mosaics' grid has pixel 1 at the footprint's
     * east (xiMax) and south (etaMin) edges.
     */
    record Survey(
            String name,
            Field field,
            double xiMin,
            double xiMax,
            double etaMin,
            double etaMax,
            double scaleArcsec,
            List<Mosaic> mosaics) {
        /** Degrees per pixel. */
        double scale() {
            return scaleArcsec / ARCSEC;
        }

        /** Whole numbers, so that cutout CRPIX values are too (no rounding noise in headers). */
        double crpix1() {
            return 1 + Math.round(xiMax / scale());
        }

        double crpix2() {
            return 1 + Math.round(-etaMin / scale());
        }

        long naxis1() {
            return Math.round((xiMax - xiMin) / scale());
        }

        long naxis2() {
            return Math.round((etaMax - etaMin) / scale());
        }

        /** Whether the footprint contains a TAN-plane point, or comes within {@code radius} degrees of it. */
        boolean covers(double xi, double eta, double radius) {
            double dx = Math.max(0, Math.max(xiMin - xi, xi - xiMax));
            double dy = Math.max(0, Math.max(etaMin - eta, eta - etaMax));
            return dx * dx + dy * dy <= radius * radius;
        }
    }

    private static final Field GOODS_N = new Field("GOODS-N", 189.228621, 62.238572, 1);
    private static final Field GOODS_S = new Field("GOODS-S", 53.122751, -27.805089, 2);

    /**
     * Every survey, in the order the survey endpoint lists them, as a table: a survey's line (name, field,
     * footprint {@code xiMin xiMax etaMin etaMax} in degrees, pixel scale in arcsec), then one indented line per
     * mosaic (file stem, instrument, detector, filter, colour exponent).
     */
    private static final String TABLE = """
            candels_gn_60mas  GOODS-N  -0.16  0.16  -0.16  0.16  0.06
              hlsp_candels_hst_wfc3_gn-tot-60mas_f105w_v1.0_drz  WFC3  IR   F105W   0.8
              hlsp_candels_hst_wfc3_gn-tot-60mas_f125w_v1.0_drz  WFC3  IR   F125W   1.0
              hlsp_candels_hst_wfc3_gn-tot-60mas_f160w_v1.0_drz  WFC3  IR   F160W   1.2
            candels_gn_30mas  GOODS-N  -0.05  0.15  -0.05  0.12  0.03
              hlsp_candels_hst_acs_gn-tot-30mas_f606w_v1.0_drz   ACS   WFC  F606W   0.5
              hlsp_candels_hst_acs_gn-tot-30mas_f814w_v1.0_drz   ACS   WFC  F814W   0.7
              hlsp_candels_hst_acs_gn-tot-30mas_f850lp_v1.0_drz  ACS   WFC  F850LP  0.8
            goods_north       GOODS-N  -0.14  0.14  -0.17  0.17  0.03
              hlsp_goods_hst_acs_gn_f435w_v2.0_drz               ACS   WFC  F435W   0.3
              hlsp_goods_hst_acs_gn_f606w_v2.0_drz               ACS   WFC  F606W   0.5
              hlsp_goods_hst_acs_gn_f775w_v2.0_drz               ACS   WFC  F775W   0.65
              hlsp_goods_hst_acs_gn_f850lp_v2.0_drz              ACS   WFC  F850LP  0.8
            3dhst_goods-n     GOODS-N  -0.10  0.10  -0.14  0.14  0.06
              goodsn_3dhst.v4.0.f125w_orig_sci                   WFC3  IR   F125W   1.0
              goodsn_3dhst.v4.0.f140w_orig_sci                   WFC3  IR   F140W   1.1
              goodsn_3dhst.v4.0.f160w_orig_sci                   WFC3  IR   F160W   1.2
            candels_gs_60mas  GOODS-S  -0.15  0.15  -0.17  0.17  0.06
              hlsp_candels_hst_wfc3_gs-tot-60mas_f105w_v1.0_drz  WFC3  IR   F105W   0.8
              hlsp_candels_hst_wfc3_gs-tot-60mas_f125w_v1.0_drz  WFC3  IR   F125W   1.0
              hlsp_candels_hst_wfc3_gs-tot-60mas_f160w_v1.0_drz  WFC3  IR   F160W   1.2
            candels_gs_30mas  GOODS-S  -0.08  0.08  -0.10  0.10  0.03
              hlsp_candels_hst_acs_gs-tot-30mas_f606w_v1.0_drz   ACS   WFC  F606W   0.5
              hlsp_candels_hst_acs_gs-tot-30mas_f814w_v1.0_drz   ACS   WFC  F814W   0.7
              hlsp_candels_hst_acs_gs-tot-30mas_f850lp_v1.0_drz  ACS   WFC  F850LP  0.8
            goods_south       GOODS-S  -0.14  0.14  -0.17  0.17  0.03
              hlsp_goods_hst_acs_gs_f435w_v2.0_drz               ACS   WFC  F435W   0.3
              hlsp_goods_hst_acs_gs_f606w_v2.0_drz               ACS   WFC  F606W   0.5
              hlsp_goods_hst_acs_gs_f775w_v2.0_drz               ACS   WFC  F775W   0.65
              hlsp_goods_hst_acs_gs_f850lp_v2.0_drz              ACS   WFC  F850LP  0.8
            3dhst_goods-s     GOODS-S  -0.11  0.11  -0.14  0.14  0.06
              goodss_3dhst.v4.0.f125w_orig_sci                   WFC3  IR   F125W   1.0
              goodss_3dhst.v4.0.f140w_orig_sci                   WFC3  IR   F140W   1.1
              goodss_3dhst.v4.0.f160w_orig_sci                   WFC3  IR   F160W   1.2
            """;

    /** Every survey, in the order the survey endpoint lists them (the {@link #TABLE}). */
    static final List<Survey> SURVEYS = parse(TABLE, List.of(GOODS_N, GOODS_S));

    private final long seed;

    DeepFields(long seed) {
        this.seed = seed;
    }

    /**
     * The surveys of a {@link #TABLE}. Mosaic {@code i} of the {@code k}-th survey gets noise stream index
     * {@code 10 k + i}; IR mosaics sit on a brighter background with more noise than the optical ones, as in
     * the real mosaics.
     */
    private static List<Survey> parse(String table, List<Field> fields) {
        List<String> lines = table.lines().filter(l -> !l.isBlank()).toList();
        List<Survey> surveys = new ArrayList<>();
        for (int r = 0; r < lines.size(); ) {
            String[] s = lines.get(r++).strip().split("\\s+");
            List<Mosaic> mosaics = new ArrayList<>();
            while (r < lines.size() && lines.get(r).startsWith(" ")) {
                String[] m = lines.get(r++).strip().split("\\s+");
                boolean ir = m[2].equals("IR");
                mosaics.add(new Mosaic(
                        m[0],
                        m[1],
                        m[2],
                        m[3],
                        ir ? 0.02 : 0.01,
                        ir ? 0.004 : 0.003,
                        Double.parseDouble(m[4]),
                        10 * surveys.size() + mosaics.size()));
            }
            Field field = fields.stream()
                    .filter(f -> f.name().equals(s[1]))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("Unknown field '" + s[1] + "' in the survey table"));
            surveys.add(new Survey(
                    s[0],
                    field,
                    Double.parseDouble(s[2]),
                    Double.parseDouble(s[3]),
                    Double.parseDouble(s[4]),
                    Double.parseDouble(s[5]),
                    Double.parseDouble(s[6]),
                    List.copyOf(mosaics)));
        }
        return List.copyOf(surveys);
    }

    /** The survey of this name (exact, lower case), if any. */
    static Optional<Survey> survey(String name) {
        return SURVEYS.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The names of the surveys whose footprint comes within {@code radius} degrees of a position, in order. */
    static List<String> surveysNear(double ra, double dec, double radius) {
        List<String> out = new ArrayList<>();
        for (Survey s : SURVEYS) {
            double[] p = project(s.field(), ra, dec);
            if (p != null && s.covers(p[0], p[1], radius)) {
                out.add(s.name());
            }
        }
        return out;
    }

    /**
     * Gnomonic projection of a position onto a field's TAN plane: {xi, eta} in degrees (xi towards east), or null
     * for a position 90 degrees or more from the field's centre.
     */
    static double[] project(Field f, double ra, double dec) {
        double a = Math.toRadians(ra - f.ra());
        double d = Math.toRadians(dec);
        double d0 = Math.toRadians(f.dec());
        double cosc = Math.sin(d0) * Math.sin(d) + Math.cos(d0) * Math.cos(d) * Math.cos(a);
        if (cosc <= 1e-9) {
            return null;
        }
        double xi = Math.cos(d) * Math.sin(a) / cosc;
        double eta = (Math.cos(d0) * Math.sin(d) - Math.sin(d0) * Math.cos(d) * Math.cos(a)) / cosc;
        return new double[] {Math.toDegrees(xi), Math.toDegrees(eta)};
    }

    /** The inverse of {@link #project}: {ra, dec} in degrees of a TAN-plane point. */
    static double[] deproject(Field f, double xiDeg, double etaDeg) {
        double xi = Math.toRadians(xiDeg);
        double eta = Math.toRadians(etaDeg);
        double d0 = Math.toRadians(f.dec());
        double den = Math.cos(d0) - eta * Math.sin(d0);
        double ra = f.ra() + Math.toDegrees(Math.atan2(xi, den));
        double dec = Math.toDegrees(Math.atan2(Math.sin(d0) + eta * Math.cos(d0), Math.hypot(xi, den)));
        return new double[] {((ra % 360) + 360) % 360, dec};
    }

    /** A galaxy of a field: its TAN-plane position (degrees), peak brightness and Gaussian sigma (degrees). */
    record Galaxy(double xi, double eta, double peak, double sigma, double colour) {}

    /** The galaxies of one cell of a field's TAN plane (cell {@code (cx, cy)} spans {@code [cx, cx+1) * CELL}). */
    List<Galaxy> galaxies(Field f, long cx, long cy) {
        Rng r = new Rng(seed, f.stream(), cx * 1_000_003L + cy);
        int n = r.nextInt(3);
        List<Galaxy> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            double xi = (cx + r.nextDouble()) * CELL;
            double eta = (cy + r.nextDouble()) * CELL;
            double mag = 22 + 5 * r.nextDouble();
            double sigma = (0.08 + 0.52 * r.nextDouble()) / ARCSEC;
            double colour = 0.6 + 0.8 * r.nextDouble();
            out.add(new Galaxy(xi, eta, 2.0 * Math.pow(10, -0.4 * (mag - 22)), sigma, colour));
        }
        return out;
    }

    /**
     * The value of mosaic pixel {@code (ix, iy)} (0-based; pixel {@code ix} is FITS pixel {@code ix + 1}) of a
     * survey's mosaic: background, plus noise, plus every galaxy within {@link #TRUNCATION_SIGMAS} sigmas of the
     * pixel's centre (cells by increasing {@code cy}, then {@code cx}; galaxies in their cell's order). NaN
     * outside the mosaic.
     */
    float pixel(Survey s, Mosaic m, long ix, long iy) {
        return pixel(s, m, ix, iy, null);
    }

    float pixel(Survey s, Mosaic m, long ix, long iy, Map<Long, List<Galaxy>> cache) {
        if (ix < 0 || iy < 0 || ix >= s.naxis1() || iy >= s.naxis2()) {
            return Float.NaN;
        }
        double xi = -(ix + 1 - s.crpix1()) * s.scale();
        double eta = (iy + 1 - s.crpix2()) * s.scale();
        long cx = (long) Math.floor(xi / CELL);
        long cy = (long) Math.floor(eta / CELL);
        double sum = 0;
        for (long y = cy - 1; y <= cy + 1; y++) {
            for (long x = cx - 1; x <= cx + 1; x++) {
                List<Galaxy> gs = galaxiesCached(s.field(), x, y, cache);
                for (Galaxy g : gs) {
                    // distances in the TAN plane, which the mosaic's TAN grid maps linearly to pixels
                    double dx = xi - g.xi();
                    double dy = eta - g.eta();
                    double d2 = dx * dx + dy * dy;
                    double r = TRUNCATION_SIGMAS * g.sigma();
                    if (d2 <= r * r) {
                        sum += g.peak()
                                * Math.pow(g.colour(), m.colour())
                                * Math.exp(-d2 / (2 * g.sigma() * g.sigma()));
                    }
                }
            }
        }
        Rng noise = new Rng(seed, 1_000 + m.index(), ix * 4_000_037L + iy);
        return (float) (m.background() + m.noise() * noise.gaussian() + sum);
    }

    private List<Galaxy> galaxiesCached(Field f, long cx, long cy, Map<Long, List<Galaxy>> cache) {
        if (cache == null) {
            return galaxies(f, cx, cy);
        }
        long key = cx * 1_000_003L + cy;
        return cache.computeIfAbsent(key, k -> galaxies(f, cx, cy));
    }

    /** A fresh per-cutout cache of galaxies (one field). */
    static Map<Long, List<Galaxy>> newCache() {
        return new HashMap<>();
    }

    /** Stateless seeded values: a pure function of (seed, stream, index), as the synthetic sky's. */
    static final class Rng {
        private long state;

        Rng(long seed, long stream, long index) {
            this.state = mix(seed ^ mix(stream * 0x9E3779B97F4A7C15L + index));
        }

        private static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        long nextLong() {
            state += 0x9E3779B97F4A7C15L;
            return mix(state);
        }

        /** Uniform in [0, 1). */
        double nextDouble() {
            return (nextLong() >>> 11) * 0x1.0p-53;
        }

        int nextInt(int bound) {
            return (int) ((nextLong() >>> 33) % bound);
        }

        double gaussian() {
            double u = Math.max(1e-300, nextDouble());
            return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * nextDouble());
        }
    }
}
