package org.mastspark.connector.sql;

import java.util.List;
import org.apache.spark.sql.connector.catalog.functions.UnboundFunction;
import org.mastspark.connector.MastOptions;

/** The functions of {@link MastSqlCatalog}. */
public final class SqlFunctions {
    private SqlFunctions() {}

    /** Every function name the catalog lists. */
    public static List<String> names() {
        return List.of();
    }

    /**
     * The function of that name (any case), or null when there is none.
     *
     * @param catalogOptions the catalog's options, resolved
     */
    public static UnboundFunction load(String name, MastOptions catalogOptions) {
        return null;
    }
}
