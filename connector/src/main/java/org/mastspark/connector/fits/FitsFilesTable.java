package org.mastspark.connector.fits;

import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** The FITS files of one load as a Spark table, readable in batch. Created on the driver; immutable. */
final class FitsFilesTable implements SupportsRead {
    private final FitsSource source;

    FitsFilesTable(FitsSource source) {
        this.source = source;
    }

    @Override
    public String name() {
        return "fits." + String.join(",", source.options().paths());
    }

    @Override
    public StructType schema() {
        return source.spec().schema();
    }

    @Override
    public Set<TableCapability> capabilities() {
        return Set.of(TableCapability.BATCH_READ);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
        return new FitsScanBuilder(source);
    }
}
