package org.mastspark.connector.read.panstarrs;

import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.panstarrs.PanstarrsClient;
import org.mastspark.connector.read.service.ServiceOptions;
import org.mastspark.connector.read.service.ServiceTable;
import org.mastspark.connector.read.service.TableOptions;

/**
 * A Pan-STARRS table of MAST's catalogs API ({@code load("catalogs/panstarrs/dr2/mean")}) as a Spark
 * table, readable in batch. Its schema comes from {@code metadata.json} (one request on the driver),
 * unless the user gives one.
 */
public final class PanstarrsTable extends ServiceTable {
    private final PanstarrsPath path;

    private PanstarrsTable(TableOptions options, PanstarrsPath path, StructType schema) {
        super(options, path.describe(), schema);
        this.path = path;
    }

    public static boolean handles(String path) {
        return PanstarrsPath.handles(path);
    }

    /** @param schema the user's schema, or null for MAST's */
    public static PanstarrsTable of(TableOptions options, String path, StructType schema) {
        PanstarrsPath p = PanstarrsPath.parse(path);
        return new PanstarrsTable(options, p, schema != null ? schema : schemaOf(options.options(), p));
    }

    public static StructType schemaOf(MastOptions options, String path) {
        return schemaOf(options, PanstarrsPath.parse(path));
    }

    private static StructType schemaOf(MastOptions options, PanstarrsPath path) {
        return PanstarrsSchemas.fromColumns(new PanstarrsClient(ServiceOptions.catalogsConfig(options))
                .metadata(path.release(), path.table(), new ClientMetrics()));
    }

    /** @param options this scan's options, laid over the table's */
    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
        return new PanstarrsScanBuilder(scanOptions(options), path, schema());
    }
}
