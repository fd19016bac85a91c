package org.mastspark.connector.fits;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.mastspark.connector.options.OptionKey;
import org.mastspark.connector.text.Echo;

/**
 * The options of {@code format("fits")}, parsed and checked once on the driver. Every bad value is refused
 * naming the option, the value and what is expected. Immutable and serializable (it travels with the scan).
 *
 * @param paths the load paths (files, directories, globs), as given
 * @param hdu which HDU of each file is read
 * @param headerKeywords header cards read as columns (upper case, in the order given)
 * @param includeHdu add column {@code hdu}
 * @param includeRow add column {@code row}
 * @param permissive mode PERMISSIVE (skip bad files) rather than FAILFAST
 * @param mergeSchema union of the columns of every file
 * @param headers one row per (file, HDU) with its header, no data
 * @param decode how column values become Spark values
 * @param maxPartitionBytes the most bytes a partition reads (Spark's {@code spark.sql.files.maxPartitionBytes})
 * @param openCostInBytes what opening a file costs, in bytes, when files are packed
 * @param batchSize rows per columnar batch when every read column is a scalar; 0 reads row by row
 * @param hadoop Hadoop settings given as options ({@code fs.*})
 */
record FitsOptions(
        List<String> paths,
        HduChoice hdu,
        List<String> headerKeywords,
        boolean includeHdu,
        boolean includeRow,
        boolean permissive,
        boolean mergeSchema,
        boolean headers,
        FitsDecodeOptions decode,
        long maxPartitionBytes,
        long openCostInBytes,
        int batchSize,
        Map<String, String> hadoop)
        implements Serializable {

    static final String HDU = "hdu";
    static final String HEADER_KEYWORDS = "headerKeywords";
    static final String INCLUDE_HDU = "includeHdu";
    static final String INCLUDE_ROW = "includeRow";
    static final String MODE = "mode";
    static final String MERGE_SCHEMA = "mergeSchema";
    static final String HEADERS = "headers";
    static final String APPLY_SCALING = "applyScaling";
    static final String NULL_VALUES = "nullValues";
    static final String ARRAYS = "arrays";
    static final String MAX_PARTITION_BYTES = "maxPartitionBytes";
    static final String OPEN_COST = "openCostInBytes";
    static final String BATCH_SIZE = "batchSize";
    /** Rows per columnar batch by default (Spark's Parquet reader uses the same). */
    static final int DEFAULT_BATCH_SIZE = 4096;

    /** Every option name this source takes (besides {@code path}, {@code paths} and {@code fs.*}). */
    static final List<String> NAMES = List.of(
            HDU,
            HEADER_KEYWORDS,
            INCLUDE_HDU,
            INCLUDE_ROW,
            MODE,
            MERGE_SCHEMA,
            HEADERS,
            APPLY_SCALING,
            NULL_VALUES,
            ARRAYS,
            MAX_PARTITION_BYTES,
            OPEN_COST,
            BATCH_SIZE);

    /** Options that do not apply to {@code headers=true} (it reads every HDU and no data). */
    private static final List<String> NOT_WITH_HEADERS =
            List.of(HDU, HEADER_KEYWORDS, INCLUDE_HDU, INCLUDE_ROW, MERGE_SCHEMA);

    FitsOptions {
        paths = List.copyOf(paths);
        headerKeywords = List.copyOf(headerKeywords);
        hadoop = Map.copyOf(hadoop);
    }

    /**
     * Parses the options of one {@code load}.
     *
     * @throws IllegalArgumentException naming the option, its value and the fix
     */
    static FitsOptions parse(Map<String, String> given) {
        Map<String, String> o = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        o.putAll(given);
        List<String> paths = paths(o);
        boolean headers = bool(o, HEADERS, false);
        if (headers) {
            for (String n : NOT_WITH_HEADERS) {
                if (present(o, n)) {
                    throw new IllegalArgumentException("Option '" + n + "' does not apply with headers=true (one row"
                            + " per file and HDU, no data); leave it out, or set headers to false");
                }
            }
        }
        String mode = o.getOrDefault(MODE, "").trim();
        boolean permissive;
        if (mode.isEmpty() || mode.equalsIgnoreCase("FAILFAST")) {
            permissive = false;
        } else if (mode.equalsIgnoreCase("PERMISSIVE")) {
            permissive = true;
        } else {
            throw OptionKey.invalid(
                    MODE, mode, "FAILFAST (the default: a bad file fails the read) or PERMISSIVE (bad files skipped)");
        }
        String arrays = o.getOrDefault(ARRAYS, "").trim();
        boolean nested;
        if (arrays.isEmpty() || arrays.equalsIgnoreCase("nested")) {
            nested = true;
        } else if (arrays.equalsIgnoreCase("flat")) {
            nested = false;
        } else {
            throw OptionKey.invalid(ARRAYS, arrays, "nested (TDIM cells as nested arrays, the default) or flat");
        }
        long maxBytes = size(o, MAX_PARTITION_BYTES, sessionSize("spark.sql.files.maxPartitionBytes", 128L << 20));
        long openCost = size(o, OPEN_COST, sessionSize("spark.sql.files.openCostInBytes", 4L << 20));
        int batchSize = batchSize(o);
        Map<String, String> hadoop = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : given.entrySet()) {
            if (e.getKey().startsWith("fs.")) {
                hadoop.put(e.getKey(), e.getValue());
            }
        }
        return new FitsOptions(
                paths,
                HduChoice.parse(HDU, o.get(HDU)),
                keywords(o.get(HEADER_KEYWORDS)),
                bool(o, INCLUDE_HDU, false),
                bool(o, INCLUDE_ROW, false),
                permissive,
                bool(o, MERGE_SCHEMA, false),
                headers,
                new FitsDecodeOptions(bool(o, APPLY_SCALING, true), bool(o, NULL_VALUES, true), nested),
                maxBytes,
                openCost,
                batchSize,
                hadoop);
    }

    private static int batchSize(Map<String, String> o) {
        String v = o.getOrDefault(BATCH_SIZE, "").trim();
        if (v.isEmpty()) {
            return DEFAULT_BATCH_SIZE;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 0 && n <= 1 << 20) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw OptionKey.invalid(
                BATCH_SIZE,
                v,
                "a whole number of rows from 1 to 1048576 per columnar batch (default " + DEFAULT_BATCH_SIZE
                        + "), or 0 to read row by row");
    }

    private static boolean present(Map<String, String> o, String name) {
        String v = o.get(name);
        return v != null && !v.isBlank();
    }

    private static List<String> paths(Map<String, String> o) {
        List<String> out = new ArrayList<>();
        String many = o.get("paths");
        if (many != null && !many.isBlank()) {
            // DataFrameReader.load(String...) hands several paths as a JSON array
            try {
                out.addAll(new ObjectMapper().readValue(many, new TypeReference<List<String>>() {}));
            } catch (Exception e) {
                throw new IllegalArgumentException("Invalid value '" + Echo.of(many) + "' for option 'paths':"
                        + " expected a JSON array of paths, as DataFrameReader.load(String...) gives it");
            }
        }
        String one = o.get("path");
        if (one != null && !one.isBlank()) {
            out.addAll(splitPaths(one));
        }
        List<String> paths = new ArrayList<>();
        for (String p : out) {
            if (!p.isBlank()) {
                paths.add(p.trim());
            }
        }
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("No path given to format(\"fits\"): use load(\"<file, directory or"
                    + " glob>\"), e.g. load(\"hdfs:///data/mastDownload/TESS\") or load(\"s3a://bucket/tess/*_lc.fits\");"
                    + " several paths may be separated by commas");
        }
        return paths;
    }

    /** Splits at commas outside glob braces ({@code {a,b}} is one Hadoop glob). */
    static List<String> splitPaths(String text) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && depth > 0) {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(text.substring(start, i));
                start = i + 1;
            }
        }
        out.add(text.substring(start));
        return out;
    }

    private static List<String> keywords(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String k : text.split(",", -1)) {
            String key = k.trim().toUpperCase(Locale.ROOT);
            if (key.isEmpty() || key.length() > 8 || !key.matches("[A-Z0-9_-]+")) {
                throw OptionKey.invalid(
                        HEADER_KEYWORDS,
                        text,
                        "a comma-separated list of FITS keywords (1 to 8 of A-Z, 0-9, '-', '_'), such as"
                                + " TICID,SECTOR,TESSMAG; '" + Echo.of(k.trim()) + "' is not one");
            }
            if (out.contains(key)) {
                throw OptionKey.invalid(HEADER_KEYWORDS, text, "each keyword once; " + key + " is given twice");
            }
            out.add(key);
        }
        return out;
    }

    private static boolean bool(Map<String, String> o, String name, boolean def) {
        String v = o.get(name);
        if (v == null || v.isBlank()) {
            return def;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw OptionKey.invalid(name, v.trim(), "true or false");
        };
    }

    private static long size(Map<String, String> o, String name, long def) {
        String v = o.get(name);
        if (v == null || v.isBlank()) {
            return def;
        }
        long n = bytes(v);
        if (n < 1) {
            throw OptionKey.invalid(
                    name,
                    v.trim(),
                    "a size in bytes of at least 1, such as 134217728, 128m or 1g (default " + def + ")");
        }
        return n;
    }

    private static long sessionSize(String key, long def) {
        scala.Option<SparkSession> active = SparkSession.getActiveSession();
        if (!active.isDefined()) {
            return def;
        }
        scala.Option<String> v = active.get().conf().getAll().get(key);
        if (!v.isDefined() || v.get() == null) {
            return def;
        }
        long n = bytes(v.get());
        return n < 1 ? def : n;
    }

    /** A size as Spark's settings write it: bytes, or with unit k, m, g, t (optionally b / ib); -1 if not one. */
    static long bytes(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int end = 0;
        while (end < t.length() && Character.isDigit(t.charAt(end))) {
            end++;
        }
        if (end == 0 || end > 18) {
            return -1;
        }
        long n = Long.parseLong(t.substring(0, end));
        String unit = t.substring(end).trim();
        int shift;
        switch (unit) {
            case "", "b" -> shift = 0;
            case "k", "kb", "kib" -> shift = 10;
            case "m", "mb", "mib" -> shift = 20;
            case "g", "gb", "gib" -> shift = 30;
            case "t", "tb", "tib" -> shift = 40;
            default -> {
                return -1;
            }
        }
        if (shift > 0 && n > (Long.MAX_VALUE >> shift)) {
            return -1;
        }
        return n << shift;
    }

    /** The Hadoop configuration of a read: the session's, its {@code spark.hadoop.*} settings, then {@code fs.*} options. */
    Configuration hadoopConf() {
        scala.Option<SparkSession> active = SparkSession.getActiveSession();
        Configuration conf = active.isDefined()
                ? new Configuration(active.get().sparkContext().hadoopConfiguration())
                : new Configuration();
        if (active.isDefined()) {
            scala.collection.Iterator<scala.Tuple2<String, String>> it =
                    active.get().conf().getAll().iterator();
            while (it.hasNext()) {
                scala.Tuple2<String, String> kv = it.next();
                if (kv._1().startsWith("spark.hadoop.")) {
                    conf.set(kv._1().substring("spark.hadoop.".length()), kv._2());
                }
            }
        }
        hadoop.forEach(conf::set);
        return conf;
    }

    /** The mode's name, for plans and messages. */
    String mode() {
        return permissive ? "PERMISSIVE" : "FAILFAST";
    }
}
