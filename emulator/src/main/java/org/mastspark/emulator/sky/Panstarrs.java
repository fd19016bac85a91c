package org.mastspark.emulator.sky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The synthetic Pan-STARRS1 catalog of the catalogs API ({@code /api/v0.1/panstarrs/{dr1,dr2}/{table}}),
 * generated per sky cell as {@link StarCatalog} is: cell {@code c} of {@link StarCatalog#GRID} (0.5 degree
 * declination stripes) holds {@link #countIn(int)} objects, a pure function of (seed, scale, c); object
 * {@code j} of the cell is a pure function of (seed, c, j). About {@value #DENSITY} objects per square
 * degree at scale 1 (millions of rows in a few square degrees).
 *
 * <p>Object {@code j} lies in its own right-ascension strip of the cell ({@code ra = raMin + w (j + u) / n},
 * {@code u} in [0.01, 0.99)), at a uniform random declination, so {@code objID}, computed from the position
 * as PS1 does ({@code zoneID * 10^13 + floor(ra * 10^10)}, zoneID = floor((dec + 90) * 120)), is unique.
 * Tables {@code mean}, {@code stack} and {@code forced_mean} have one row per object, positioned at
 * ({@code raMean}, {@code decMean}); {@code detection} (dr2 only) has three detections per object, each at
 * its own ({@code ra}, {@code dec}) within 0.05 arcsec of the object. dr1 and dr2 hold the same objects.
 */
final class Panstarrs {
    /** Objects per square degree at scale 1. */
    static final double DENSITY = 250_000;
    /** Detections per object in the detection table. */
    static final int DETECTIONS = 3;

    private static final long SLOT = 1L << 20;
    private static final String BANDS = "grizy";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A catalog table: its columns, and which columns hold the position used for cones. */
    record Table(
            String name, List<Column> columns, String raColumn, String decColumn, String orderColumn, Spec[] specs) {
        Table(String name, List<Column> columns, String raColumn, String decColumn, String orderColumn) {
            this(name, columns, raColumn, decColumn, orderColumn, specsOf(columns));
        }

        int column(String n) {
            for (int k = 0; k < columns.size(); k++) {
                if (columns.get(k).name().equalsIgnoreCase(n)) {
                    return k;
                }
            }
            return -1;
        }

        boolean detections() {
            return name.equals("detection");
        }
    }

    /** How a column's values are made: its band (0-4, or -1) and the name without the band letter. */
    record Spec(String name, int band, String suffix) {}

    private static Spec[] specsOf(List<Column> columns) {
        Spec[] out = new Spec[columns.size()];
        for (int k = 0; k < out.length; k++) {
            String name = columns.get(k).name();
            boolean banded = name.length() > 1
                    && BANDS.indexOf(name.charAt(0)) >= 0
                    && (Character.isUpperCase(name.charAt(1))
                            || name.substring(1).equals("infoFlag"));
            out[k] = banded
                    ? new Spec(
                            name,
                            BANDS.indexOf(name.charAt(0)),
                            name.substring(1).intern())
                    : new Spec(name.intern(), -1, "");
        }
        return out;
    }

    /** One column as metadata.json describes it. */
    record Column(String name, String type, String dbType, String description, String unit) {
        boolean numeric() {
            return !type.equals("char");
        }
    }

    static final Map<String, Table> TABLES = new TreeMap<>();

    static {
        TABLES.put("mean", new Table("mean", recordedMean(), "raMean", "decMean", "objID"));
        List<Column> stack = new ArrayList<>(List.of(
                c("objName", "char", "IAU name for this object."),
                c("objID", "long", "Unique object identifier."),
                c("surveyID", "unsignedByte", "Survey identifier."),
                c("ippObjID", "long", "IPP internal object identifier."),
                c(
                        "zoneID",
                        "int",
                        "Local zone index, found by dividing the sky into bands of declination 1/2 arcminute in height."),
                c("primaryDetection", "unsignedByte", "Identifies if this row is the primary stack detection."),
                c("bestDetection", "unsignedByte", "Identifies if this row is the best stack detection."),
                c("raStack", "double", "Right ascension from stack detection, in degrees."),
                c("decStack", "double", "Declination from stack detection, in degrees."),
                c("raMean", "double", "Right ascension from single epoch detections, in degrees."),
                c("decMean", "double", "Declination from single epoch detections, in degrees."),
                c("nStackDetections", "short", "Number of stack detections.")));
        stack.addAll(perBand(
                c("PSFMag", "float", "PSF magnitude from {b} filter stack detection."),
                c("PSFMagErr", "float", "Error in PSF magnitude from {b} filter stack detection."),
                c("KronMag", "float", "Kron magnitude from {b} filter stack detection."),
                c("KronMagErr", "float", "Error in Kron magnitude from {b} filter stack detection."),
                c("ApMag", "float", "Aperture magnitude from {b} filter stack detection."),
                c("ApMagErr", "float", "Error in aperture magnitude from {b} filter stack detection."),
                c("infoFlag", "int", "Information flag bitmask for the {b} filter stack detection.")));
        TABLES.put("stack", new Table("stack", List.copyOf(stack), "raMean", "decMean", "objID"));
        List<Column> forced = new ArrayList<>(List.of(
                c("objName", "char", "IAU name for this object."),
                c("objID", "long", "Unique object identifier."),
                c("raMean", "double", "Right ascension from single epoch detections, in degrees."),
                c("decMean", "double", "Declination from single epoch detections, in degrees."),
                c("nDetections", "short", "Number of single epoch detections in all filters.")));
        forced.addAll(perBand(
                c("FPSFFlux", "float", "Mean forced PSF flux from {b} filter warps, in Jy."),
                c("FPSFFluxErr", "float", "Error in mean forced PSF flux from {b} filter warps."),
                c("FPSFMag", "float", "Mean forced PSF magnitude from {b} filter warps."),
                c("FPSFMagErr", "float", "Error in mean forced PSF magnitude from {b} filter warps."),
                c("FApMag", "float", "Mean forced aperture magnitude from {b} filter warps."),
                c("FApMagErr", "float", "Error in mean forced aperture magnitude from {b} filter warps."),
                c("Flags", "int", "Information flag bitmask for the {b} filter forced photometry.")));
        TABLES.put("forced_mean", new Table("forced_mean", List.copyOf(forced), "raMean", "decMean", "objID"));
        TABLES.put(
                "detection",
                new Table(
                        "detection",
                        List.of(
                                c("objID", "long", "Unique object identifier."),
                                c("detectID", "long", "Unique detection identifier."),
                                c("ippObjID", "long", "IPP internal object identifier."),
                                c("filterID", "unsignedByte", "Filter identifier (1=g, 2=r, 3=i, 4=z, 5=y)."),
                                c("surveyID", "unsignedByte", "Survey identifier."),
                                c("obsTime", "double", "Time of the observation, MJD."),
                                c("ra", "double", "Right ascension of this detection, in degrees."),
                                c("dec", "double", "Declination of this detection, in degrees."),
                                c("raErr", "float", "Right ascension error, in arcsec."),
                                c("decErr", "float", "Declination error, in arcsec."),
                                c("psfFlux", "float", "PSF flux, in Jy."),
                                c("psfFluxErr", "float", "Error in PSF flux, in Jy."),
                                c("psfQfPerfect", "float", "PSF-weighted fraction of unmasked pixels."),
                                c("apFlux", "float", "Aperture flux, in Jy."),
                                c("apFluxErr", "float", "Error in aperture flux, in Jy."),
                                c("kronFlux", "float", "Kron flux, in Jy."),
                                c("infoFlag", "long", "Information flag bitmask."),
                                c("infoFlag2", "int", "Information flag bitmask."),
                                c("infoFlag3", "int", "Information flag bitmask.")),
                        "ra",
                        "dec",
                        "detectID"));
    }

    /**
     * The columns of every band, g to y, band after band: each template's name prefixed with the band
     * letter, and {@code {b}} in its description replaced by it.
     */
    private static List<Column> perBand(Column... templates) {
        List<Column> out = new ArrayList<>();
        for (char b : BANDS.toCharArray()) {
            for (Column t : templates) {
                out.add(new Column(
                        b + t.name(),
                        t.type(),
                        t.dbType(),
                        t.description().replace("{b}", String.valueOf(b)),
                        t.unit()));
            }
        }
        return out;
    }

    private static Column c(String name, String type, String description) {
        String db = switch (type) {
            case "char" -> "STRING";
            case "long" -> "BIGINT";
            case "int" -> "INTEGER";
            case "short" -> "SMALLINT";
            case "unsignedByte" -> "TINYINT";
            case "double" -> "DOUBLE";
            default -> "REAL";
        };
        return new Column(name, type, db, description, "NULL");
    }

    private static List<Column> recordedMean() {
        try (InputStream in =
                Panstarrs.class.getResourceAsStream("/org/mastspark/emulator/recorded/panstarrs_columns.json")) {
            List<Column> out = new ArrayList<>();
            for (JsonNode c : JSON.readTree(in)) {
                out.add(new Column(
                        c.path("name").asText(),
                        c.path("type").asText(),
                        c.path("db_type").asText(),
                        c.path("description").asText(),
                        c.path("unit").asText()));
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException("recorded panstarrs_columns.json missing from the emulator's resources", e);
        }
    }

    /** The metadata.json answer of a table: the recorded one for mean, the same shape for the others. */
    static JsonNode metadata(Table t) {
        if (t.name().equals("mean")) {
            try (InputStream in =
                    Panstarrs.class.getResourceAsStream("/org/mastspark/emulator/recorded/panstarrs_columns.json")) {
                return JSON.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        var out = JSON.createArrayNode();
        int index = 1;
        for (Column col : t.columns()) {
            out.addObject()
                    .put("name", col.name())
                    .put("db_type", col.dbType())
                    .put("column_name", col.name())
                    .put("description", col.description())
                    .put("unit", col.unit())
                    .put("ucd", "NULL")
                    .put("utype", "NULL")
                    .put("datatype", col.type())
                    .put("size", col.type().equals("char") ? "32" : "NULL")
                    .put("principal", "NULL")
                    .put("indexed", "NULL")
                    .put("std", "NULL")
                    .put("column_index", Integer.toString(index++))
                    .put("arraysize", col.type().equals("char") ? "32*" : "NULL")
                    .put("search_priority", "NULL")
                    .put("default_value", "NULL")
                    .put("type", col.type());
        }
        return out;
    }

    private final long seed;
    private final double scale;

    /** Matched, sorted row keys of the last 16 queries (release, table, parameters but page/pagesize/columns). */
    final Map<String, long[]> sortedCache = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
            return size() > 16;
        }
    };

    Panstarrs(long seed, double scale) {
        this.seed = seed;
        this.scale = scale;
    }

    /** Objects in a cell. */
    int countIn(int cell) {
        double[] b = StarCatalog.GRID.bounds(cell);
        double area = (b[1] - b[0]) * (Math.sin(Math.toRadians(b[3])) - Math.sin(Math.toRadians(b[2]))) * 180 / Math.PI;
        Rng r = new Rng(seed, 900, cell);
        double n = DENSITY * scale * area * Math.exp((r.nextDouble() - 0.5) * 0.7);
        return (int) Math.min(SLOT - 1, Math.floor(n + r.nextDouble()));
    }

    static long key(int cell, int j) {
        return cell * SLOT + j;
    }

    static int cellOf(long key) {
        return (int) (key / SLOT);
    }

    static int jOf(long key) {
        return (int) (key % SLOT);
    }

    /** Position of object j of a cell: {@code [ra, dec]}. */
    double[] position(int cell, int j, int n) {
        double[] b = StarCatalog.GRID.bounds(cell);
        Rng r = new Rng(seed, 901, key(cell, j));
        double u = 0.01 + 0.98 * r.nextDouble();
        double ra = b[0] + (b[1] - b[0]) * (j + u) / n;
        double z0 = Math.sin(Math.toRadians(b[2]));
        double z1 = Math.sin(Math.toRadians(b[3]));
        double dec = Math.toDegrees(Math.asin(z0 + (z1 - z0) * r.nextDouble()));
        // keep the point inside its stripe (asin rounding at the edges)
        dec = Math.max(b[2], Math.min(Math.nextDown(b[3]), dec));
        return new double[] {ra, dec};
    }

    /** Position of a row (object or detection) of a table; a detection's key is objectKey * 4 + k. */
    double[] rowPosition(Table t, long rowKey, int n) {
        if (!t.detections()) {
            return position(cellOf(rowKey), jOf(rowKey), n);
        }
        long obj = rowKey / 4;
        double[] p = position(cellOf(obj), jOf(obj), n);
        Rng r = new Rng(seed, 903, rowKey);
        return Sky.offset(p[0], p[1], r.range(0, 0.05) / 3600.0, r.range(0, 2 * Math.PI));
    }

    static long objId(double ra, double dec) {
        long zone = (long) Math.floor((dec + 90) * 120);
        return zone * 10_000_000_000_000L + (long) Math.floor(ra * 1e10);
    }

    /** PS1's IAU-style name, {@code PSO Jhhmmss.sss+ddmmss.sss}, truncated as the catalog writes it. */
    static String objName(double ra, double dec) {
        long ms = (long) Math.floor(ra / 15 * 3_600_000);
        long h = ms / 3_600_000;
        long m = ms / 60_000 % 60;
        long s = ms % 60_000;
        long dmas = (long) Math.floor(Math.abs(dec) * 3_600_000);
        long dd = dmas / 3_600_000;
        long dm = dmas / 60_000 % 60;
        long dsec = dmas % 60_000;
        StringBuilder sb = new StringBuilder(26).append("PSO J");
        pad(sb, h, 2);
        pad(sb, m, 2);
        pad(sb, s / 1000, 2);
        sb.append('.');
        pad(sb, s % 1000, 3);
        sb.append(dec < 0 ? '-' : '+');
        pad(sb, dd, 2);
        pad(sb, dm, 2);
        pad(sb, dsec / 1000, 2);
        sb.append('.');
        pad(sb, dsec % 1000, 3);
        return sb.toString();
    }

    private static void pad(StringBuilder sb, long v, int width) {
        String d = Long.toString(v);
        for (int i = d.length(); i < width; i++) {
            sb.append('0');
        }
        sb.append(d);
    }

    /** What a row's values are computed from. */
    final class Base {
        final long key;
        final double ra;
        final double dec;
        final double objRa;
        final double objDec;
        final long objId;
        final double rMag;
        final int k;

        Base(Table t, long rowKey, int n) {
            this.key = rowKey;
            long obj = t.detections() ? rowKey / 4 : rowKey;
            double[] p = position(cellOf(obj), jOf(obj), n);
            objRa = p[0];
            objDec = p[1];
            double[] q = t.detections() ? rowPosition(t, rowKey, n) : p;
            ra = q[0];
            dec = q[1];
            objId = objId(objRa, objDec);
            rMag = 14 + 9 * Math.pow(new Rng(seed, 902, obj).nextDouble(), 0.35);
            k = t.detections() ? (int) (rowKey % 4) : 0;
        }
    }

    private static final double[] COLOR = {0.6, 0, -0.2, -0.3, -0.35};

    /** Value of column {@code col} of table {@code t} for a row: String, Double, Long or null. */
    Object value(Table t, int col, Base b) {
        Spec spec = t.specs()[col];
        String name = spec.name();
        long obj = t.detections() ? b.key / 4 : b.key;
        Rng r = new Rng(seed, 1000 + (name.hashCode() & 0xFFFF), t.detections() ? b.key : obj);
        // per-band columns: a band letter then a known suffix
        if (spec.band() >= 0) {
            int band = spec.band();
            String suffix = spec.suffix();
            boolean missing = new Rng(seed, 950 + band, obj).nextDouble() < 0.12;
            double mag = b.rMag + COLOR[band] + new Rng(seed, 960 + band, obj).range(-0.3, 0.3);
            double err = 0.002 + 0.2 * Math.pow(10, 0.4 * (mag - 22));
            if (suffix.endsWith("Npt")) {
                return missing ? 0L : (long) (1 + new Rng(seed, 970 + band, obj).nextInt(15));
            }
            if (suffix.equals("Flags") || suffix.equals("infoFlag")) {
                return (long) (missing ? 0 : new Rng(seed, 980 + band, obj).nextInt(1 << 24));
            }
            if (missing) {
                return -999.0;
            }
            return switch (suffix) {
                case "QfPerfect" -> round(0.8 + 0.2 * r.nextDouble(), 6);
                case "MeanPSFMag", "PSFMag", "FPSFMag" -> round(mag, 6);
                case "MeanKronMag", "KronMag" -> round(mag + r.range(-0.05, 0.15), 6);
                case "MeanApMag", "ApMag", "FApMag" -> round(mag + r.range(-0.05, 0.1), 6);
                case "MeanPSFMagMin" -> round(mag - r.range(0, 0.3), 6);
                case "MeanPSFMagMax" -> round(mag + r.range(0, 0.3), 6);
                case "MeanPSFMagStd", "MeanKronMagStd", "MeanApMagStd" -> round(err * r.range(0.5, 2), 6);
                case "FPSFFlux" -> 3631 * Math.pow(10, -0.4 * mag);
                case "FPSFFluxErr" -> 3631 * Math.pow(10, -0.4 * mag) * err;
                default -> round(err * r.range(0.8, 1.2), 6); // the *Err columns
            };
        }
        return switch (name) {
            case "objName" -> objName(b.objRa, b.objDec);
            case "objAltName1", "objAltName2", "objAltName3", "objPopularName" -> null;
            case "objID" -> b.objId;
            case "detectID" -> b.objId * 10 + b.k;
            case "uniquePspsOBid" -> 400_000_000_000_000_000L + obj;
            case "ippObjID", "ippDetectID" -> 100_000_000_000L + b.key;
            case "surveyID" -> 0L;
            case "htmID" -> 10_000_000_000_000_000L + Rng.mix(obj) % 1_000_000_000_000_000L;
            case "zoneID" -> (long) Math.floor((b.objDec + 90) * 120);
            case "tessID" -> 1L;
            case "projectionID" ->
                (long) (635 + (long) Math.floor((b.objDec + 90) / 4) * 100 + (long) (b.objRa / 4) % 100);
            case "skyCellID" -> (long) (Math.floor(b.objRa * 10) % 100);
            case "randomID" -> r.nextDouble();
            case "batchID" -> 900_000L + obj % 1000;
            case "dvoRegionID" -> (long) Math.floor(b.objRa) * 1000 + (long) Math.floor(b.objDec + 90);
            case "processingVersion" -> 3L;
            case "objInfoFlag" -> (long) (r.nextInt(1 << 28));
            case "qualityFlag" -> (long) new long[] {16, 32, 48, 52, 60, 61, 63}[r.nextInt(7)];
            case "primaryDetection", "bestDetection" -> 1L;
            case "raMean" -> b.objRa;
            case "decMean" -> b.objDec;
            case "raStack" ->
                b.objRa + r.range(-0.05, 0.05) / 3600 / Math.max(0.01, Math.cos(Math.toRadians(b.objDec)));
            case "decStack" -> b.objDec + r.range(-0.05, 0.05) / 3600;
            case "ra" -> b.ra;
            case "dec" -> b.dec;
            case "raStackErr", "decStackErr", "raMeanErr", "decMeanErr", "raErr", "decErr" ->
                round(r.range(0.005, 0.08), 6);
            case "epochMean" -> round(55000 + r.range(0, 2000), 6);
            case "posMeanChisq" -> round(r.range(0, 5), 6);
            case "cx" -> Math.cos(Math.toRadians(b.objDec)) * Math.cos(Math.toRadians(b.objRa));
            case "cy" -> Math.cos(Math.toRadians(b.objDec)) * Math.sin(Math.toRadians(b.objRa));
            case "cz" -> Math.sin(Math.toRadians(b.objDec));
            case "lambda" -> ecliptic(b.objRa, b.objDec)[0];
            case "beta" -> ecliptic(b.objRa, b.objDec)[1];
            case "l" -> galactic(b.objRa, b.objDec)[0];
            case "b" -> galactic(b.objRa, b.objDec)[1];
            case "nStackObjectRows" -> (long) (1 + new Rng(seed, 990, obj).nextInt(3));
            case "nStackDetections" -> (long) new Rng(seed, 991, obj).nextInt(13);
            case "nDetections" -> (long) nDetections(obj);
            case "ng", "nr", "ni", "nz", "ny" ->
                (long) (nDetections(obj) / 5 + ("grizy".indexOf(name.charAt(1)) < nDetections(obj) % 5 ? 1 : 0));
            case "filterID" -> (long) (1 + b.k % 5);
            case "obsTime" -> round(55200 + new Rng(seed, 904, b.key).range(0, 1800), 8);
            case "psfFlux" -> 3631 * Math.pow(10, -0.4 * (b.rMag + r.range(-0.1, 0.1)));
            case "psfFluxErr" -> 3631 * Math.pow(10, -0.4 * b.rMag) * 0.02;
            case "psfQfPerfect" -> round(0.8 + 0.2 * r.nextDouble(), 6);
            case "apFlux", "kronFlux" -> 3631 * Math.pow(10, -0.4 * (b.rMag + r.range(-0.1, 0.1)));
            case "apFluxErr" -> 3631 * Math.pow(10, -0.4 * b.rMag) * 0.03;
            case "infoFlag" -> (long) r.nextInt(1 << 30);
            case "infoFlag2", "infoFlag3" -> (long) r.nextInt(1 << 16);
            default -> t.columns().get(col).numeric() ? (Object) round(r.range(0, 1), 6) : "";
        };
    }

    private int nDetections(long obj) {
        return 1 + new Rng(seed, 992, obj).nextInt(80);
    }

    private static double round(double v, int digits) {
        double f = digits == 6 ? 1e6 : Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** Ecliptic (lambda, beta) of an ICRS position, mean obliquity J2000. */
    static double[] ecliptic(double ra, double dec) {
        double eps = Math.toRadians(23.4392911);
        double a = Math.toRadians(ra);
        double d = Math.toRadians(dec);
        double sinB = Math.sin(d) * Math.cos(eps) - Math.cos(d) * Math.sin(eps) * Math.sin(a);
        double y = Math.sin(a) * Math.cos(eps) + Math.tan(d) * Math.sin(eps);
        double l = Math.toDegrees(Math.atan2(y, Math.cos(a)));
        return new double[] {Sky.normRa(l), Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, sinB))))};
    }

    /** Galactic (l, b) of an ICRS position (IAU 1958 pole and node, J2000). */
    static double[] galactic(double ra, double dec) {
        double aP = Math.toRadians(192.85948);
        double dP = Math.toRadians(27.12825);
        double lNcp = Math.toRadians(122.93192);
        double a = Math.toRadians(ra);
        double d = Math.toRadians(dec);
        double sinB = Math.sin(d) * Math.sin(dP) + Math.cos(d) * Math.cos(dP) * Math.cos(a - aP);
        double y = Math.cos(d) * Math.sin(a - aP);
        double x = Math.sin(d) * Math.cos(dP) - Math.cos(d) * Math.sin(dP) * Math.cos(a - aP);
        double l = lNcp - Math.atan2(y, x);
        return new double[] {Sky.normRa(Math.toDegrees(l)), Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, sinB))))};
    }
}
