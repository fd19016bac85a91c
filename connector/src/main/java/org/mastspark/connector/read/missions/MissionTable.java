package org.mastspark.connector.read.missions;

import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.ClientMetrics;
import org.mastspark.connector.client.MissionClient;

/**
 * A mission's search table ({@code load("missions/hst")}) or the products of its datasets
 * ({@code load("missions/hst/products")}) as a Spark table, readable in batch. The search table's schema
 * comes from MAST's {@code column_list} (one request on the driver), unless the user gives one.
 */
public final class MissionTable implements SupportsRead {
    private final MastOptions options;
    private final MissionPath path;
    private final StructType schema;

    private MissionTable(MastOptions options, MissionPath path, StructType schema) {
        this.options = options;
        this.path = path;
        this.schema = schema;
    }

    /** Whether {@code load(path)} names a mission table. */
    public static boolean handles(String path) {
        return MissionPath.handles(path);
    }

    /** @param schema the user's schema, or null for MAST's */
    public static MissionTable of(MastOptions options, String path, StructType schema) {
        MissionPath p = MissionPath.parse(path);
        return new MissionTable(options, p, schema != null ? schema : schemaOf(options, p));
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

    @Override
    public String name() {
        return "mast." + path.describe();
    }

    @Override
    public StructType schema() {
        return schema;
    }

    @Override
    public Set<TableCapability> capabilities() {
        return Set.of(TableCapability.BATCH_READ);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap ignored) {
        return new MissionScanBuilder(options, path, schema);
    }
}
