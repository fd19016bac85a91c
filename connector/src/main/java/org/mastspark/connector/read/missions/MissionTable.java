package org.mastspark.connector.read.missions;

import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.missions.MissionClient;
import org.mastspark.connector.read.service.ServiceTable;
import org.mastspark.connector.read.service.TableOptions;

/**
 * A mission's search table ({@code load("missions/hst")}) or the products of its datasets
 * ({@code load("missions/hst/products")}) as a Spark table, readable in batch. The search table's schema
 * comes from MAST's {@code column_list} (one request on the driver), unless the user gives one.
 */
public final class MissionTable extends ServiceTable {
    private final MissionPath path;

    private MissionTable(TableOptions options, MissionPath path, StructType schema) {
        super(options, path.describe(), schema);
        this.path = path;
    }

    /** Whether {@code load(path)} names a mission table. */
    public static boolean handles(String path) {
        return MissionPath.handles(path);
    }

    /** @param schema the user's schema, or null for MAST's */
    public static MissionTable of(TableOptions options, String path, StructType schema) {
        MissionPath p = MissionPath.parse(path);
        return new MissionTable(options, p, schema != null ? schema : schemaOf(options.options(), p));
    }

    public static StructType schemaOf(MastOptions options, String path) {
        return schemaOf(options, MissionPath.parse(path));
    }

    private static StructType schemaOf(MastOptions options, MissionPath path) {
        if (path.products()) {
            return MissionSchemas.products();
        }
        return MissionSchemas.fromColumns(
                new MissionClient(options.clientConfig()).columns(path.mission(), new ClientMetrics()));
    }

    /** @param options this scan's options, laid over the table's */
    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
        return new MissionScanBuilder(scanOptions(options), path, schema());
    }
}
