package org.mastspark.connector.fits;

import java.util.Map;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The entry point of {@code spark.read().format("fits").load(paths)}: FITS binary tables (and image HDUs)
 * from files, directories (recursive) and globs on any Hadoop FileSystem (file:, hdfs:, s3a:), one row per
 * table row, with a {@code path} column last. The options are listed in the README's section "Reading FITS
 * files"; a bad option value is refused naming the option, the value and what is expected.
 */
public final class FitsTableProvider implements TableProvider, DataSourceRegister {
    /** The load this instance planned in {@link #inferSchema} (Spark makes one provider instance per load). */
    private FitsSource source;

    private Map<String, String> sourceOptions;

    @Override
    public String shortName() {
        return "fits";
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        return source(options.asCaseSensitiveMap()).spec().schema();
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        return new FitsFilesTable(source(properties));
    }

    private synchronized FitsSource source(Map<String, String> options) {
        if (source == null || !options.equals(sourceOptions)) {
            source = FitsSource.open(FitsOptions.parse(options));
            sourceOptions = Map.copyOf(options);
        }
        return source;
    }
}
