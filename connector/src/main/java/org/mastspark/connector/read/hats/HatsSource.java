package org.mastspark.connector.read.hats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.MetadataColumn;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.download.HadoopConf;
import org.mastspark.connector.hats.HatsCatalog;
import org.mastspark.connector.options.HatsKeys;
import org.mastspark.connector.options.ReadKeys;
import org.mastspark.connector.read.MastSource;
import org.mastspark.connector.read.PositionColumns;
import org.mastspark.connector.read.SourceQuery;
import org.mastspark.connector.schema.MastSchemas;
import org.mastspark.connector.text.Echo;

/**
 * {@code load("hats:<path>")} and {@code load("hats/<name>")}: a HATS catalog (HEALPix-partitioned Parquet, as
 * hats-import writes it and LSDB reads it) on any Hadoop FileSystem, such as the catalogs MAST publishes in its
 * public bucket. The schema is the catalog's Parquet schema ({@code ParquetSchemas}), with column
 * {@code healpix} when option {@code healpix} asks; each row's partition ({@code _hats_order},
 * {@code _hats_pixel}) is available as metadata columns. Scans are {@link HatsQuery}s.
 *
 * <p>Opened on the driver (it reads the catalog's properties, partition list and schema once); never sent to
 * executors.
 */
public final class HatsSource implements MastSource {
    /** The metadata column holding the HEALPix order of the row's HATS partition. */
    public static final String ORDER_COLUMN = "_hats_order";
    /** The metadata column holding the nested HEALPix pixel of the row's HATS partition. */
    public static final String PIXEL_COLUMN = "_hats_pixel";

    /** A HATS catalog MAST publishes, by short name: its key under {@code hatsRoot}, and its margin's short name. */
    record Published(String key, String margin) {}

    /** The short names {@code hats/<name>}, in the order messages list them. */
    static final Map<String, Published> PUBLISHED = published();

    /** The short names, for messages: {@code gaia_dr3, ps1_otmo, ps1_otmo_10arcs}. */
    public static final String SHORT_NAMES = String.join(", ", PUBLISHED.keySet());

    /** Options of other sources, refused by a HATS read, with where they apply. */
    private static final Map<String, String> FOREIGN = foreign();

    private final String path;
    private final String publishedMargin;
    private final MastOptions options;
    private final HadoopConf conf;
    private final HatsCatalog catalog;
    private final StructType schema;

    private HatsSource(
            String path,
            String publishedMargin,
            MastOptions options,
            HadoopConf conf,
            HatsCatalog catalog,
            StructType schema) {
        this.path = path;
        this.publishedMargin = publishedMargin;
        this.options = options;
        this.conf = conf;
        this.catalog = catalog;
        this.schema = schema;
    }

    private static Map<String, Published> published() {
        Map<String, Published> m = new LinkedHashMap<>();
        m.put("gaia_dr3", new Published("gaia/gaia_dr3/public/hats", null));
        m.put("ps1_otmo", new Published("panstarrs/ps1/public/hats/otmo", "ps1_otmo_10arcs"));
        m.put("ps1_otmo_10arcs", new Published("panstarrs/ps1/public/hats/otmo_10arcs", null));
        return m;
    }

    private static Map<String, String> foreign() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ReadKeys.PARAMS.name(), "portal:<Service> reads");
        m.put(ReadKeys.VERSION.name(), "catalogs/gaia and catalogs/hsc");
        m.put(ReadKeys.MATCH_ID.name(), "catalogs/hsc/matches");
        m.put(ReadKeys.SPLIT_COLUMN.name(), "observations");
        m.put("sortBy", "catalogs/panstarrs reads");
        m.put("pagePartitions", "catalogs/panstarrs reads");
        m.put("catalogsUrl", "catalogs/panstarrs reads");
        return m;
    }

    /** The short names {@code hats/<name>} of the catalogs MAST publishes, in order. */
    public static List<String> shortNames() {
        return List.copyOf(PUBLISHED.keySet());
    }

    /** Whether {@code load(path)} names a HATS catalog: {@code hats:<path>} or {@code hats/<name>}. */
    public static boolean handles(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        return p.startsWith("hats:") || p.startsWith("hats/");
    }

    /**
     * Opens the catalog a {@code load(path)} names.
     *
     * @param options the table's reader options, resolved
     * @throws IllegalArgumentException for an unknown short name, a path that is not a HATS catalog, or
     *     options that do not apply
     */
    public static HatsSource of(String path, MastOptions options) {
        refuseForeignOptions(path, options);
        String root;
        String margin = null;
        if (path.toLowerCase(Locale.ROOT).startsWith("hats/")) {
            String name = path.substring("hats/".length()).trim().toLowerCase(Locale.ROOT);
            Published p = PUBLISHED.get(name);
            if (p == null) {
                throw new IllegalArgumentException("Invalid value '" + Echo.of(path) + "' for the path of load(): no"
                        + " HATS catalog is published as '" + Echo.of(name) + "'; expected one of hats/"
                        + String.join(", hats/", PUBLISHED.keySet())
                        + ", or hats:<root of a HATS catalog> such as hats:s3a://stpubdata/gaia/gaia_dr3/public/hats");
            }
            root = stripSlash(options.get(HatsKeys.HATS_ROOT)) + "/" + p.key();
            margin = p.margin() == null
                    ? null
                    : stripSlash(options.get(HatsKeys.HATS_ROOT)) + "/"
                            + PUBLISHED.get(p.margin()).key();
        } else {
            root = uri(path.substring("hats:".length()).trim(), path);
        }
        Configuration hadoop = hadoopConf(options, root);
        HatsCatalog catalog = HatsCatalog.open(hadoop, root);
        String display =
                path.toLowerCase(Locale.ROOT).startsWith("hats/") ? path.toLowerCase(Locale.ROOT) : "hats:" + root;
        checkRegionOptions(display, catalog, options);
        return new HatsSource(
                display, margin, options, new HadoopConf(hadoop), catalog, schema(catalog, options, display));
    }

    /** {@code s3://} is read as {@code s3a://}; a path without a scheme is Hadoop's (relative to {@code fs.defaultFS}). */
    private static String uri(String given, String path) {
        if (given.isEmpty()) {
            throw new IllegalArgumentException("Invalid value '" + Echo.of(path) + "' for the path of load(): a HATS"
                    + " read needs the catalog's root after 'hats:', such as hats:s3a://stpubdata/gaia/gaia_dr3/public/hats,"
                    + " hats:hdfs://namenode/catalogs/x or hats:/data/catalogs/x");
        }
        String g = stripSlash(given);
        return g.regionMatches(true, 0, "s3://", 0, 5) ? "s3a://" + g.substring(5) : g;
    }

    private static String stripSlash(String s) {
        String t = s.trim();
        while (t.length() > 1 && t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    private static void refuseForeignOptions(String path, MastOptions options) {
        for (Map.Entry<String, String> e : FOREIGN.entrySet()) {
            if (options.get(e.getKey()) != null) {
                throw new IllegalArgumentException("Option '" + e.getKey() + "' does not apply to a HATS read ("
                        + Echo.of(path) + "): it is for " + e.getValue()
                        + "; leave it out (a HATS read takes coordinates or target, radius, healpix, healpixOrder,"
                        + " margin, partitionPerPixel, hatsRoot and fs.* Hadoop settings)");
            }
        }
    }

    private static void checkRegionOptions(String display, HatsCatalog catalog, MastOptions options) {
        boolean positions = catalog.raColumn() != null;
        if (!positions && (options.hasPosition() || options.healpix())) {
            String given = options.get(MastOptions.COORDINATES) != null
                    ? "coordinates"
                    : options.target() != null
                            ? "target"
                            : options.get(MastOptions.HEALPIX) != null ? "healpix" : "healpixOrder";
            throw new IllegalArgumentException("Option '" + given + "' does not apply to " + display
                    + ": the HATS catalog has no positions (its properties name no hats_col_ra and hats_col_dec;"
                    + " dataproduct_type=" + catalog.dataproductType() + "); leave it out");
        }
        if (!options.hasPosition() && options.get(MastOptions.RADIUS) != null) {
            throw new IllegalArgumentException("Option 'radius' was given without 'coordinates' or 'target': a HATS"
                    + " read of " + display + " has no cone without a centre; add one of them, or leave 'radius' out"
                    + " to read the whole catalog");
        }
    }

    /**
     * The Hadoop settings of a read: the session's (as Spark's file sources take them: the SparkContext's
     * configuration and {@code spark.hadoop.*}), then the read's {@code fs.*} options. MAST's public bucket
     * {@code stpubdata} is read anonymously, in its region, unless credentials are configured for S3A.
     */
    static Configuration hadoopConf(MastOptions options, String root) {
        scala.Option<SparkSession> active = SparkSession.getActiveSession();
        Configuration conf = active.isDefined()
                ? new Configuration(active.get().sparkContext().hadoopConfiguration())
                : new Configuration();
        if (active.isDefined()) {
            MastOptions.sessionSettings(active.get()).forEach((k, v) -> {
                if (k.startsWith("spark.hadoop.")) {
                    conf.set(k.substring("spark.hadoop.".length()), v);
                }
            });
        }
        options.startingWith(HatsKeys.HADOOP_PREFIX).forEach(conf::set);
        if (!root.regionMatches(true, 0, "s3a://stpubdata", 0, "s3a://stpubdata".length())) {
            return conf;
        }
        String b = "fs.s3a.bucket.stpubdata.";
        if (conf.get(b + "aws.credentials.provider") == null
                && conf.get(b + "access.key") == null
                && !configured(conf, "fs.s3a.aws.credentials.provider")
                && conf.get("fs.s3a.access.key") == null) {
            conf.set(b + "aws.credentials.provider", "org.apache.hadoop.fs.s3a.AnonymousAWSCredentialsProvider");
        }
        if (conf.get(b + "endpoint.region") == null && conf.get("fs.s3a.endpoint.region") == null) {
            conf.set(b + "endpoint.region", "us-east-1");
        }
        return conf;
    }

    /** Whether a setting was made by the user or a site file, not only by Hadoop's own defaults. */
    private static boolean configured(Configuration conf, String key) {
        if (conf.get(key) == null) {
            return false;
        }
        String[] sources = conf.getPropertySources(key);
        if (sources == null) {
            return true;
        }
        for (String source : sources) {
            if (!source.equals("core-default.xml")) {
                return true;
            }
        }
        return false;
    }

    private static StructType schema(HatsCatalog catalog, MastOptions options, String display) {
        StructType parquet = ParquetSchemas.toSpark(catalog.schema());
        if (!options.healpix()) {
            return parquet;
        }
        if (List.of(parquet.fieldNames()).contains(MastSchemas.HEALPIX)) {
            throw new IllegalArgumentException("Option 'healpix' cannot add column healpix to " + display
                    + ": the catalog has a column of that name already; leave the option out");
        }
        List<StructField> fields = new ArrayList<>(List.of(parquet.fields()));
        fields.add(new StructField(
                MastSchemas.HEALPIX,
                DataTypes.LongType,
                true,
                new MetadataBuilder()
                        .putString("comment", "Nested HEALPix cell of (ra, dec) at order " + options.healpixOrder())
                        .putLong("healpix_order", options.healpixOrder())
                        .build()));
        return new StructType(fields.toArray(new StructField[0]));
    }

    @Override
    public String describe() {
        return path;
    }

    @Override
    public StructType schema() {
        return schema;
    }

    /** The catalog as its files describe it. */
    public HatsCatalog catalog() {
        return catalog;
    }

    /** The Hadoop configuration the catalog is read with (the session's, the read's {@code fs.*} options). */
    public Configuration hadoopConf() {
        return conf.get();
    }

    /**
     * The margin cache of this catalog, for cross-matches: option {@code margin}, else the collection's default
     * margin, else (for a short name) the one MAST publishes beside it; null when none is known.
     *
     * @throws IllegalArgumentException when option {@code margin} names no HATS margin catalog
     */
    public HatsCatalog.Margin margin() {
        String given = options.get(HatsKeys.MARGIN);
        if (given != null) {
            return HatsCatalog.margin(conf.get(), uri(given, given));
        }
        HatsCatalog.Margin m = catalog.defaultMargin();
        if (m != null) {
            return m;
        }
        return publishedMargin == null ? null : HatsCatalog.margin(conf.get(), publishedMargin);
    }

    HadoopConf shippedConf() {
        return conf;
    }

    @Override
    public MetadataColumn[] metadataColumns() {
        return new MetadataColumn[] {
            column(ORDER_COLUMN, DataTypes.IntegerType, "HEALPix order of the row's HATS partition (Norder)"),
            column(PIXEL_COLUMN, DataTypes.LongType, "nested HEALPix pixel of the row's HATS partition (Npix)")
        };
    }

    private static MetadataColumn column(String name, DataType type, String comment) {
        return new MetadataColumn() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public DataType dataType() {
                return type;
            }

            @Override
            public boolean isNullable() {
                // an index catalog's rows belong to no partition pixel
                return true;
            }

            @Override
            public String comment() {
                return comment;
            }
        };
    }

    /**
     * The catalog's position columns as its properties name them ({@code hats_col_ra}, {@code hats_col_dec}), or
     * null for a catalog without positions.
     */
    @Override
    public PositionColumns position() {
        return catalog.raColumn() == null ? null : new PositionColumns(catalog.raColumn(), catalog.decColumn());
    }

    @Override
    public SourceQuery newQuery(MastOptions scanOptions, StructType tableSchema) {
        return new HatsQuery(this, scanOptions, tableSchema);
    }
}
