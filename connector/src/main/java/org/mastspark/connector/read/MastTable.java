package org.mastspark.connector.read;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.connector.catalog.MetadataColumn;
import org.apache.spark.sql.connector.catalog.SupportsMetadataColumns;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * Any MAST source as a Spark table ({@code mast.<path>}), readable in batch: its schema (the source's, or the
 * user's once checked) and a scan builder per scan, with the scan's own options laid over the table's.
 * Created on the driver by {@code MastTableProvider}; immutable.
 */
public final class MastTable implements SupportsRead, SupportsMetadataColumns {
    private final TableOptions options;
    private final MastSource source;
    private final StructType schema;

    /**
     * @param options the table's reader options, resolved
     * @param source the MAST API the table reads
     * @param schema the table's schema: the source's, or the user's
     */
    public MastTable(TableOptions options, MastSource source, StructType schema) {
        this.options = options;
        this.source = source;
        this.schema = schema;
    }

    /** The MAST API the table reads (for the cross-match, which recognises HATS reads). */
    public MastSource source() {
        return source;
    }

    @Override
    public String name() {
        return "mast." + source.describe();
    }

    @Override
    public StructType schema() {
        return schema;
    }

    @Override
    public Set<TableCapability> capabilities() {
        return Set.of(TableCapability.BATCH_READ);
    }

    /** The source's metadata columns ({@link MastSource#metadataColumns}); none for most sources. */
    @Override
    public MetadataColumn[] metadataColumns() {
        return source.metadataColumns();
    }

    /**
     * @param scanOptions this scan's options, laid over the table's (see {@link TableOptions#forScan}); a cone
     *     found among the scan's predicates is laid over them in turn ({@link MastScanBuilder})
     */
    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap scanOptions) {
        return new MastScanBuilder(source, schema, cone -> {
            // keyed without case, so the cone's radius replaces a scan option spelled "Radius"
            Map<String, String> merged = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            merged.putAll(scanOptions.asCaseSensitiveMap());
            merged.putAll(cone);
            return source.newQuery(options.forScan(new CaseInsensitiveStringMap(merged)), schema);
        });
    }
}
