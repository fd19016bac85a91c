package org.mastspark.connector.fits;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.connector.read.InputPartition;

/**
 * One Spark partition of a FITS read: whole small files packed together, or one row range of a large table.
 * Immutable.
 */
// Spark ships it with Java serialization; should Kryo write it, it must write the same form (records and
// immutable lists cannot be rebuilt field by field).
@DefaultSerializer(JavaSerializer.class)
record FitsPartition(List<Split> splits) implements InputPartition {
    private static final long serialVersionUID = 1L;

    /**
     * A file, or rows {@code [rowStart, rowEnd)} of its chosen table HDU.
     *
     * @param rowEnd the end of the range, or -1 for every row (the whole file)
     */
    record Split(FitsFile file, long rowStart, long rowEnd) implements Serializable {
        private static final long serialVersionUID = 1L;

        boolean whole() {
            return rowEnd < 0;
        }

        @Override
        public String toString() {
            return whole() ? file.path() : file.path() + " rows [" + rowStart + ", " + rowEnd + ")";
        }
    }

    FitsPartition {
        splits = List.copyOf(splits);
    }
}
