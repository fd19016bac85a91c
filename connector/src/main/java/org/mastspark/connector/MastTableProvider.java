package org.mastspark.connector;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.mastspark.connector.read.MastTable;
import org.mastspark.connector.read.missions.MissionTable;
import org.mastspark.connector.read.panstarrs.PanstarrsTable;

/**
 * The entry point of {@code spark.read().format("mast")}: {@code load("observations")},
 * {@code load("products")}, {@code load("portal:<Service>")}, {@code load("missions/<mission>")},
 * {@code load("missions/<mission>/products")} or {@code load("catalogs/panstarrs/<release>/<table>")}. Options are described in
 * {@link MastOptions}. A schema given with {@code .schema(...)} is honoured.
 */
public final class MastTableProvider implements TableProvider, DataSourceRegister {

    @Override
    public String shortName() {
        return "mast";
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        String path = path(options.asCaseSensitiveMap());
        MastOptions resolved = resolve(options.asCaseSensitiveMap());
        if (MissionTable.handles(path)) {
            return MissionTable.schemaOf(resolved, path);
        }
        if (PanstarrsTable.handles(path)) {
            return PanstarrsTable.schemaOf(resolved, path);
        }
        return MastTable.schemaOf(resolved, path);
    }

    @Override
    public boolean supportsExternalMetadata() {
        return true;
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        String path = path(properties);
        if (MissionTable.handles(path)) {
            return MissionTable.of(resolve(properties), path, schema);
        }
        if (PanstarrsTable.handles(path)) {
            return PanstarrsTable.of(resolve(properties), path, schema);
        }
        return MastTable.of(resolve(properties), path, schema);
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

    private static MastOptions resolve(Map<String, String> options) {
        Map<String, String> reader = new HashMap<>(options);
        reader.keySet().removeIf(k -> k.equalsIgnoreCase("path"));
        scala.Option<SparkSession> active = SparkSession.getActiveSession();
        return active.isDefined() ? MastOptions.resolve(reader, active.get()) : MastOptions.resolve(reader, Map.of());
    }
}
