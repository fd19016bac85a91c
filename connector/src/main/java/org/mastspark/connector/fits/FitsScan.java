package org.mastspark.connector.fits;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A planned read of FITS files: the files whose path passes the pushed predicates, packed and split into
 * partitions once, lazily, on the driver. The description (shown by {@code explain()}) names the files, the
 * partitions, the HDU, the mode and the pruning predicates.
 */
final class FitsScan implements Scan, Batch {
    private static final Logger LOG = LoggerFactory.getLogger(FitsScan.class);

    private final FitsSource source;
    private final StructType readSchema;
    private final List<FitsFileFilter> filters;
    private List<FitsFile> files;
    private List<FitsPartition> partitions;

    FitsScan(FitsSource source, StructType readSchema, List<FitsFileFilter> filters) {
        this.source = source;
        this.readSchema = readSchema;
        this.filters = List.copyOf(filters);
    }

    @Override
    public StructType readSchema() {
        return readSchema;
    }

    private synchronized void plan() {
        if (partitions != null) {
            return;
        }
        List<FitsFile> kept = new ArrayList<>();
        Set<String> known = Set.of(FitsSpec.PATH);
        for (FitsFile f : source.files()) {
            if (!FitsFileFilter.skips(filters, c -> f.path(), known)) {
                kept.add(f);
            }
        }
        files = List.copyOf(kept);
        partitions = List.copyOf(FitsPlanner.plan(source.spec(), source.conf().get(), files));
        LOG.info("{}", description());
    }

    @Override
    public String description() {
        plan();
        FitsOptions o = source.options();
        StringBuilder sb = new StringBuilder("FITS ")
                .append(files.size())
                .append(" of ")
                .append(source.files().size())
                .append(" files");
        if (files.size() < source.files().size()) {
            sb.append(" (").append(source.files().size() - files.size()).append(" pruned by path)");
        }
        sb.append(", ").append(partitions.size()).append(" partitions");
        sb.append(o.headers() ? ", headers" : ", hdu " + o.hdu().describe());
        sb.append(", mode ").append(o.mode());
        if (o.mergeSchema()) {
            sb.append(", mergeSchema");
        }
        if (!filters.isEmpty()) {
            sb.append(", file filters [");
            for (int i = 0; i < filters.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(filters.get(i).describe());
            }
            sb.append(']');
        }
        sb.append(", files [");
        int shown = Math.min(files.size(), 5);
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ", ").append(files.get(i).path());
        }
        if (files.size() > shown) {
            sb.append(", ... ").append(files.size() - shown).append(" more");
        }
        return sb.append(']').toString();
    }

    @Override
    public Batch toBatch() {
        return this;
    }

    @Override
    public InputPartition[] planInputPartitions() {
        plan();
        return partitions.toArray(new InputPartition[0]);
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        return new FitsPartitionReaderFactory(source.spec(), readSchema, filters, source.conf());
    }

    @Override
    public CustomMetric[] supportedCustomMetrics() {
        return FitsMetrics.supported();
    }
}
