package org.mastspark.connector.read.meta;

import java.util.List;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.read.MastPartition;
import org.mastspark.connector.read.MastSource;
import org.mastspark.connector.read.SourceQuery;
import org.mastspark.connector.schema.MastSchemas;

/**
 * {@code load("meta/missions")} ({@code mast.meta.missions}): astroquery's {@code Observations.list_missions()},
 * one row per mission in MAST's order, from the one request astroquery sends: Portal {@code Mast.Caom.All} in
 * {@code extjs} format. Predicates stay with Spark.
 */
public final class MetaMissionsSource implements MastSource {
    /** The {@code load()} path. */
    public static final String PATH = "meta/missions";

    @Override
    public String describe() {
        return PATH;
    }

    @Override
    public StructType schema() {
        return MetaSchemas.MISSIONS;
    }

    @Override
    public SourceQuery newQuery(MastOptions options, StructType schema) {
        return new SourceQuery(options, schema) {
            @Override
            protected String describe() {
                return PATH + " [" + MetaFetch.CAOM_ALL + " (extjs)]";
            }

            @Override
            protected List<? extends MastPartition> plan(Read read) {
                return List.of(new MetaPartition(
                        MetaPartition.Kind.MISSIONS,
                        null,
                        options.clientConfig(),
                        null,
                        MastSchemas.layout(read.required()),
                        read.limit()));
            }
        };
    }
}
