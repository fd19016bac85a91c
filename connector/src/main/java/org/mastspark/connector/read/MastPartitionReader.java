package org.mastspark.connector.read;

import java.time.Instant;
import java.time.LocalDate;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.mastspark.connector.client.ClientMetrics;
import org.mastspark.connector.client.MastClientConfig;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.PortalClient;
import org.mastspark.connector.client.PortalCursor;
import org.mastspark.connector.metrics.MastMetrics;
import org.mastspark.connector.schema.MastSchemas;

/**
 * Reads one partition on an executor: opens its page range lazily on the first {@link #next()}, streams
 * MAST rows into Spark rows, reports metrics. {@link #close()} is idempotent.
 */
final class MastPartitionReader implements PartitionReader<InternalRow> {
    private final MastClientConfig config;
    private final StructType schema;
    private final MastInputPartition partition;
    private final DataType[] types;
    private final byte[] kinds;
    private final ClientMetrics metrics = new ClientMetrics();
    private PortalCursor cursor;
    private InternalRow row;
    private long emitted;
    private boolean closed;

    MastPartitionReader(MastClientConfig config, StructType schema, MastInputPartition partition) {
        this.config = config;
        this.schema = schema;
        this.partition = partition;
        this.types = new DataType[schema.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = schema.fields()[i].dataType();
        }
        this.kinds = conversions(types);
    }

    @Override
    public boolean next() {
        if (closed) {
            return false;
        }
        if (partition.count() != null) {
            if (emitted++ > 0) {
                return false;
            }
            row = new GenericInternalRow(new Object[] {partition.count()});
            return true;
        }
        if (partition.limit() >= 0 && emitted >= partition.limit()) {
            return false;
        }
        if (cursor == null) {
            cursor = new PortalClient(config)
                    .open(
                            partition.request(),
                            partition.firstPage(),
                            partition.lastPage(),
                            MastSchemas.layout(schema),
                            metrics);
        }
        if (!cursor.next()) {
            return false;
        }
        row = toRow(cursor.current());
        emitted++;
        return true;
    }

    @Override
    public InternalRow get() {
        return row;
    }

    @Override
    public CustomTaskMetric[] currentMetricsValues() {
        return MastMetrics.values(metrics);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (cursor != null) {
            cursor.close();
        }
    }

    private static final byte AS_IS = 0;
    private static final byte UTF8 = 1;
    private static final byte FLOAT = 2;
    private static final byte INT = 3;
    private static final byte SHORT = 4;
    private static final byte BYTE = 5;
    private static final byte MICROS = 6;
    private static final byte DAYS = 7;

    /** How each column's client value becomes Spark's internal value, decided once per reader. */
    private static byte[] conversions(DataType[] types) {
        byte[] kinds = new byte[types.length];
        for (int i = 0; i < types.length; i++) {
            DataType t = types[i];
            kinds[i] = t.equals(DataTypes.StringType)
                    ? UTF8
                    : t.equals(DataTypes.FloatType)
                            ? FLOAT
                            : t.equals(DataTypes.IntegerType)
                                    ? INT
                                    : t.equals(DataTypes.ShortType)
                                            ? SHORT
                                            : t.equals(DataTypes.ByteType)
                                                    ? BYTE
                                                    : t.equals(DataTypes.TimestampType)
                                                                    || t.equals(DataTypes.TimestampNTZType)
                                                            ? MICROS
                                                            : t.equals(DataTypes.DateType) ? DAYS : AS_IS;
        }
        return kinds;
    }

    private InternalRow toRow(Object[] values) {
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) {
                continue;
            }
            switch (kinds[i]) {
                case UTF8 -> values[i] = UTF8String.fromString((String) v);
                case FLOAT -> values[i] = ((Double) v).floatValue();
                case INT -> values[i] = (int) checked((Long) v, Integer.MIN_VALUE, Integer.MAX_VALUE, i);
                case SHORT -> values[i] = (short) checked((Long) v, Short.MIN_VALUE, Short.MAX_VALUE, i);
                case BYTE -> values[i] = (byte) checked((Long) v, Byte.MIN_VALUE, Byte.MAX_VALUE, i);
                case MICROS -> {
                    Instant at = (Instant) v;
                    values[i] =
                            Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000L);
                }
                case DAYS -> values[i] = (int) ((LocalDate) v).toEpochDay();
                default -> {
                    // double, long and boolean are already Spark's internal values
                }
            }
        }
        // The cursor hands out a fresh array per row, so it becomes the row itself.
        return new GenericInternalRow(values);
    }

    private long checked(long v, long min, long max, int column) {
        if (v < min || v > max) {
            throw new MastException("Column '" + schema.fields()[column].name() + "': value " + v + " does not fit "
                    + types[column].simpleString() + "; read it as long with .schema(...)");
        }
        return v;
    }
}
