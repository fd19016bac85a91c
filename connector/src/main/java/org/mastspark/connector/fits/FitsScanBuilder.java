package org.mastspark.connector.fits;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.connector.read.SupportsPushDownV2Filters;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Takes the columns a query needs (only their bytes are decoded) and the predicates on file-level columns
 * ({@code path}, {@code hdu}, header-keyword columns), which skip whole files. Every predicate is also handed
 * back to Spark, which applies it to the rows. Used once, on the driver.
 */
final class FitsScanBuilder implements ScanBuilder, SupportsPushDownRequiredColumns, SupportsPushDownV2Filters {
    private final FitsSource source;
    private StructType required;
    private List<FitsFileFilter> filters = List.of();
    private Predicate[] pushed = new Predicate[0];

    FitsScanBuilder(FitsSource source) {
        this.source = source;
        this.required = source.spec().schema();
    }

    @Override
    public Predicate[] pushPredicates(Predicate[] predicates) {
        FitsSpec spec = source.spec();
        Set<String> fileColumns = new HashSet<>();
        for (String f : spec.schema().fieldNames()) {
            if (spec.fileLevel(f)) {
                fileColumns.add(f);
            }
        }
        List<FitsFileFilter> converted = new ArrayList<>();
        List<Predicate> used = new ArrayList<>();
        for (Predicate p : predicates) {
            FitsFileFilter f = FitsFileFilter.convert(p, fileColumns);
            if (f != null) {
                converted.add(f);
                used.add(p);
            }
        }
        filters = List.copyOf(converted);
        pushed = used.toArray(new Predicate[0]);
        // all of them: file pruning never replaces Spark's own evaluation of the rows
        return predicates;
    }

    @Override
    public Predicate[] pushedPredicates() {
        return pushed.clone();
    }

    @Override
    public void pruneColumns(StructType requiredSchema) {
        // whole columns: a struct (complex) column is read whole even when one field is asked
        StructType full = source.spec().schema();
        List<StructField> fields = new ArrayList<>();
        for (StructField f : full.fields()) {
            for (String name : requiredSchema.fieldNames()) {
                if (name.equals(f.name())) {
                    fields.add(f);
                    break;
                }
            }
        }
        required = new StructType(fields.toArray(new StructField[0]));
    }

    @Override
    public Scan build() {
        return new FitsScan(source, required, filters);
    }
}
