package org.mastspark.connector.read.panstarrs;

import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.ClientMetrics;
import org.mastspark.connector.client.PanstarrsClient;
import org.mastspark.connector.read.MastSource;
import org.mastspark.connector.read.SourceQuery;
import org.mastspark.connector.read.service.ServiceOptions;

/**
 * A Pan-STARRS table of MAST's catalogs API ({@code load("catalogs/panstarrs/dr2/mean")}). Its schema comes
 * from {@code metadata.json} (one request on the driver, asked at most once per source), unless the user gives
 * one. Scans are {@link PanstarrsSearch}es.
 */
public final class PanstarrsSource implements MastSource {
    /** astroquery's default radius for catalogs: 0.2 degree. */
    static final double DEFAULT_RADIUS_DEG = 0.2;

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
            schema = PanstarrsSchemas.fromColumns(new PanstarrsClient(ServiceOptions.catalogsConfig(options))
                    .metadata(path.release(), path.table(), new ClientMetrics()));
        }
        return schema;
    }

    @Override
    public SourceQuery newQuery(MastOptions scanOptions, StructType tableSchema) {
        return new PanstarrsSearch(scanOptions, tableSchema, path);
    }
}
