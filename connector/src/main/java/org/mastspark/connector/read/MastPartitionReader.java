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
import org.mastspark.connector.client.RowLayout;
import org.mastspark.connector.metrics.MastMetrics;
import org.mastspark.connector.schema.MastSchemas;
import org.mastspark.connector.sky.Healpix;
import org.mastspark.connector.sky.SkyMath;

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
    // Catalog partitions: where the position is in the layout, where the computed columns go.
    private final CatalogRows catalog;
    private final RowLayout layout;
    private final int raAt;
    private final int decAt;
    private final int distanceAt;
    private final int healpixAt;
    private long dropped;

    MastPartitionReader(MastClientConfig config, StructType schema, MastInputPartition partition) {
        this.config = config;
        this.schema = schema;
        this.partition = partition;
        this.types = new DataType[schema.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = schema.fields()[i].dataType();
        }
        this.kinds = conversions(types);
        this.catalog = partition.catalogRows();
        RowLayout base = MastSchemas.layout(schema);
        if (catalog == null) {
            layout = base;
            raAt = decAt = distanceAt = healpixAt = -1;
        } else {
            RowLayout.Builder b = RowLayout.builder();
            for (int i = 0; i < base.size(); i++) {
                String n = base.name(i);
                // computed here, never read from MAST (MAST's own distance is relative to the tile's cone)
                b.add(
                        n.equals(MastSchemas.DISTANCE_ARCSEC) || n.equals(MastSchemas.HEALPIX) ? "(computed) " + n : n,
                        base.type(i));
            }
            if (base.indexOf(catalog.raColumn()) < 0) {
                b.add(catalog.raColumn(), org.mastspark.connector.client.MastType.DOUBLE);
            }
            if (base.indexOf(catalog.decColumn()) < 0) {
                b.add(catalog.decColumn(), org.mastspark.connector.client.MastType.DOUBLE);
            }
            layout = b.build();
            raAt = layout.indexOf(catalog.raColumn());
            decAt = layout.indexOf(catalog.decColumn());
            distanceAt = base.indexOf(MastSchemas.DISTANCE_ARCSEC);
            healpixAt = base.indexOf(MastSchemas.HEALPIX);
        }
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
                    .open(partition.request(), partition.firstPage(), partition.lastPage(), layout, metrics);
        }
        while (cursor.next()) {
            Object[] values = cursor.current();
            if (catalog != null) {
                values = keep(values);
                if (values == null) {
                    dropped++;
                    continue;
                }
            }
            row = toRow(values);
            emitted++;
            return true;
        }
        return false;
    }

    /**
     * The row as the read schema wants it if the partition keeps it (its position in the tile's cell and
     * in the user's region), else null.
     */
    private Object[] keep(Object[] values) {
        Object ra = values[raAt];
        Object dec = values[decAt];
        boolean placed = ra instanceof Double && dec instanceof Double;
        boolean tiled = catalog.tile().order() >= 0 || catalog.region() != null;
        if (!placed && tiled) {
            throw new MastException(partition.request().service() + " returned a row without a position ("
                    + catalog.raColumn() + "=" + ra + ", " + catalog.decColumn() + "=" + dec
                    + "); a sky-tiled read cannot place it in a tile");
        }
        double r = placed ? (Double) ra : Double.NaN;
        double d = placed ? (Double) dec : Double.NaN;
        if (tiled
                && (!catalog.tile().owns(r, d)
                        || (catalog.region() != null && !catalog.region().contains(r, d)))) {
            return null;
        }
        Object[] out = values.length == schema.size() ? values : java.util.Arrays.copyOf(values, schema.size());
        if (distanceAt >= 0) {
            out[distanceAt] = !placed || Double.isNaN(catalog.centerRa())
                    ? null
                    : SkyMath.angularDistanceDeg(catalog.centerRa(), catalog.centerDec(), r, d) * 3600.0;
        }
        if (healpixAt >= 0) {
            out[healpixAt] = placed ? Healpix.nest(catalog.healpixOrder(), r, d) : null;
        }
        return out;
    }

    /** Rows MAST returned that belonged to another tile or lay outside the region (for tests and logs). */
    long dropped() {
        return dropped;
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
