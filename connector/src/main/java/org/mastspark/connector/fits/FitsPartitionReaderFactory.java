package org.mastspark.connector.fits;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.mastspark.connector.download.HadoopConf;

/** Creates the readers of a FITS scan's partitions on executors. Immutable; the Hadoop settings travel with it. */
// Spark ships it with Java serialization; should Kryo write it, it must write the same form.
@DefaultSerializer(JavaSerializer.class)
final class FitsPartitionReaderFactory implements PartitionReaderFactory {
    private static final long serialVersionUID = 1L;

    private final FitsSpec spec;
    private final StructType readSchema;
    private final List<FitsFileFilter> filters;
    private final HadoopConf conf;

    FitsPartitionReaderFactory(FitsSpec spec, StructType readSchema, List<FitsFileFilter> filters, HadoopConf conf) {
        this.spec = spec;
        this.readSchema = readSchema;
        this.filters = List.copyOf(filters);
        this.conf = conf;
    }

    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
        return new FitsPartitionReader(spec, readSchema, filters, conf.get(), (FitsPartition) partition);
    }

    /**
     * Columnar batches when every read column is a scalar (numbers, booleans, strings, decimals) and option
     * {@code batchSize} is not 0: Spark's generated code then reads plain arrays instead of calling into a row
     * per cell. The same for every partition of a scan, as Spark requires.
     */
    @Override
    public boolean supportColumnarReads(InputPartition partition) {
        return columnar(spec, readSchema);
    }

    static boolean columnar(FitsSpec spec, StructType readSchema) {
        return spec.options().batchSize() > 0 && !spec.options().headers() && FitsVector.supports(readSchema);
    }

    @Override
    public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
        FitsPartitionReader rows =
                new FitsPartitionReader(spec, readSchema, filters, conf.get(), (FitsPartition) partition);
        return new FitsBatchReader(rows, readSchema, spec.options().batchSize());
    }
}
