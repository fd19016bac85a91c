package org.mastspark.connector.read.portal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.options.ReadKeys;
import org.mastspark.connector.read.Comparison;
import org.mastspark.connector.read.MastPartition;
import org.mastspark.connector.read.MastSource;
import org.mastspark.connector.read.PositionColumns;
import org.mastspark.connector.read.Pushdown;
import org.mastspark.connector.read.SearchRegion;
import org.mastspark.connector.read.SourceQuery;
import org.mastspark.connector.schema.MastSchemas;

/**
 * {@code load("catalogs/<name>")}: a MAST catalog served by the Portal (TIC, CTL, Gaia, HSC, GALEX, Disk
 * Detective, PLATO; {@link MastCatalog}), as astroquery's {@code Catalogs.query_region} and
 * {@code query_criteria} ask them. With a position the read is sky-tiled by {@link CatalogPlanner}; the criteria
 * catalogs (TIC, CTL, Disk Detective) also take predicates as Portal filters ({@link PortalFilters}) and can be
 * read without a position. Each row gets its distance from the centre ({@code dstArcSec}) and, when asked, its
 * HEALPix cell.
 */
public final class PortalCatalogSource implements MastSource {

    /** The catalogs' names, for messages. */
    public static final String NAMES = MastCatalog.NAMES;

    /** The names {@code catalogs/<name>} takes, lower case, in order. */
    public static List<String> names() {
        return MastCatalog.CATALOGS;
    }

    private final String name;
    private final MastOptions options;

    private PortalCatalogSource(String name, MastOptions options) {
        this.name = name;
        this.options = options;
    }

    /** Whether {@code load(path)} names a Portal catalog (other paths under {@code catalogs/} are matched first). */
    public static boolean handles(String path) {
        return path.toLowerCase(Locale.ROOT).startsWith("catalogs/");
    }

    /**
     * The source a {@code load("catalogs/<name>")} names.
     *
     * @throws IllegalArgumentException naming the catalogs there are
     */
    public static MastSource of(String path, MastOptions options) {
        String name = path.substring("catalogs/".length()).trim();
        MastCatalog.parse(name, null);
        return new PortalCatalogSource(name.toLowerCase(Locale.ROOT), options);
    }

    private MastCatalog catalog(MastOptions options) {
        return MastCatalog.parse(name, options.version());
    }

    @Override
    public String describe() {
        return "catalogs/" + name;
    }

    @Override
    public StructType schema() {
        return new CatalogPlanner(options, catalog(options), new ClientMetrics()).schema(options.coordinates());
    }

    /** The catalog's schema, or null when MAST declares no columns for it (the user's schema is then the one). */
    @Override
    public StructType declaredSchema() {
        try {
            return schema();
        } catch (MastException e) {
            if (e.getMessage() != null && e.getMessage().contains(" declared no columns")) {
                return null;
            }
            throw e;
        }
    }

    /**
     * The columns the catalog's cone service tests and the tiling keeps rows by: {@code ra}/{@code dec}, HSC's
     * {@code MatchRA}/{@code MatchDec} ({@link MastCatalog}).
     */
    @Override
    public PositionColumns position() {
        MastCatalog c = catalog(options);
        return new PositionColumns(c.raColumn(), c.decColumn());
    }

    @Override
    public SourceQuery newQuery(MastOptions scanOptions, StructType schema) {
        return new Query(scanOptions, schema, catalog(scanOptions));
    }

    /**
     * The {@code columns} parameter of a catalog criteria service: "*" or the required columns (never the
     * computed ones), always with the position columns the partitions test.
     */
    static String columns(StructType full, StructType required, MastCatalog catalog) {
        Set<String> names = new LinkedHashSet<>();
        int stored = 0;
        for (StructField f : full.fields()) {
            if (!isComputed(f.name())) {
                stored++;
            }
        }
        for (StructField f : required.fields()) {
            if (!isComputed(f.name())) {
                names.add(f.name());
            }
        }
        names.add(catalog.raColumn());
        names.add(catalog.decColumn());
        return names.size() >= stored ? "*" : String.join(",", names);
    }

    private static boolean isComputed(String name) {
        return name.equals(MastSchemas.DISTANCE_ARCSEC) || name.equals(MastSchemas.HEALPIX);
    }

    private final class Query extends SourceQuery {
        private final MastCatalog catalog;
        private final PortalFilters filters = new PortalFilters();

        Query(MastOptions options, StructType schema, MastCatalog catalog) {
            super(options, schema);
            this.catalog = catalog;
        }

        /** Cone-only catalogs take no criteria: Spark filters their rows. */
        @Override
        protected Pushdown push(Comparison c) {
            return catalog.hasCriteria() ? filters.push(c) : Pushdown.SPARK;
        }

        @Override
        protected Pushdown pushNotNull(StructField column, boolean pushed) {
            return filters.pushNotNull(pushed);
        }

        @Override
        protected String describe() {
            return "catalogs/" + name + SearchRegion.describe(options, ReadKeys.RADIUS) + " [filters="
                    + filters.toJson() + ']';
        }

        @Override
        protected List<MastPartition> plan(Read read) {
            ClientMetrics metrics = new ClientMetrics();
            SearchRegion region = SearchRegion.of(options, ReadKeys.RADIUS, metrics);
            return new CatalogPlanner(options, catalog, metrics)
                    .partitions(
                            region,
                            filters.toJson(),
                            columns(schema, read.required(), catalog),
                            read.required(),
                            read.limit());
        }
    }
}
