package org.mastspark.connector.read.missions;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.missions.MissionClient;
import org.mastspark.connector.client.missions.MissionSearch;
import org.mastspark.connector.read.MastSource;
import org.mastspark.connector.read.PositionColumns;
import org.mastspark.connector.read.SourceQuery;
import org.mastspark.connector.text.Echo;

/**
 * MAST's Mission Search API as a source: a mission's search table ({@code load("missions/hst")}, read with
 * {@link MissionSearchQuery}) or the products of its datasets ({@code load("missions/hst/products")}, read
 * with {@link MissionProductsQuery}). The search table's schema comes from MAST's {@code column_list} (one
 * request on the driver, only when the schema is asked for), the products schema is fixed.
 */
public final class MissionSource implements MastSource {
    /** The widest cone one mission search may ask: wider cones are tiled. */
    static final double MAX_CONE_DEG = MissionSearch.MAX_RADIUS_ARCSEC / 3600.0;

    /**
     * The missions astroquery knows a dataset keyword for, those MAST's Mission Search serves publicly (MAST has
     * no list of them: any mission it serves can be read by name).
     */
    public static final List<String> KNOWN_MISSIONS = List.of("hst", "jwst", "roman", "classy", "ullyses", "iue");

    private static final String PREFIX = "missions/";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_\\-]+");

    private final MastOptions options;
    private final String mission;
    private final boolean products;
    private StructType schema;

    private MissionSource(MastOptions options, String mission, boolean products) {
        this.options = options;
        this.mission = mission;
        this.products = products;
    }

    /** Whether a load path names a mission ({@code missions/...}). */
    public static boolean handles(String path) {
        return path != null && path.trim().toLowerCase(Locale.ROOT).startsWith(PREFIX);
    }

    /** Whether {@code missions/<name>} can name a mission: letters, digits, {@code _} and {@code -}. */
    public static boolean isMissionName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * The source a mission path names.
     *
     * @param options the table's reader options, resolved
     * @throws IllegalArgumentException naming the path and the accepted forms
     */
    public static MissionSource of(String path, MastOptions options) {
        String p = path.trim();
        String[] parts = p.substring(PREFIX.length()).split("/", -1);
        boolean ok = (parts.length == 1 || (parts.length == 2 && parts[1].equalsIgnoreCase("products")))
                && isMissionName(parts[0]);
        if (!ok) {
            throw new IllegalArgumentException("Invalid value '" + Echo.of(p) + "' for the path of load(): expected"
                    + " 'missions/<mission>' or 'missions/<mission>/products', such as 'missions/hst' or"
                    + " 'missions/jwst/products'");
        }
        return new MissionSource(options, parts[0].toLowerCase(Locale.ROOT), parts.length == 2);
    }

    @Override
    public String describe() {
        return PREFIX + mission + (products ? "/products" : "");
    }

    /** The lower-cased mission name, as MAST's paths take it. */
    String mission() {
        return mission;
    }

    @Override
    public synchronized StructType schema() {
        if (schema == null) {
            schema = products
                    ? MissionSchemas.products()
                    : MissionSchemas.fromColumns(
                            new MissionClient(options.clientConfig()).columns(mission, new ClientMetrics()));
        }
        return schema;
    }

    /**
     * The search table's position columns (those MAST's {@code column_list} marks qual_type ra and dec, which
     * its position search tests); null for a products table or a mission that marks none.
     */
    @Override
    public PositionColumns position() {
        if (products) {
            return null;
        }
        String[] radec = MissionSearchQuery.positionColumns(schema());
        return radec == null ? null : new PositionColumns(radec[0], radec[1]);
    }

    @Override
    public SourceQuery newQuery(MastOptions scanOptions, StructType tableSchema) {
        return products
                ? new MissionProductsQuery(scanOptions, tableSchema, this)
                : new MissionSearchQuery(scanOptions, tableSchema, this);
    }
}
