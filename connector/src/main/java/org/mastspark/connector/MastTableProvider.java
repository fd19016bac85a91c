package org.mastspark.connector;

import java.util.Map;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.mastspark.connector.read.MastSource;
import org.mastspark.connector.read.MastTable;
import org.mastspark.connector.read.Sources;
import org.mastspark.connector.read.TableOptions;
import org.mastspark.connector.read.UserSchemas;

/**
 * The entry point of {@code spark.read().format("mast")}: {@code load("observations")},
 * {@code load("products")}, {@code load("portal:<Service>")}, {@code load("catalogs/<name>")},
 * {@code load("missions/<mission>")}, {@code load("missions/<mission>/products")} or
 * {@code load("catalogs/panstarrs/<release>/<table>")} ({@link Sources} lists them). Options are described in
 * {@link MastOptions}. A schema given with {@code .schema(...)} is honoured once checked against the source's:
 * its columns must be the source's, of types the source's values convert to.
 */
public final class MastTableProvider implements TableProvider, DataSourceRegister {
    /**
     * The schema this instance inferred, if any: Spark hands it back to {@link #getTable}, so any other
     * schema there is the user's. (Spark makes one provider instance per load.)
     */
    private StructType inferred;

    @Override
    public String shortName() {
        return "mast";
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        Map<String, String> properties = options.asCaseSensitiveMap();
        inferred = Sources.open(
                        path(properties), TableOptions.resolve(properties).options())
                .schema();
        return inferred;
    }

    @Override
    public boolean supportsExternalMetadata() {
        return true;
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        String path = path(properties);
        TableOptions tableOptions = TableOptions.resolve(properties);
        MastSource source = Sources.open(path, tableOptions.options());
        if (schema != null && schema != inferred) {
            // the user's schema: checked against the source's before any row is asked
            StructType declared = source.declaredSchema();
            if (declared != null) {
                UserSchemas.check(path.trim(), schema, declared);
            }
        }
        return new MastTable(tableOptions, source, schema != null ? schema : source.schema());
    }

    private static String path(Map<String, String> options) {
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (e.getKey().equalsIgnoreCase("path")) {
                return e.getValue();
            }
        }
        throw new IllegalArgumentException(
                "No dataset given: use load(\"observations\"), load(\"products\"), load(\"portal:<Service>\"),"
                        + " load(\"missions/hst\") or load(\"catalogs/panstarrs/dr2/mean\")");
    }
}
