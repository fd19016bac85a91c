package org.mastspark.connector.read;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.portal.PortalClient;
import org.mastspark.connector.client.portal.PortalCursor;
import org.mastspark.connector.client.rows.MastType;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.metrics.MastMetrics;
import org.mastspark.connector.read.service.SparkRowSink;
import org.mastspark.connector.schema.MastSchemas;
import org.mastspark.connector.sky.Healpix;
import org.mastspark.connector.sky.SkyMath;

/**
 * Reads one partition on an executor: opens its page range lazily on the first {@link #next()}, parses
 * MAST rows straight into one reused {@code UnsafeRow} ({@link SparkRowSink}), reports metrics.
 * {@link #close()} is idempotent.
 */
final class MastPartitionReader implements PartitionReader<InternalRow> {
    private final MastClientConfig config;
    private final StructType schema;
    private final MastInputPartition partition;
    private final SparkRowSink sink;
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
                b.add(catalog.raColumn(), MastType.DOUBLE);
            }
            if (base.indexOf(catalog.decColumn()) < 0) {
                b.add(catalog.decColumn(), MastType.DOUBLE);
            }
            layout = b.build();
            raAt = layout.indexOf(catalog.raColumn());
            decAt = layout.indexOf(catalog.decColumn());
            distanceAt = base.indexOf(MastSchemas.DISTANCE_ARCSEC);
            healpixAt = base.indexOf(MastSchemas.HEALPIX);
        }
        this.sink = new SparkRowSink(schema, layout.size());
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
                    .open(partition.request(), partition.firstPage(), partition.lastPage(), layout, metrics, sink);
        }
        while (cursor.next()) {
            if (catalog != null && !keep()) {
                dropped++;
                continue;
            }
            row = sink.finishRow();
            emitted++;
            return true;
        }
        return false;
    }

    /**
     * Whether the partition keeps the current row (its position is in the tile's cell and in the user's
     * region); if so, also writes the computed columns.
     */
    private boolean keep() {
        boolean placed = sink.hasValue(raAt) && sink.hasValue(decAt);
        boolean tiled = catalog.tile().order() >= 0 || catalog.region() != null;
        if (!placed && tiled) {
            throw new MastException(partition.request().service() + " returned a row without a position ("
                    + catalog.raColumn() + "=" + (sink.hasValue(raAt) ? sink.getDouble(raAt) : null) + ", "
                    + catalog.decColumn() + "=" + (sink.hasValue(decAt) ? sink.getDouble(decAt) : null)
                    + "); a sky-tiled read cannot place it in a tile");
        }
        double r = placed ? sink.getDouble(raAt) : Double.NaN;
        double d = placed ? sink.getDouble(decAt) : Double.NaN;
        if (tiled
                && (!catalog.tile().owns(r, d)
                        || (catalog.region() != null && !catalog.region().contains(r, d)))) {
            return false;
        }
        if (distanceAt >= 0) {
            if (!placed || Double.isNaN(catalog.centerRa())) {
                sink.putNull(distanceAt);
            } else {
                sink.putDouble(
                        distanceAt, SkyMath.angularDistanceDeg(catalog.centerRa(), catalog.centerDec(), r, d) * 3600.0);
            }
        }
        if (healpixAt >= 0) {
            if (placed) {
                sink.putLong(healpixAt, Healpix.nest(catalog.healpixOrder(), r, d));
            } else {
                sink.putNull(healpixAt);
            }
        }
        return true;
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
