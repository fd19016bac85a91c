package org.mastspark.connector.read.panstarrs;

import java.util.List;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.panstarrs.PanstarrsClient;
import org.mastspark.connector.client.panstarrs.PanstarrsQuery;
import org.mastspark.connector.options.PanstarrsKeys;
import org.mastspark.connector.read.MastSource;
import org.mastspark.connector.read.PositionColumns;
import org.mastspark.connector.read.SourceQuery;

/**
 * A Pan-STARRS table of MAST's catalogs API ({@code load("catalogs/panstarrs/dr2/mean")}). Its schema comes
 * from {@code metadata.json} (one request on the driver, asked at most once per source), unless the user gives
 * one. Scans are {@link PanstarrsSearch}es.
 */
public final class PanstarrsSource implements MastSource {

    private final MastOptions options;
    private final PanstarrsPath path;
    private StructType schema;

    private PanstarrsSource(MastOptions options, PanstarrsPath path) {
        this.options = options;
        this.path = path;
    }

    /** Whether {@code load(path)} names a Pan-STARRS table. */
    public static boolean handles(String path) {
        return PanstarrsPath.handles(path);
    }

    /** The releases {@code catalogs/panstarrs/<release>/<table>} takes, in order. */
    public static List<String> releases() {
        return List.copyOf(PanstarrsQuery.RELEASE_TABLES.keySet());
    }

    /** The tables of a release (lower case), in order; empty for a release MAST does not serve. */
    public static List<String> tables(String release) {
        return PanstarrsQuery.tables(release);
    }

    /**
     * Whether some release has the table: a {@code catalogs/panstarrs/<release>/<table>} of a release without it
     * is refused with {@link PanstarrsQuery#missingTable}, not as an unknown table.
     */
    public static boolean isTable(String table) {
        return PanstarrsQuery.TABLES.contains(table);
    }

    /**
     * The source of a {@code load(path)}.
     *
     * @param options the table's reader options, resolved
     * @throws IllegalArgumentException naming the path, the releases and the tables
     */
    public static PanstarrsSource of(String path, MastOptions options) {
        return new PanstarrsSource(options, PanstarrsPath.parse(path));
    }

    @Override
    public String describe() {
        return path.describe();
    }

    @Override
    public synchronized StructType schema() {
        if (schema == null) {
            schema = PanstarrsSchemas.fromColumns(new PanstarrsClient(catalogsConfig(options))
                    .metadata(path.release(), path.table(), new ClientMetrics()));
        }
        return schema;
    }

    /** The table's position columns (UCD {@code pos.eq.ra;meta.main}, else raMean/decMean, ...), or null. */
    @Override
    public PositionColumns position() {
        String[] radec = PanstarrsSearch.positionColumns(schema());
        return radec == null ? null : new PositionColumns(radec[0], radec[1]);
    }

    @Override
    public SourceQuery newQuery(MastOptions scanOptions, StructType tableSchema) {
        return new PanstarrsSearch(scanOptions, tableSchema, path);
    }

    /**
     * HTTP settings for the catalogs API: option {@code catalogsUrl}, else {@code baseUrl} when set (the
     * emulator serves the catalogs API too), else MAST's public catalogs API.
     */
    public static MastClientConfig catalogsConfig(MastOptions options) {
        String url = options.get(PanstarrsKeys.CATALOGS_URL);
        if (url == null) {
            url = options.get(MastOptions.BASE_URL) != null
                    ? options.get(MastOptions.BASE_URL)
                    : PanstarrsClient.DEFAULT_URL;
        }
        return options.clientConfig().toBuilder().baseUrl(url).build();
    }
}
