package org.mastspark.connector.read.meta;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.read.Comparison;
import org.mastspark.connector.read.MastPartition;
import org.mastspark.connector.read.MastSource;
import org.mastspark.connector.read.PlannedRequests;
import org.mastspark.connector.read.Pushdown;
import org.mastspark.connector.read.SourceQuery;
import org.mastspark.connector.read.panstarrs.PanstarrsSource;
import org.mastspark.connector.schema.MastSchemas;

/**
 * {@code load("meta/columns")} ({@code mast.meta.columns}): the column metadata MAST gives for each table, one
 * row per column: astroquery's {@code Observations.get_metadata("observations"|"products")} (Portal
 * {@code columnsconfig}; the same for the Portal catalogs, with the configuration astroquery's {@code Catalogs}
 * asks), {@code MastMissions.get_column_list()} ({@code column_list?mission=}) and the Pan-STARRS
 * {@code metadata.json}. One MAST request, and one partition, per table.
 *
 * <p>{@code table_name = '...'}, {@code table_name IN (...)} and {@code table_name LIKE 'prefix%'} choose the
 * tables asked (Spark checks them again): without them a read asks every table of {@link MetaTableNames#all()}
 * (observations, products, the seven Portal catalogs, the missions astroquery knows, the six Pan-STARRS tables); with an equality any
 * mission can be named ({@code table_name = 'missions.tess'}). A name MAST cannot describe asks nothing.
 */
public final class MetaColumnsSource implements MastSource {
    /** The {@code load()} path. */
    public static final String PATH = "meta/columns";

    /** The column that chooses the tables asked. */
    static final String TABLE_NAME = "table_name";

    @Override
    public String describe() {
        return PATH;
    }

    @Override
    public StructType schema() {
        return MetaSchemas.COLUMNS;
    }

    @Override
    public SourceQuery newQuery(MastOptions options, StructType schema) {
        return new Query(options, schema);
    }

    private static final class Query extends SourceQuery {
        /** The tables a pushed predicate allows, in order; null while none was pushed (every known table). */
        private Set<String> tables;

        Query(MastOptions options, StructType schema) {
            super(options, schema);
        }

        @Override
        protected Pushdown push(Comparison c) {
            if (!c.column().equals(TABLE_NAME)) {
                return Pushdown.SPARK;
            }
            Set<String> allowed = new LinkedHashSet<>();
            switch (c.op()) {
                case "=", "IN" -> allowed.addAll(c.texts());
                case "STARTS_WITH" -> {
                    String prefix = c.texts().get(0);
                    for (String t : tables == null ? MetaTableNames.all() : tables) {
                        if (t.startsWith(prefix)) {
                            allowed.add(t);
                        }
                    }
                }
                default -> {
                    return Pushdown.SPARK;
                }
            }
            if (tables != null) {
                allowed.retainAll(tables);
            }
            tables = allowed;
            return Pushdown.RECHECK;
        }

        /** The tables this read asks MAST about, in order. */
        private List<String> asked() {
            List<String> out = new ArrayList<>();
            for (String t : tables == null ? MetaTableNames.all() : tables) {
                if (MetaTableNames.describable(t)) {
                    out.add(t);
                }
            }
            return out;
        }

        @Override
        protected String describe() {
            List<String> asked = asked();
            return PATH + " [" + asked.size() + (asked.size() == 1 ? " table: " : " tables: ")
                    + String.join(", ", asked) + "]";
        }

        @Override
        protected List<? extends MastPartition> plan(Read read) {
            List<String> asked = asked();
            PlannedRequests.check(options, PATH, asked.size(), "one per table described");
            MastClientConfig config = options.clientConfig();
            MastClientConfig catalogs = PanstarrsSource.catalogsConfig(options);
            List<MastPartition> parts = new ArrayList<>();
            for (String t : asked) {
                parts.add(new MetaPartition(
                        MetaPartition.Kind.COLUMNS,
                        t,
                        config,
                        t.startsWith("catalogs.panstarrs.") ? catalogs : null,
                        MastSchemas.layout(read.required()),
                        read.limit()));
            }
            return parts;
        }
    }
}
