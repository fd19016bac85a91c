package org.mastspark.emulator.sky;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The synthetic CAOM observations: row {@code i} is a pure function of (seed, i). Collections, instruments,
 * filters, identifiers and value ranges follow the real archive's; positions cluster around well-known
 * targets over a uniform background.
 */
final class Caom {
    /** obsid of synthetic row i is BASE_OBSID + i: clear of MAST's real obsids in the recorded data. */
    static final long BASE_OBSID = 100_000_000L;

    static final List<Field> FIELDS = List.of(
            new Field("intentType", "string"),
            new Field("obs_collection", "string"),
            new Field("provenance_name", "string"),
            new Field("instrument_name", "string"),
            new Field("project", "string"),
            new Field("filters", "string"),
            new Field("wavelength_region", "string"),
            new Field("target_name", "string"),
            new Field("target_classification", "string"),
            new Field("obs_id", "string"),
            new Field("s_ra", "float"),
            new Field("s_dec", "float"),
            new Field("dataproduct_type", "string"),
            new Field("proposal_pi", "string"),
            new Field("calib_level", "int"),
            new Field("t_min", "float"),
            new Field("t_max", "float"),
            new Field("t_exptime", "float"),
            new Field("em_min", "float"),
            new Field("em_max", "float"),
            new Field("obs_title", "string"),
            new Field("t_obs_release", "float"),
            new Field("proposal_id", "string"),
            new Field("proposal_type", "string"),
            new Field("sequence_number", "int"),
            new Field("s_region", "string"),
            new Field("jpegURL", "string"),
            new Field("dataURL", "string"),
            new Field("dataRights", "string"),
            new Field("mtFlag", "boolean"),
            new Field("srcDen", "float"),
            new Field("obsid", "string"),
            new Field("objID", "string"));

    static final Field DISTANCE = new Field("distance", "float");

    /** Field names pre-encoded for the generator: the serving path writes 34 names per row. */
    static final com.fasterxml.jackson.core.io.SerializedString[] NAMES = FIELDS.stream()
            .map(f -> new com.fasterxml.jackson.core.io.SerializedString(f.name()))
            .toArray(com.fasterxml.jackson.core.io.SerializedString[]::new);

    /** Dense fields: name, ra, dec, radius (deg), weight. */
    static final Object[][] TARGETS = {
        {"M101", 210.802429, 54.34875, 0.6, 3},
        {"M31", 10.684708, 41.26875, 1.5, 4},
        {"M42", 83.82208, -5.39111, 0.8, 3},
        {"M51", 202.469575, 47.195258, 0.4, 2},
        {"M13", 250.423475, 36.461319, 0.3, 1},
        {"M15", 322.49324, 12.16683, 0.3, 1},
        {"NGC 2024", 85.42083, -1.9, 0.3, 1},
        {"COSMOS", 150.1191, 2.2058, 1.0, 3},
        {"GOODS-N", 189.228621, 62.238572, 0.3, 2},
        {"LMC", 80.89417, -69.75611, 4.0, 4},
        {"SMC", 13.18667, -72.82861, 2.0, 2},
        {"KEPLER FIELD", 290.6667, 44.5, 6.0, 4},
        {"M8", 270.904, -24.3867, 0.5, 1},
        {"M10", 254.2877, -4.1003, 0.3, 1},
        {"HUDF", 53.1625, -27.7914, 0.2, 1},
        {"TESS CVZ SOUTH", 90.0, -66.56, 8.0, 3},
    };

    private static final double CLUSTERED = 0.35;
    private static final double[] CUMULATIVE_TARGET_WEIGHT;

    static {
        CUMULATIVE_TARGET_WEIGHT = new double[TARGETS.length];
        double sum = 0;
        for (int i = 0; i < TARGETS.length; i++) {
            sum += ((Number) TARGETS[i][4]).doubleValue();
            CUMULATIVE_TARGET_WEIGHT[i] = sum;
        }
        for (int i = 0; i < TARGETS.length; i++) {
            CUMULATIVE_TARGET_WEIGHT[i] /= sum;
        }
    }

    static final String[] PIS = {
        "Smith", "Garcia", "Nguyen", "Mueller", "Rossi", "Tanaka", "Kowalski", "Dubois", "Silva", "Johansson",
        "Patel", "Kim", "Okafor", "Novak", "Lindqvist", "Fischer", "Moreau", "Yamamoto", "Ivanova", "Brown",
        "Riess", "Gordon", "Calzetti", "Dalcanton", "Bianchi", "Sahu", "Kalirai", "Ricker", "Batalha", "Stern"
    };
    static final String[] CLASSES = {
        "GALAXY",
        "STAR",
        "STAR;MULTIPLE",
        "NEBULA",
        "CLUSTER OF GALAXIES",
        "EXTRASOLAR PLANET",
        "QSO",
        "ISM;H II REGION",
        "GALAXY;SPIRAL",
        "STAR;PECULIAR"
    };
    static final String[] PROPOSAL_TYPES = {"GO", "GO", "GO", "GTO", "DD", "SURVEY", "CAL"};
    static final String[] TESS_PROVENANCES = {"SPOC", "TESS-SPOC", "QLP"};

    /** One mission's vocabulary. */
    record Mission(
            String collection,
            double weight,
            String[] instruments,
            String[] filters,
            String region,
            String project,
            String provenance,
            String[] productTypes,
            double emMin,
            double emMax,
            double expMin,
            double expMax) {}

    static final Mission[] MISSIONS = {
        new Mission(
                "HST",
                18,
                new String[] {"WFC3/UVIS", "WFC3/IR", "ACS/WFC", "STIS/CCD", "COS/FUV", "WFPC2/WFC"},
                new String[] {"F606W", "F814W", "F475W", "F160W", "F110W", "F555W", "G140L", "F606W;F814W"},
                "OPTICAL",
                "HST",
                "CALWF3",
                new String[] {"image", "image", "spectrum"},
                200,
                1700,
                30,
                3000),
        new Mission(
                "HLA",
                10,
                new String[] {"WFPC2/WFC", "ACS/WFC", "WFC3/UVIS"},
                new String[] {"F814W", "F606W", "F555W", "DETECTION"},
                "OPTICAL",
                "HLA",
                "HLA",
                new String[] {"image"},
                400,
                1000,
                100,
                5000),
        new Mission(
                "JWST",
                7,
                new String[] {"NIRCAM/IMAGE", "NIRSPEC/MSA", "MIRI/IMAGE", "NIRISS/SOSS"},
                new String[] {"F200W", "F444W", "F770W", "F150W", "F170LP;G235M", "CLEAR;F090W"},
                "INFRARED",
                "JWST",
                "CALJWST",
                new String[] {"image", "image", "spectrum"},
                600,
                28000,
                100,
                10000),
        new Mission(
                "TESS",
                15,
                new String[] {"Photometer"},
                new String[] {"TESS"},
                "OPTICAL",
                "TESS",
                "SPOC",
                new String[] {"timeseries"},
                600,
                1000,
                120,
                1800),
        new Mission(
                "GALEX",
                12,
                new String[] {"GALEX"},
                new String[] {"NUV", "FUV"},
                "UV",
                "AIS",
                "GALEX",
                new String[] {"image"},
                134,
                283,
                100,
                1700),
        new Mission(
                "PS1",
                8,
                new String[] {"GPC1"},
                new String[] {"g", "r", "i", "z", "y"},
                "OPTICAL",
                "PS1",
                "3PI",
                new String[] {"image"},
                400,
                1080,
                30,
                1200),
        new Mission(
                "Kepler",
                5,
                new String[] {"Kepler"},
                new String[] {"KEPLER"},
                "OPTICAL",
                "Kepler",
                "Kepler",
                new String[] {"timeseries"},
                420,
                900,
                1500,
                8000000),
        new Mission(
                "K2",
                5,
                new String[] {"Kepler"},
                new String[] {"K2"},
                "OPTICAL",
                "K2",
                "K2",
                new String[] {"timeseries"},
                420,
                900,
                1500,
                7000000),
        new Mission(
                "SWIFT",
                8,
                new String[] {"UVOT"},
                new String[] {"UVW1", "UVM2", "UVW2", "U", "B", "V"},
                "UV",
                "SWIFT",
                "SWIFT",
                new String[] {"image"},
                160,
                600,
                50,
                2000),
        new Mission(
                "IUE",
                3,
                new String[] {"SWP", "LWP", "LWR"},
                new String[] {"LOW DISP", "HIGH DISP"},
                "UV",
                "IUE",
                "NEWSIPS",
                new String[] {"spectrum"},
                115,
                335,
                10,
                20000),
        new Mission(
                "SPITZER_SHA",
                6,
                new String[] {"IRAC", "MIPS"},
                new String[] {"IRAC1", "IRAC2", "IRAC3", "IRAC4"},
                "INFRARED",
                "SSC",
                "SHA",
                new String[] {"image"},
                3200,
                9000,
                10,
                1200),
        new Mission(
                "FUSE",
                3,
                new String[] {"FUSE"},
                new String[] {"LWRS", "MDRS", "HIRS"},
                "UV",
                "FUSE",
                "CALFUSE",
                new String[] {"spectrum"},
                90,
                119,
                100,
                30000),
    };

    private static final double[] CUMULATIVE_MISSION_WEIGHT;

    static {
        CUMULATIVE_MISSION_WEIGHT = new double[MISSIONS.length];
        double sum = 0;
        for (int i = 0; i < MISSIONS.length; i++) {
            sum += MISSIONS[i].weight();
            CUMULATIVE_MISSION_WEIGHT[i] = sum;
        }
        for (int i = 0; i < MISSIONS.length; i++) {
            CUMULATIVE_MISSION_WEIGHT[i] /= sum;
        }
    }

    private final long seed;

    Caom(long seed) {
        this.seed = seed;
    }

    /**
     * Position of observation i: {@code [ra, dec, target]} where target is the index of the dense field
     * it was placed in, or -1; cheap (used to index the whole sky).
     */
    double[] position(long i) {
        Rng r = new Rng(seed, 1, i);
        if (r.nextDouble() < CLUSTERED) {
            int k = pickIndex(CUMULATIVE_TARGET_WEIGHT, r.nextDouble());
            Object[] t = TARGETS[k];
            double radius = ((Number) t[3]).doubleValue() * Math.sqrt(r.nextDouble());
            double[] p = Sky.offset(
                    ((Number) t[1]).doubleValue(), ((Number) t[2]).doubleValue(), radius, 2 * Math.PI * r.nextDouble());
            return new double[] {p[0], p[1], k};
        }
        double z = 2 * r.nextDouble() - 1;
        return new double[] {360.0 * r.nextDouble(), Math.toDegrees(Math.asin(z)), -1};
    }

    private static int pickIndex(double[] cumulative, double u) {
        for (int k = 0; k < cumulative.length; k++) {
            if (u < cumulative[k]) {
                return k;
            }
        }
        return cumulative.length - 1;
    }

    /** The obs_collection of observation i, without generating the row (its first draw). */
    String collection(long i) {
        return MISSIONS[mission(draws(i))].collection();
    }

    /** The draws of observation i's columns (all but its position), in the order {@link #row} takes them. */
    Rng draws(long i) {
        return new Rng(seed, 2, i);
    }

    /** Index in {@link #MISSIONS} of an observation's mission: the first of its draws. */
    static int mission(Rng draws) {
        return pickIndex(CUMULATIVE_MISSION_WEIGHT, draws.nextDouble());
    }

    /** Every column of observation i, in {@link #FIELDS} order. */
    Object[] row(long i) {
        double[] pos = position(i);
        Rng r = draws(i);
        Mission m = MISSIONS[mission(r)];
        String instrument = r.pick(m.instruments());
        String filters = r.pick(m.filters());
        String productType = r.pick(m.productTypes());
        boolean calibration = r.nextDouble() < 0.06;
        String pi = r.pick(PIS);
        int proposal = 1000 + r.nextInt(17000);
        double tMin = r.range(48000, 60900);
        double exptime = Math.exp(r.range(Math.log(m.expMin()), Math.log(m.expMax())));
        exptime = Math.round(exptime * 100) / 100.0;
        double tMax = tMin + exptime / 86400.0 + r.range(0, 0.05);
        double emMin = r.range(m.emMin(), (m.emMin() + m.emMax()) / 2);
        double emMax = r.range(emMin, m.emMax());
        boolean exclusive = r.nextDouble() < 0.08;
        double release = exclusive ? r.range(61400, 62200) : tMax + r.range(0, 400);
        int calib = m.collection().equals("HLA") ? 3 : 1 + r.nextInt(3) + (r.nextDouble() < 0.1 ? 1 : 0);
        long obsid = BASE_OBSID + i;
        String obsId = obsId(m, i, r, filters);
        String target = targetName(m, i, r, pos);
        Integer sequence = switch (m.collection()) {
            case "TESS" -> 1 + r.nextInt(90);
            case "Kepler" -> r.nextInt(18);
            case "K2" -> r.nextInt(20);
            default -> null;
        };
        String provenance = m.collection().equals("TESS") ? r.pick(TESS_PROVENANCES) : m.provenance();
        double radius = 0.01 + r.nextDouble() * 0.05;
        String region = "CIRCLE ICRS " + fmt(pos[0]) + " " + fmt(pos[1]) + " " + fmt(radius);
        String preview = productType.equals("image") && r.nextDouble() < 0.7
                ? "mast:" + m.collection() + "/product/" + obsid + "/" + obsId.toLowerCase(Locale.ROOT) + "_preview.jpg"
                : null;
        return new Object[] {
            calibration ? "calibration" : "science",
            m.collection(),
            provenance,
            instrument,
            m.project(),
            filters,
            m.region(),
            target,
            r.pick(CLASSES),
            obsId,
            pos[0],
            pos[1],
            productType,
            pi,
            calib,
            tMin,
            tMax,
            exptime,
            emMin,
            emMax,
            m.collection() + " observations of " + target + " (" + pi + ")",
            release,
            Integer.toString(proposal),
            r.pick(PROPOSAL_TYPES),
            sequence,
            region,
            preview,
            null,
            exclusive ? "EXCLUSIVE_ACCESS" : "PUBLIC",
            r.nextDouble() < 0.01,
            r.nextDouble() < 0.3 ? null : (double) Math.round(r.range(0, 5000)),
            obsid,
            3_000_000_000L + i
        };
    }

    static int column(String name) {
        for (int k = 0; k < FIELDS.size(); k++) {
            if (FIELDS.get(k).name().equalsIgnoreCase(name)) {
                return k;
            }
        }
        return -1;
    }

    /** Index of a synthetic obsid, or -1. */
    static long indexOf(long obsid, long rows) {
        long i = obsid - BASE_OBSID;
        return i >= 0 && i < rows ? i : -1;
    }

    private static String obsId(Mission m, long i, Rng r, String filters) {
        String b36 = Long.toString(i, 36).toUpperCase(Locale.ROOT);
        String pad = "000000".substring(Math.min(6, b36.length())) + b36;
        return switch (m.collection()) {
            case "HST" -> "I" + pad + "Q";
            case "HLA" ->
                "hst_" + zeros(5000 + (i % 9000), 5) + "_" + pad.toLowerCase(Locale.ROOT) + "_wfpc2_"
                        + filters.toLowerCase(Locale.ROOT).replace(';', '_') + "_wf";
            case "JWST" ->
                "jw" + zeros(1000 + r.nextInt(6000), 5) + "-o" + pad.toLowerCase(Locale.ROOT) + "_t001_"
                        + filters.toLowerCase(Locale.ROOT).replace(';', '-');
            case "TESS" ->
                "tess-s" + pad.toLowerCase(Locale.ROOT) + "-" + (1 + r.nextInt(4)) + "-" + (1 + r.nextInt(4));
            case "Kepler" -> "kplr" + zeros(i, 9) + "_lc";
            case "K2" -> "ktwo" + zeros(200000000L + i, 9) + "-c" + (1 + r.nextInt(19)) + "_lc";
            case "GALEX" -> Long.toString(6_370_000_000_000_000_000L / 1000 + i);
            default -> m.collection().toLowerCase(Locale.ROOT) + "_" + pad.toLowerCase(Locale.ROOT);
        };
    }

    private static String targetName(Mission m, long i, Rng r, double[] pos) {
        if (m.collection().equals("TESS")) {
            return r.nextDouble() < 0.05 ? "TESS FFI" : Long.toString(10_000_000L + (Rng.mix(i) & 0x3FFFFFFFL));
        }
        if (m.collection().equals("Kepler") || m.collection().equals("K2")) {
            return (m.collection().equals("K2") ? "EPIC " : "KIC ") + (1_000_000 + (i % 9_000_000));
        }
        if (pos[2] >= 0) {
            return (String) TARGETS[(int) pos[2]][0];
        }
        return "FIELD-" + (int) pos[0] + (pos[1] < 0 ? "-" : "+") + Math.abs((int) pos[1]);
    }

    private static String zeros(long v, int width) {
        String d = Long.toString(v);
        return d.length() >= width ? d : "0".repeat(width - d.length()) + d;
    }

    /** Six decimals, as MAST writes footprints (cheaper than String.format on the serving path). */
    static String fmt(double v) {
        long micro = Math.round(Math.abs(v) * 1e6);
        String frac = Long.toString(1_000_000 + micro % 1_000_000).substring(1);
        return (v < 0 && micro != 0 ? "-" : "") + (micro / 1_000_000) + "." + frac;
    }

    /** Writes one value as MAST sends it (obsid and objID: declared string, sent as numbers). */
    static void write(JsonGenerator g, String name, Object v) throws IOException {
        g.writeFieldName(name);
        writeValue(g, v);
    }

    static void write(JsonGenerator g, com.fasterxml.jackson.core.SerializableString name, Object v)
            throws IOException {
        g.writeFieldName(name);
        writeValue(g, v);
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof Integer n) {
            g.writeNumber(n);
        } else if (v instanceof Long n) {
            g.writeNumber(n);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeString(v.toString());
        }
    }
}
