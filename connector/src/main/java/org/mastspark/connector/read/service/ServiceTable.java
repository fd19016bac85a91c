package org.mastspark.connector.read.service;

import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastOptions;

/**
 * What the tables of MAST's service APIs (missions, Pan-STARRS) share: a name {@code mast.<path>}, a fixed
 * schema (MAST's, or the user's) and batch reads only. Subclasses create their scan builders. Created on the
 * driver by {@code MastTableProvider}; immutable.
 */
public abstract class ServiceTable implements SupportsRead {
    private final MastOptions options;
    private final String description;
    private final StructType schema;

    /** @param description the path as plans show it, e.g. {@code missions/hst} */
    protected ServiceTable(MastOptions options, String description, StructType schema) {
        this.options = options;
        this.description = description;
        this.schema = schema;
    }

    /** The resolved read options. */
    protected final MastOptions options() {
        return options;
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
