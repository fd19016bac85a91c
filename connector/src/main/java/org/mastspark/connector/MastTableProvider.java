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
import scala.jdk.javaapi.CollectionConverters;

/**
 * The entry point of {@code spark.read().format("mast")}: {@code load("observations")},
 * {@code load("products")} or {@code load("portal:<Service>")}. Options are described in
 * {@link MastOptions}. A schema given with {@code .schema(...)} is honoured.
 */
public final class MastTableProvider implements TableProvider, DataSourceRegister {

    @Override
    public String shortName() {
        return "mast";
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        return MastTable.schemaOf(resolve(options.asCaseSensitiveMap()), path(options.asCaseSensitiveMap()));
    }

    @Override
    public boolean supportsExternalMetadata() {
        return true;
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        return MastTable.of(resolve(properties), path(properties), schema);
    }

    private static String path(Map<String, String> options) {
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (e.getKey().equalsIgnoreCase("path")) {
                return e.getValue();
            }
        }
        throw new IllegalArgumentException(
                "No dataset given: use load(\"observations\"), load(\"products\") or" + " load(\"portal:<Service>\")");
    }

    private static MastOptions resolve(Map<String, String> options) {
        Map<String, String> session = new HashMap<>();
        SparkSession.getActiveSession().foreach(s -> {
            session.putAll(CollectionConverters.asJava(s.conf().getAll()));
            return null;
        });
        Map<String, String> reader = new HashMap<>(options);
        reader.keySet().removeIf(k -> k.equalsIgnoreCase("path"));
        return MastOptions.resolve(reader, session);
    }
}
