package org.mastspark.connector.hats;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * A HATS catalog as its own files describe it, read on the driver from any Hadoop FileSystem: the properties
 * ({@code hats.properties}, else {@code properties}), the partitions ({@code partition_info.csv}, else the file
 * paths of {@code dataset/_metadata}'s row groups, else a listing of {@code dataset/Norder=k/Dir=d/}), the
 * Parquet schema ({@code dataset/_common_metadata}, else {@code _metadata}, else the first partition file's
 * footer) and the margin caches it knows. A collection root ({@code collection.properties}) opens its primary
 * catalog and knows the collection's margins.
 *
 * <p>Immutable once opened; not serializable (it stays on the driver: partitions carry file paths).
 */
public final class HatsCatalog {
    /** The HEALPix index column when the properties name none. */
    public static final String DEFAULT_HEALPIX_COLUMN = "_healpix_29";

    private static final Pattern PARTITION_PATH =
            Pattern.compile("(?:^|/)Norder=(\\d+)/Dir=(\\d+)/Npix=(\\d+)(?:[./]|$)");

    private final String root;
    private final Map<String, String> properties;
    private final List<Partition> partitions;
    private final List<String> otherFiles;
    private final MessageType schema;
    private final List<String> marginPaths;
    private final String defaultMargin;
    private final Configuration conf;

    private HatsCatalog(
            String root,
            Map<String, String> properties,
            List<Partition> partitions,
            List<String> otherFiles,
            MessageType schema,
            List<String> marginPaths,
            String defaultMargin,
            Configuration conf) {
        this.root = root;
        this.properties = properties;
        this.partitions = partitions;
        this.otherFiles = otherFiles;
        this.schema = schema;
        this.marginPaths = marginPaths;
        this.defaultMargin = defaultMargin;
        this.conf = conf;
    }

    /** One HATS partition: the nested HEALPix pixel {@code pixel} at order {@code order}. */
    public record Partition(int order, long pixel) implements Comparable<Partition> {
        private static final Comparator<Partition> ORDER =
                Comparator.comparingInt(Partition::order).thenComparingLong(Partition::pixel);

        /** The partition's directory {@code Dir}: 10000 times the pixel divided by 10000. */
        public long dir() {
            return pixel / 10_000 * 10_000;
        }

        /** The first and one-past-last cell of the pixel at HEALPix order {@code deeper} (at least the order). */
        public long[] range(int deeper) {
            int shift = 2 * (deeper - order);
            return new long[] {pixel << shift, (pixel + 1) << shift};
        }

        @Override
        public int compareTo(Partition o) {
            return ORDER.compare(this, o);
        }

        @Override
        public String toString() {
            return "Norder=" + order + "/Npix=" + pixel;
        }
    }

    /**
     * A margin cache of a catalog: its own HATS catalog holding, for each partition, the rows of the
     * neighbouring partitions within {@code thresholdArcsec} of it.
     *
     * @param path the margin catalog's root (a Hadoop path or URI)
     * @param thresholdArcsec its {@code hats_margin_threshold}, arc seconds
     */
    public record Margin(String path, double thresholdArcsec) {}

    /**
     * Opens a catalog or a collection.
     *
     * @param conf the Hadoop configuration of the path's FileSystem
     * @param root the catalog's (or collection's) root, any Hadoop path or URI
     * @throws IllegalArgumentException when the path is not a HATS catalog (naming the files looked for), or its
     *     properties name columns the schema lacks
     * @throws UncheckedIOException when the FileSystem fails
     */
    public static HatsCatalog open(Configuration conf, String root) {
        String r = stripSlash(root);
        try {
            FileSystem fs = new Path(r).getFileSystem(conf);
            Path rootPath = new Path(r);
            Map<String, String> collection = readProperties(fs, new Path(rootPath, "collection.properties"));
            if (collection != null) {
                return openCollection(conf, fs, r, collection);
            }
            Map<String, String> props = catalogProperties(fs, rootPath);
            if (props == null) {
                throw new IllegalArgumentException("Not a HATS catalog: " + r
                        + " has none of hats.properties, properties (a catalog) or collection.properties (a"
                        + " collection); give the root directory of a catalog written by hats-import");
            }
            return openCatalog(conf, fs, r, props, List.of(), null);
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the HATS catalog at " + r + " failed: " + e.getMessage(), e);
        }
    }

    private static HatsCatalog openCollection(
            Configuration conf, FileSystem fs, String r, Map<String, String> collection) throws IOException {
        String primary = collection.get("hats_primary_table_url");
        if (primary == null) {
            throw new IllegalArgumentException("HATS collection " + r
                    + "/collection.properties names no primary catalog (hats_primary_table_url)");
        }
        String primaryRoot = r + "/" + stripSlash(primary);
        Map<String, String> props = catalogProperties(fs, new Path(primaryRoot));
        if (props == null) {
            throw new IllegalArgumentException("Not a HATS catalog: " + primaryRoot
                    + " (the primary catalog of collection " + r
                    + ") has neither hats.properties nor properties");
        }
        List<String> margins = new ArrayList<>();
        String all = collection.get("all_margins");
        if (all != null) {
            for (String m : all.trim().split("\\s+")) {
                if (!m.isEmpty()) {
                    margins.add(r + "/" + stripSlash(m));
                }
            }
        }
        String def = collection.get("default_margin");
        return openCatalog(conf, fs, primaryRoot, props, margins, def == null ? null : r + "/" + stripSlash(def));
    }

    private static HatsCatalog openCatalog(
            Configuration conf,
            FileSystem fs,
            String r,
            Map<String, String> props,
            List<String> margins,
            String defaultMargin)
            throws IOException {
        Path dataset = new Path(r, "dataset");
        ParquetMetadata[] metadata = {null};
        Set<String> others = new TreeSet<>();
        List<Partition> partitions = partitions(fs, conf, r, dataset, props, metadata, others);
        MessageType schema = schema(fs, conf, r, dataset, partitions, props, metadata);
        HatsCatalog c = new HatsCatalog(
                r,
                Map.copyOf(props),
                List.copyOf(partitions),
                List.copyOf(others),
                schema,
                List.copyOf(margins),
                defaultMargin,
                conf);
        c.checkColumns();
        return c;
    }

    private static Map<String, String> catalogProperties(FileSystem fs, Path root) throws IOException {
        Map<String, String> p = readProperties(fs, new Path(root, "hats.properties"));
        return p != null ? p : readProperties(fs, new Path(root, "properties"));
    }

    private static Map<String, String> readProperties(FileSystem fs, Path file) throws IOException {
        Properties p = new Properties();
        try (var in = new InputStreamReader(fs.open(file), StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (FileNotFoundException e) {
            return null;
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : p.stringPropertyNames()) {
            m.put(k, p.getProperty(k).trim());
        }
        return m;
    }

    private static List<Partition> partitions(
            FileSystem fs,
            Configuration conf,
            String r,
            Path dataset,
            Map<String, String> props,
            ParquetMetadata[] metadata,
            Set<String> others)
            throws IOException {
        Path info = new Path(r, "partition_info.csv");
        Set<Partition> found = new TreeSet<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(info), StandardCharsets.UTF_8))) {
            String header = in.readLine();
            List<String> names =
                    header == null ? List.of() : List.of(header.trim().split("\\s*,\\s*"));
            int order = names.indexOf("Norder");
            int pixel = names.indexOf("Npix");
            if (order < 0 || pixel < 0) {
                throw new IllegalArgumentException("HATS catalog " + r + ": partition_info.csv has header '" + header
                        + "'; expected columns Norder and Npix");
            }
            int line = 1;
            for (String l = in.readLine(); l != null; l = in.readLine()) {
                line++;
                if (l.isBlank()) {
                    continue;
                }
                String[] cells = l.trim().split("\\s*,\\s*");
                try {
                    found.add(new Partition(Integer.parseInt(cells[order]), Long.parseLong(cells[pixel])));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("HATS catalog " + r + ": line " + line
                            + " of partition_info.csv is '" + l + "'; expected Norder,Npix as whole numbers");
                }
            }
            return List.copyOf(found);
        } catch (FileNotFoundException e) {
            // no partition_info.csv: the _metadata file's row groups, else the directories, name the partitions
        }
        Path meta = new Path(dataset, "_metadata");
        if (fs.exists(meta)) {
            metadata[0] = footer(conf, meta);
            for (BlockMetaData b : metadata[0].getBlocks()) {
                Partition p = b.getPath() == null ? null : parse(b.getPath());
                if (p != null) {
                    found.add(p);
                } else if (b.getPath() != null) {
                    // an index catalog's files (dataset/index/part.0.parquet) belong to no pixel
                    others.add(b.getPath());
                }
            }
            return List.copyOf(found);
        }
        if (!fs.exists(dataset)) {
            throw new IllegalArgumentException("Not a HATS catalog: " + r
                    + " has no partition_info.csv and no dataset directory (dataset/_metadata or"
                    + " dataset/Norder=k/Dir=d/Npix=n" + suffix(props) + ")");
        }
        FileStatus[] files = fs.globStatus(new Path(dataset, "Norder=*/Dir=*/Npix=*"));
        for (FileStatus f : files == null ? new FileStatus[0] : files) {
            Partition p = parse(f.getPath().toString());
            if (p != null) {
                found.add(p);
            }
        }
        return List.copyOf(found);
    }

    /** The partition a path names ({@code .../Norder=k/Dir=d/Npix=n...}), or null. */
    static Partition parse(String path) {
        Matcher m = PARTITION_PATH.matcher(path);
        return m.find() ? new Partition(Integer.parseInt(m.group(1)), Long.parseLong(m.group(3))) : null;
    }

    private static MessageType schema(
            FileSystem fs,
            Configuration conf,
            String r,
            Path dataset,
            List<Partition> partitions,
            Map<String, String> props,
            ParquetMetadata[] metadata)
            throws IOException {
        Path common = new Path(dataset, "_common_metadata");
        if (fs.exists(common)) {
            return footer(conf, common).getFileMetaData().getSchema();
        }
        if (metadata[0] != null) {
            return metadata[0].getFileMetaData().getSchema();
        }
        Path meta = new Path(dataset, "_metadata");
        if (fs.exists(meta)) {
            return footer(conf, meta).getFileMetaData().getSchema();
        }
        String suffix = suffix(props);
        for (Partition p : partitions) {
            List<FileStatus> files = files(fs, r, suffix, p);
            if (!files.isEmpty()) {
                return footer(conf, files.get(0).getPath()).getFileMetaData().getSchema();
            }
        }
        throw new IllegalArgumentException("Not a HATS catalog: " + r
                + " has no dataset/_common_metadata, no dataset/_metadata and no partition file"
                + " (dataset/Norder=k/Dir=d/Npix=n" + suffix + ") to read the schema from");
    }

    private static ParquetMetadata footer(Configuration conf, Path file) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
            return reader.getFooter();
        }
    }

    private static String suffix(Map<String, String> props) {
        return props.getOrDefault("hats_npix_suffix", ".parquet");
    }

    private static String stripSlash(String s) {
        String t = s.trim();
        while (t.length() > 1 && t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    /**
     * The files of a partition: {@code dataset/Norder=k/Dir=d/Npix=n<suffix>}, or every Parquet file in that
     * directory when the suffix is {@code /}; none when absent.
     */
    private static List<FileStatus> files(FileSystem fs, String r, String suffix, Partition p) throws IOException {
        String base = r + "/dataset/Norder=" + p.order() + "/Dir=" + p.dir() + "/Npix=" + p.pixel();
        try {
            if (suffix.endsWith("/")) {
                List<FileStatus> out = new ArrayList<>();
                for (FileStatus f : fs.listStatus(new Path(base))) {
                    String name = f.getPath().getName();
                    if (f.isFile() && !name.startsWith(".") && !name.startsWith("_")) {
                        out.add(f);
                    }
                }
                out.sort(Comparator.comparing(f -> f.getPath().getName()));
                return out;
            }
            return List.of(fs.getFileStatus(new Path(base + suffix)));
        } catch (FileNotFoundException e) {
            return List.of();
        }
    }

    /** The catalog's root, as opened (the primary catalog's, for a collection). */
    public String root() {
        return root;
    }

    /** The properties file's entries. */
    public Map<String, String> properties() {
        return properties;
    }

    /** The catalog's name ({@code obs_collection}), else the last part of its root. */
    public String name() {
        String n = properties.get("obs_collection");
        return n != null ? n : new Path(root).getName();
    }

    /** {@code dataproduct_type}: {@code object}, {@code source}, {@code margin}, {@code index}, ... or null. */
    public String dataproductType() {
        String t = properties.get("dataproduct_type");
        return t == null ? null : t.toLowerCase(Locale.ROOT);
    }

    /** Whether this is a margin cache ({@code dataproduct_type=margin}): its partitions hold their neighbours' rows. */
    public boolean isMargin() {
        return "margin".equals(dataproductType());
    }

    /** The right ascension column ({@code hats_col_ra}), or null when the catalog has no positions. */
    public String raColumn() {
        return properties.get("hats_col_ra");
    }

    /** The declination column ({@code hats_col_dec}), or null. */
    public String decColumn() {
        return properties.get("hats_col_dec");
    }

    /** The HEALPix index column ({@code hats_col_healpix}, default {@code _healpix_29}) when the schema has it, else null. */
    public String healpixColumn() {
        String c = properties.getOrDefault("hats_col_healpix", DEFAULT_HEALPIX_COLUMN);
        return columnNames().contains(c) ? c : null;
    }

    /** The order of the HEALPix index column ({@code hats_col_healpix_order}, default 29). */
    public int healpixOrder() {
        String o = properties.get("hats_col_healpix_order");
        try {
            return o == null ? 29 : Integer.parseInt(o);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("HATS catalog " + root + ": hats_col_healpix_order is '" + o
                    + "'; expected a HEALPix order from 0 to 29");
        }
    }

    /** {@code hats_nrows}, as the properties say (possibly stale); null when absent. */
    public Long declaredRows() {
        String n = properties.get("hats_nrows");
        try {
            return n == null ? null : Long.parseLong(n);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The primary catalog a margin or index belongs to ({@code hats_primary_table_url}), or null. */
    public String primaryTableUrl() {
        return properties.get("hats_primary_table_url");
    }

    /** A margin's {@code hats_margin_threshold} in arc seconds; 0 for other catalogs. */
    public double marginThresholdArcsec() {
        String t = properties.get("hats_margin_threshold");
        if (t == null) {
            return 0;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("HATS catalog " + root + ": hats_margin_threshold is '" + t
                    + "'; expected a number of arc seconds");
        }
    }

    /** The partitions, by order then pixel. */
    public List<Partition> partitions() {
        return partitions;
    }

    /**
     * Data files under {@code dataset/} that belong to no pixel (an index catalog's, as {@code _metadata} names
     * them), relative to {@code dataset/}.
     */
    public List<String> otherFiles() {
        return otherFiles;
    }

    /** The Parquet schema of the catalog's rows. */
    public MessageType schema() {
        return schema;
    }

    /** The top-level column names of the schema, in order. */
    public List<String> columnNames() {
        List<String> names = new ArrayList<>();
        for (Type t : schema.getFields()) {
            names.add(t.getName());
        }
        return names;
    }

    /**
     * The margin caches this catalog knows (the collection's, in its order, else none), each opened for its
     * threshold.
     */
    public List<Margin> margins() {
        List<Margin> out = new ArrayList<>();
        for (String m : marginPaths) {
            out.add(margin(conf, m));
        }
        return out;
    }

    /** The collection's default margin (or its first), or null when the catalog knows none. */
    public Margin defaultMargin() {
        if (defaultMargin != null) {
            return margin(conf, defaultMargin);
        }
        return marginPaths.isEmpty() ? null : margin(conf, marginPaths.get(0));
    }

    /**
     * A margin catalog's path and threshold, from its properties.
     *
     * @throws IllegalArgumentException when the path is not a HATS margin catalog
     */
    public static Margin margin(Configuration conf, String path) {
        String p = stripSlash(path);
        try {
            FileSystem fs = new Path(p).getFileSystem(conf);
            Map<String, String> props = catalogProperties(fs, new Path(p));
            if (props == null) {
                throw new IllegalArgumentException(
                        "Not a HATS catalog: the margin " + p + " has neither hats.properties nor properties");
            }
            if (!"margin".equalsIgnoreCase(props.get("dataproduct_type"))) {
                throw new IllegalArgumentException("Not a HATS margin catalog: " + p + " has dataproduct_type="
                        + props.get("dataproduct_type") + "; expected margin");
            }
            String t = props.get("hats_margin_threshold");
            try {
                return new Margin(p, t == null ? 0 : Double.parseDouble(t));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("HATS catalog " + p + ": hats_margin_threshold is '" + t
                        + "'; expected a number of arc seconds");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the HATS margin at " + p + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The files of a partition with their sizes: {@code dataset/Norder=k/Dir=d/Npix=n<hats_npix_suffix>}, or
     * the data files in that directory when the suffix is {@code /}.
     *
     * @throws IllegalArgumentException when the partition's file is missing
     */
    public List<FileStatus> files(Partition p) {
        String suffix = suffix(properties);
        try {
            List<FileStatus> f = files(new Path(root).getFileSystem(conf), root, suffix, p);
            if (f.isEmpty()) {
                throw new IllegalArgumentException("HATS catalog " + root + ": partition " + p
                        + " is listed but its file dataset/Norder=" + p.order() + "/Dir=" + p.dir() + "/Npix="
                        + p.pixel() + suffix + " is missing");
            }
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Listing HATS partition " + p + " of " + root + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The exact number of rows: the row groups' counts in {@code dataset/_metadata} when it names every
     * partition's files, else in each partition file's footer (never {@code hats_nrows}, which may be stale).
     */
    public long countRows() {
        try {
            FileSystem fs = new Path(root).getFileSystem(conf);
            Path meta = new Path(root, "dataset/_metadata");
            if (fs.exists(meta)) {
                ParquetMetadata m = footer(conf, meta);
                Set<Partition> named = new LinkedHashSet<>();
                long rows = 0;
                for (BlockMetaData b : m.getBlocks()) {
                    Partition p = b.getPath() == null ? null : parse(b.getPath());
                    if (p != null) {
                        named.add(p);
                    }
                    rows += b.getRowCount();
                }
                if (named.containsAll(partitions)) {
                    return rows;
                }
            }
            long rows = 0;
            List<FileStatus> all = new ArrayList<>(otherFileStatuses());
            for (Partition p : partitions) {
                all.addAll(files(p));
            }
            for (FileStatus f : all) {
                for (BlockMetaData b : footer(conf, f.getPath()).getBlocks()) {
                    rows += b.getRowCount();
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Counting the rows of HATS catalog " + root + " failed: " + e.getMessage(), e);
        }
    }

    /** The {@link #otherFiles()} with their sizes. */
    public List<FileStatus> otherFileStatuses() {
        List<FileStatus> out = new ArrayList<>();
        try {
            FileSystem fs = new Path(root).getFileSystem(conf);
            for (String f : otherFiles) {
                out.add(fs.getFileStatus(new Path(root + "/dataset/" + f)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Listing the files of HATS catalog " + root + " failed: " + e.getMessage(), e);
        }
        return out;
    }

    /** Refuses properties that name columns the schema lacks, saying which property names which column. */
    private void checkColumns() {
        List<String> names = columnNames();
        for (String key : List.of("hats_col_ra", "hats_col_dec", "hats_col_healpix")) {
            String c = properties.get(key);
            if (c != null && !names.contains(c)) {
                throw new IllegalArgumentException("HATS catalog " + root + ": its properties name column '" + c
                        + "' (" + key + "), which is not in the catalog's schema; its columns are "
                        + String.join(", ", names));
            }
        }
        if ((raColumn() == null) != (decColumn() == null)) {
            throw new IllegalArgumentException("HATS catalog " + root + ": its properties name "
                    + (raColumn() == null ? "hats_col_dec but not hats_col_ra" : "hats_col_ra but not hats_col_dec")
                    + "; expected both or neither");
        }
    }

    @Override
    public String toString() {
        return "HATS catalog " + name() + " at " + root + " (" + partitions.size() + " partitions)";
    }
}
