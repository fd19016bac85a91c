package org.mastspark.connector.read.service;

import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.read.TableOptions;

/**
 * What the tables of MAST's service APIs (missions, Pan-STARRS) share: a name {@code mast.<path>}, a fixed
 * schema (MAST's, or the user's) and batch reads only. Subclasses create their scan builders. Created on the
 * driver by {@code MastTableProvider}; immutable.
 */
public abstract class ServiceTable implements SupportsRead {
    private final TableOptions options;
    private final String description;
    private final StructType schema;

    /** @param description the path as plans show it, e.g. {@code missions/hst} */
    protected ServiceTable(TableOptions options, String description, StructType schema) {
        this.options = options;
        this.description = description;
        this.schema = schema;
    }

    /**
     * The options a scan reads with: its own over the table's, with {@code format("mast")}'s precedence.
     *
     * @param scanOptions the options Spark (or a SQL catalog) gives {@code newScanBuilder}
     */
    protected final MastOptions scanOptions(CaseInsensitiveStringMap scanOptions) {
        return options.forScan(scanOptions);
    }

    @Override
    public final String name() {
        return "mast." + description;
    }

    @Override
    public final StructType schema() {
        return schema;
    }

    @Override
    public final Set<TableCapability> capabilities() {
        return Set.of(TableCapability.BATCH_READ);
    }
}
