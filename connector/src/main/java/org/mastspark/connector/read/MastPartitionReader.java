package org.mastspark.connector.read;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.client.ClientMetrics;
import org.mastspark.connector.client.MastClientConfig;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.PortalClient;
import org.mastspark.connector.client.PortalCursor;
import org.mastspark.connector.client.RowLayout;
import org.mastspark.connector.metrics.MastMetrics;
import org.mastspark.connector.read.service.SparkRowConverter;
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
    private final SparkRowConverter converter;
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
        this.converter = new SparkRowConverter(schema);
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
            row = converter.toRow(values);
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
}
