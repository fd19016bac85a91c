package org.mastspark.emulator.sky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The synthetic datasets of the Mission Search API ({@code /search/<mission>/api/v0.1/...}), derived from
 * the synthetic CAOM observations: each mission is the observations of one CAOM collection, with the
 * mission's own column names and dataset identifiers.
 *
 * <table>
 *   <caption>missions</caption>
 *   <tr><th>mission</th><th>observations of</th><th>dataset keyword</th><th>dataset id of observation i</th></tr>
 *   <tr><td>hst</td><td>HST</td><td>sci_data_set_name</td><td>the CAOM obs_id, {@code I<base36(i), 6>Q}</td></tr>
 *   <tr><td>jwst</td><td>JWST</td><td>fileSetName</td><td>{@code jw<proposal, 5>_<base36(i), 6>_00001}</td></tr>
 *   <tr><td>roman</td><td>HLA</td><td>fileSetName</td><td>{@code r<proposal, 7>_<base36(i), 6>_wfi01}</td></tr>
 *   <tr><td>classy</td><td>FUSE</td><td>Target</td><td>{@code CLASSY-<base36(i), 6>}</td></tr>
 *   <tr><td>ullyses</td><td>SWIFT</td><td>observation_id</td><td>{@code ull_<base36(i), 6>}</td></tr>
 *   <tr><td>iue</td><td>IUE</td><td>iue_data_id</td><td>{@code <camera><i, 6 digits>}, e.g. {@code SWP001234}</td></tr>
 * </table>
 *
 * Every column value is a pure function of the observation's CAOM row and (seed, column, i); the hst columns
 * are MAST's recorded column list ({@code mission_columns.json}), the others authored.
 */
final class Missions {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS", Locale.ROOT);

    /** One column of a mission: the column_list entry and where its values come from. */
    record Column(
            String name,
            String field,
            String description,
            String qualType,
            String datatype,
            boolean defaultOutput,
            String source) {
        /** The type the search answer's {@code info} gives: VARCHAR, FLOAT, INTEGER or DATETIME. */
        String infoType() {
            return switch (qualType) {
                case "float", "ra", "dec" -> "FLOAT";
                case "integer" -> "INTEGER";
                case "datetime" -> "DATETIME";
                case "boolean" -> datatype.equals("long") ? "INTEGER" : "VARCHAR";
                default -> "VARCHAR";
            };
        }

        boolean numeric() {
            String t = infoType();
            return t.equals("FLOAT") || t.equals("INTEGER");
        }
    }

    /** One mission: its CAOM collection, dataset keyword, and columns. */
    record Mission(String name, String collection, String datasetColumn, List<Column> columns) {
        int column(String n) {
            for (int k = 0; k < columns.size(); k++) {
                if (columns.get(k).name().equals(n)) {
                    return k;
                }
            }
            return -1;
        }

        String raColumn() {
            return columns.stream()
                    .filter(c -> c.qualType().equals("ra"))
                    .findFirst()
                    .orElseThrow()
                    .name();
        }

        String decColumn() {
            return columns.stream()
                    .filter(c -> c.qualType().equals("dec"))
                    .findFirst()
                    .orElseThrow()
                    .name();
        }
    }

    static final Map<String, Mission> MISSIONS = new LinkedHashMap<>();

    // Columns that several authored missions share; each mission below states only its own.
    private static final Column FILE_SET_NAME =
            text("fileSetName", "File Set Name", "Name of the file set (dataset)", "id");
    private static final Column RA = ra("ra", "Right ascension, in degrees");
    private static final Column DEC = dec("dec", "Declination, in degrees");
    private static final Column PROGRAM = integer("program", "Program", "Program number", "program");
    private static final Column INSTRUMENT = text("instrument", "Instrument", "Instrument used", "instrument");
    private static final Column ANG_SEP = decimal("ang_sep", "Ang Sep (')", "Angular Separation", "ang_sep");
    // Every search answer's rows carry these two (as hst's recorded list names them), so the list names them too.
    private static final Column SEARCH_POS =
            col("search_pos", "Search Position", "Search Position (RA and Dec)", "string", "char", false, "search_pos");
    private static final Column SEARCH_KEY = col(
            "search_key",
            "Search Key",
            "Search Key (Concat of the dataset name and search_pos)",
            "string",
            "char",
            false,
            "search_key");

    static {
        MISSIONS.put("hst", new Mission("hst", "HST", "sci_data_set_name", hstColumns()));
        add(
                "jwst",
                "JWST",
                FILE_SET_NAME,
                text("targprop", "Target Name", "Proposer's name for the target", "target"),
                ra("targ_ra", "Target right ascension, in degrees"),
                dec("targ_dec", "Target declination, in degrees"),
                text("instrume", "Instrument", "Instrument used (NIRCAM, NIRSPEC, MIRI, NIRISS)", "instrument"),
                text("exp_type", "Exposure Type", "Type of exposure, e.g. NRC_IMAGE", "exp_type"),
                text("opticalElements", "Optical Elements", "Filters and gratings used", "filters"),
                start("date_obs", "Observation Start"),
                exptime("duration"),
                PROGRAM,
                text("pi_name", "PI Name", "Principal investigator", "pi"),
                col("publicReleaseDate", "Release Date", "Date of public release", "datetime", "char", true, "release"),
                col("access", "Access", "PUBLIC or PROPRIETARY", "string", "char", false, "access"));
        add(
                "roman",
                "HLA",
                FILE_SET_NAME,
                RA,
                DEC,
                PROGRAM,
                integer("pass", "Pass", "Survey pass number", "pass"),
                text("optical_element", "Optical Element", "Filter used", "filters"),
                exptime("exposure_time"),
                start("start_time", "Start Time"));
        add(
                "classy",
                "FUSE",
                text("Target", "Target", "CLASSY target designation", "id"),
                RA,
                DEC,
                decimal("redshift", "Redshift", "Spectroscopic redshift", "redshift"),
                INSTRUMENT,
                text("grating", "Grating", "Grating used", "filters"));
        add(
                "ullyses",
                "SWIFT",
                text("observation_id", "Observation ID", "ULLYSES observation identifier", "id"),
                text("target_name_ulysses", "Target Name", "ULLYSES target name", "target"),
                RA,
                DEC,
                text("host_galaxy_name", "Host Galaxy", "Host galaxy (LMC, SMC, NGC 3109, WLM, ...)", "host"),
                INSTRUMENT,
                text("filters", "Filters/Gratings", "Filters or gratings used", "filters"),
                exptime("exptime"));
        add(
                "iue",
                "IUE",
                text("iue_data_id", "Data ID", "IUE camera and image number", "id"),
                text("object", "Object", "Target name", "target"),
                RA,
                DEC,
                text("camera", "Camera", "SWP, LWP or LWR", "instrument"),
                text("dispersion", "Dispersion", "LOW or HIGH", "filters"),
                exptime("exposure_time"),
                start("obs_date", "Observation Date"));
    }

    /**
     * An authored mission: its own columns, the first being its dataset keyword (the dataset id), then the
     * angular separation, search position and search key that every search answer ends with.
     */
    private static void add(String name, String collection, Column... own) {
        List<Column> columns = new ArrayList<>(List.of(own));
        columns.addAll(List.of(ANG_SEP, SEARCH_POS, SEARCH_KEY));
        MISSIONS.put(name, new Mission(name, collection, own[0].name(), List.copyOf(columns)));
    }

    private static Column col(
            String name, String field, String description, String qual, String datatype, boolean def, String source) {
        return new Column(name, field, description, qual, datatype, def, source);
    }

    /** A text column shown by default. */
    private static Column text(String name, String field, String description, String source) {
        return col(name, field, description, "string", "char", true, source);
    }

    /** An integer column shown by default. */
    private static Column integer(String name, String field, String description, String source) {
        return col(name, field, description, "integer", "long", true, source);
    }

    /** A floating-point column shown by default. */
    private static Column decimal(String name, String field, String description, String source) {
        return col(name, field, description, "float", "float", true, source);
    }

    private static Column ra(String name, String description) {
        return col(name, "RA (J2000)", description, "ra", "double", true, "ra");
    }

    private static Column dec(String name, String description) {
        return col(name, "Dec (J2000)", description, "dec", "double", true, "dec");
    }

    /** The exposure duration in seconds. */
    private static Column exptime(String name) {
        return decimal(name, "Exposure Time", "Exposure duration in seconds", "exptime");
    }

    /** The UTC start of the exposure. */
    private static Column start(String name, String field) {
        return col(name, field, "UTC start of the exposure", "datetime", "char", true, "start");
    }

    /** HST: MAST's recorded column list, each column mapped to a CAOM value or a generated one. */
    private static List<Column> hstColumns() {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("search_pos", "search_pos");
        sources.put("search_key", "search_key");
        sources.put("ang_sep", "ang_sep");
        sources.put("sci_data_set_name", "id");
        sources.put("sci_preview_name", "id");
        sources.put("sci_targname", "target");
        sources.put("sci_instrume", "instrument");
        sources.put("sci_aper_1234", "aperture");
        sources.put("sci_spec_1234", "filters");
        sources.put("sci_actual_duration", "exptime");
        sources.put("sci_start_time", "start");
        sources.put("sci_stop_time", "stop");
        sources.put("sci_release_date", "release");
        sources.put("sci_pep_id", "program");
        sources.put("sci_pi_last_name", "pi");
        sources.put("sci_ra", "ra");
        sources.put("sci_dec", "dec");
        sources.put("sci_obs_type", "obstype");
        sources.put("sci_aec", "aec");
        sources.put("sci_status", "access");
        sources.put("sci_instrument_config", "instrument_config");
        try (InputStream in =
                Missions.class.getResourceAsStream("/org/mastspark/emulator/recorded/mission_columns.json")) {
            List<Column> out = new ArrayList<>();
            for (JsonNode c : JSON.readTree(in)) {
                String name = c.path("column_name").asText();
                out.add(new Column(
                        name,
                        c.path("field_name").asText(),
                        c.path("description").asText(),
                        c.path("qual_type").asText(),
                        c.path("datatype").asText(),
                        c.path("default_output").asText().equals("yes"),
                        sources.getOrDefault(name, "generated")));
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException("recorded mission_columns.json missing from the emulator's resources", e);
        }
    }

    static Mission mission(String name) {
        return name == null ? null : MISSIONS.get(name.toLowerCase(Locale.ROOT));
    }

    private final long seed;
    private final Caom caom;

    Missions(long seed, Caom caom) {
        this.seed = seed;
        this.caom = caom;
    }

    /** Whether observation i is a dataset of the mission (its CAOM collection is the mission's). */
    boolean isDataset(Mission m, Object[] caomRow) {
        return m.collection().equals(caomRow[1]);
    }

    static String base36(long i) {
        String b36 = Long.toString(i, 36).toUpperCase(Locale.ROOT);
        return b36.length() >= 6 ? b36 : "000000".substring(b36.length()) + b36;
    }

    /** The dataset id of observation i in mission m (its CAOM row given). */
    String datasetId(Mission m, long i, Object[] row) {
        String pad = base36(i);
        return switch (m.name()) {
            case "hst" -> (String) row[9];
            case "jwst" -> "jw" + zeros(program(row) % 100_000, 5) + "_" + pad.toLowerCase(Locale.ROOT) + "_00001";
            case "roman" -> "r" + zeros(program(row), 7) + "_" + pad.toLowerCase(Locale.ROOT) + "_wfi01";
            case "classy" -> "CLASSY-" + pad;
            case "ullyses" -> "ull_" + pad.toLowerCase(Locale.ROOT);
            case "iue" -> ((String) row[3]) + zeros(i, 6);
            default -> throw new IllegalStateException(m.name());
        };
    }

    /** The observation index behind a dataset id, or -1 (the caller checks the row's collection). */
    static long indexOf(Mission m, String id, long rows) {
        if (id == null) {
            return -1;
        }
        String s = id.trim();
        try {
            long i = switch (m.name()) {
                case "hst" ->
                    s.length() == 8 && s.toUpperCase(Locale.ROOT).startsWith("I")
                            ? Long.parseLong(s.substring(1, 7), 36)
                            : -1;
                case "jwst", "roman" -> {
                    String[] parts = s.split("_");
                    yield parts.length == 3 ? Long.parseLong(parts[1], 36) : -1;
                }
                case "classy" ->
                    s.toUpperCase(Locale.ROOT).startsWith("CLASSY-") ? Long.parseLong(s.substring(7), 36) : -1;
                case "ullyses" ->
                    s.toLowerCase(Locale.ROOT).startsWith("ull_") ? Long.parseLong(s.substring(4), 36) : -1;
                case "iue" -> s.length() > 3 ? Long.parseLong(s.substring(3)) : -1;
                default -> -1;
            };
            return i >= 0 && i < rows ? i : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int program(Object[] row) {
        try {
            return Integer.parseInt((String) row[22]);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static String zeros(long v, int width) {
        String d = Long.toString(v);
        return d.length() >= width ? d : "0".repeat(width - d.length()) + d;
    }

    /** An ISO time (microseconds) of an MJD, as the Mission Search API writes DATETIME values. */
    static String iso(double mjd) {
        long micros = Math.round((mjd - 40587.0) * 86_400_000_000.0);
        LocalDateTime t = LocalDateTime.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000L),
                (int) Math.floorMod(micros, 1_000_000L) * 1000,
                java.time.ZoneOffset.UTC);
        return t.format(ISO);
    }

    /**
     * Value of column k of mission m for observation i (its CAOM row given): String, Double, Long or null.
     * {@code search_pos}, {@code search_key} and {@code ang_sep} depend on the search and are filled by it.
     */
    Object value(Mission m, int k, long i, Object[] row) {
        Column c = m.columns().get(k);
        String instrument = (String) row[3];
        String first = instrument.contains("/") ? instrument.substring(0, instrument.indexOf('/')) : instrument;
        return switch (c.source()) {
            case "id" -> datasetId(m, i, row);
            case "target" -> ((String) row[7]).toUpperCase(Locale.ROOT).replace(" ", "");
            case "instrument" -> m.name().equals("hst") ? pad6(first) : first.toUpperCase(Locale.ROOT);
            case "instrument_config" -> instrument;
            case "aperture" -> instrument.contains("/") ? instrument.substring(instrument.indexOf('/') + 1) : "ALL";
            case "filters" -> row[5];
            case "exptime" -> row[17];
            case "start" -> iso((Double) row[15]);
            case "stop" -> iso((Double) row[16]);
            case "release" -> iso((Double) row[21]);
            case "program" -> (long) program(row);
            case "pi" -> ((String) row[13]).toUpperCase(Locale.ROOT);
            case "ra" -> row[10];
            case "dec" -> row[11];
            case "obstype" -> ((String) row[12]).toUpperCase(Locale.ROOT);
            case "aec" -> "calibration".equals(row[0]) ? "C" : "S";
            case "access" -> "EXCLUSIVE_ACCESS".equals(row[28]) ? "PROPRIETARY" : "PUBLIC";
            case "exp_type" ->
                first.toUpperCase(Locale.ROOT).substring(0, 3) + "_" + ("spectrum".equals(row[12]) ? "SPEC" : "IMAGE");
            case "pass" -> (long) (1 + new Rng(seed, 720, i).nextInt(40));
            case "redshift" -> Math.round(new Rng(seed, 721, i).range(0.002, 0.18) * 1e5) / 1e5;
            case "host" ->
                new String[] {"LMC", "SMC", "NGC 3109", "WLM", "Sextans A"}[new Rng(seed, 722, i).nextInt(5)];
            case "search_pos", "search_key", "ang_sep" -> null;
            default -> generated(c, k, i, row);
        };
    }

    private static String pad6(String s) {
        String u = s.toUpperCase(Locale.ROOT);
        return u.length() >= 6 ? u : u + " ".repeat(6 - u.length());
    }

    private Object generated(Column c, int k, long i, Object[] row) {
        Rng r = new Rng(seed, 800 + k, i);
        if (r.nextDouble() < 0.1) {
            return null;
        }
        return switch (c.qualType()) {
            case "float" -> Math.round(r.range(0, 1000) * 1e4) / 1e4;
            case "integer" -> (long) r.nextInt(100);
            case "boolean" ->
                c.datatype().equals("long") ? (Object) (long) r.nextInt(2) : (r.nextInt(2) == 0 ? "0" : "1");
            case "datetime" -> iso((Double) row[15] + r.range(0, 30));
            case "ra" -> row[10];
            case "dec" -> row[11];
            default -> c.name().toUpperCase(Locale.ROOT).replace("SCI_", "") + "-" + (1 + r.nextInt(9));
        };
    }

    /**
     * A product row of a mission dataset, in the shape of {@code mission_products.json}: product k of the
     * underlying CAOM observation.
     */
    Map<String, Object> product(Mission m, String dataset, Object[] caomProduct, Object[] obsRow) {
        String file = (String) caomProduct[14];
        String suffix = (String) caomProduct[9];
        String type = (String) caomProduct[7];
        String category = switch (type) {
            case "SCIENCE" -> suffix.equals("RAW") ? "UNCALIBRATED" : "CALIBRATED";
            case "AUXILIARY" -> "AUX";
            case "PREVIEW" -> "PREVIEW";
            default -> "OTHER";
        };
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("product_key", dataset + "_" + file);
        p.put("access", "EXCLUSIVE_ACCESS".equals(obsRow[28]) ? "PROPRIETARY" : "PUBLIC");
        p.put("dataset", dataset);
        String instrument = (String) obsRow[3];
        p.put(
                "instrument_name",
                pad6(instrument.contains("/") ? instrument.substring(0, instrument.indexOf('/')) : instrument));
        p.put("filters", obsRow[5]);
        p.put("filename", file);
        p.put("uri", productUri(m, dataset, file));
        p.put("authz_primary_identifier", dataset);
        p.put("authz_secondary_identifier", "CAL");
        p.put("file_suffix", suffix);
        p.put("category", category);
        p.put("size", caomProduct[15]);
        p.put("type", type.equals("SCIENCE") ? "science" : "auxiliary");
        return p;
    }

    /** hst, jwst and roman products are {@code <dataset>/<file>} (retrieve_product); HLSPs are mast: URIs. */
    static String productUri(Mission m, String dataset, String file) {
        return switch (m.name()) {
            case "hst", "jwst", "roman" -> dataset + "/" + file;
            default -> "mast:HLSP/" + m.name() + "/" + dataset + "/" + file;
        };
    }
}
