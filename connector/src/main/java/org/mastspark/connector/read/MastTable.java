package org.mastspark.connector.read;

import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.read.service.TableOptions;
import org.mastspark.connector.schema.MastSchemas;

/** A MAST dataset as a Spark table: readable in batch. */
public final class MastTable implements SupportsRead {
    private final TableOptions options;
    private final MastDataset dataset;
    private final StructType schema;

    MastTable(TableOptions options, MastDataset dataset, StructType schema) {
        this.options = options;
        this.dataset = dataset;
        this.schema = schema;
    }

    /**
     * The table a {@code load(path)} names.
     *
     * @param schema the user's schema, or null for the dataset's own
     */
    public static MastTable of(TableOptions options, String path, StructType schema) {
        MastDataset dataset = MastDataset.parse(path);
        return new MastTable(options, dataset, schema != null ? schema : schemaOf(options.options(), dataset));
    }

    /** The schema of a dataset: fixed for observations and products, MAST's declaration for a raw service. */
    public static StructType schemaOf(MastOptions options, String path) {
        return schemaOf(options, MastDataset.parse(path));
    }

    /**
     * The source's schema, to check a user's against; null when a Portal service or catalog declares no
     * columns, where the user's schema is the only one there is.
     */
    public static StructType declaredSchema(MastOptions options, String path) {
        try {
            return schemaOf(options, path);
        } catch (MastException e) {
            if (e.getMessage() != null && e.getMessage().contains(" declared no columns")) {
                return null;
            }
            throw e;
        }
    }

    private static StructType schemaOf(MastOptions options, MastDataset dataset) {
        return switch (dataset.kind()) {
            case OBSERVATIONS -> MastSchemas.observations();
            case PRODUCTS -> MastSchemas.products();
            case PORTAL -> new MastPlanner(options, dataset).portalSchema();
            case CATALOG -> new MastPlanner(options, dataset).catalogSchema();
        };
    }

    @Override
    public String name() {
        return "mast." + dataset.describe();
    }

    @Override
    public StructType schema() {
        return schema;
    }

    @Override
    public Set<TableCapability> capabilities() {
        return Set.of(TableCapability.BATCH_READ);
    }

    /** @param scanOptions this scan's options, laid over the table's (see {@link TableOptions#forScan}) */
    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap scanOptions) {
        return new MastScanBuilder(options.forScan(scanOptions), dataset, schema);
    }
}
