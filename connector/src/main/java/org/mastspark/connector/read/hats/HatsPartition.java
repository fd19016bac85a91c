package org.mastspark.connector.read.hats;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.rows.RowCursor;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.client.rows.RowSink;
import org.mastspark.connector.download.HadoopConf;
import org.mastspark.connector.hats.ParquetReadStats;
import org.mastspark.connector.hats.ParquetRows;
import org.mastspark.connector.read.MastPartition;
import org.mastspark.connector.read.SkyRows;

/**
 * One Spark partition of a HATS read: one or more splits (a HATS partition's file, or a byte range of a large
 * one), read in turn with {@link ParquetRows}, each with its own Parquet predicate (the pushed filters and the
 * {@code _healpix_29} ranges of the region within its pixel). Rows get the partition's order and pixel in the
 * metadata columns when asked. Immutable; the Hadoop configuration travels with it.
 */
@DefaultSerializer(JavaSerializer.class)
final class HatsPartition extends MastPartition {
    private static final long serialVersionUID = 1L;

    /**
     * A part of one file: the row groups whose midpoint lies in {@code [start, end)}.
     *
     * @param filter the Parquet predicate for this file, or null
     */
    record Split(String file, long start, long end, int order, long pixel, FilterPredicate filter)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        Split {
            Objects.requireNonNull(file);
        }
    }

    private final HadoopConf conf;
    private final List<Split> splits;
    private final List<String> columns;
    private final int[] slots;
    private final int orderSlot;
    private final int pixelSlot;
    private final String catalog;

    /**
     * @param columns the Parquet columns read, in the order of {@code slots}
     * @param slots the layout slot of each column, or null when column i goes to slot i
     * @param orderSlot the slot of {@code _hats_order}, or -1
     * @param pixelSlot the slot of {@code _hats_pixel}, or -1
     */
    HatsPartition(
            String catalog,
            HadoopConf conf,
            List<Split> splits,
            List<String> columns,
            int[] slots,
            int orderSlot,
            int pixelSlot,
            RowLayout layout,
            SkyRows sky,
            long limit) {
        super(layout, sky, limit);
        this.catalog = catalog;
        this.conf = conf;
        this.splits = List.copyOf(splits);
        this.columns = List.copyOf(columns);
        this.slots = slots == null ? null : slots.clone();
        this.orderSlot = orderSlot;
        this.pixelSlot = pixelSlot;
    }

    List<Split> splits() {
        return splits;
    }

    @Override
    public RowCursor open(ClientMetrics metrics, RowSink sink) {
        return new Cursor(metrics, sink, slots == null ? sink : new Remap(sink, slots));
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder(catalog).append(' ');
        for (int i = 0; i < splits.size(); i++) {
            Split s = splits.get(i);
            sb.append(i == 0 ? "" : ", ")
                    .append("Norder=")
                    .append(s.order())
                    .append("/Npix=")
                    .append(s.pixel());
            if (s.start() > 0 || s.end() != Long.MAX_VALUE) {
                sb.append(" bytes [")
                        .append(s.start())
                        .append(", ")
                        .append(s.end())
                        .append(')');
            }
        }
        return sb.toString();
    }

    /** Reads the splits in turn; each row gets its partition's order and pixel. */
    private final class Cursor implements RowCursor {
        private final ClientMetrics metrics;
        private final RowSink sink;
        private final RowSink target;
        private final ParquetReadStats stats = new ParquetReadStats();
        private long[] reported = new long[4];
        private int next;
        private Split split;
        private RowCursor rows;

        /**
         * @param sink the reader's sink, by layout slot
         * @param target where the Parquet columns go: the sink, or the sink through the column-to-slot map
         */
        Cursor(ClientMetrics metrics, RowSink sink, RowSink target) {
            this.metrics = metrics;
            this.sink = sink;
            this.target = target;
        }

        @Override
        public boolean next() {
            while (true) {
                if (rows == null) {
                    if (next >= splits.size()) {
                        return false;
                    }
                    split = splits.get(next++);
                    rows = ParquetRows.open(
                            conf.get(),
                            new Path(split.file()),
                            split.start(),
                            split.end(),
                            columns,
                            split.filter(),
                            target,
                            stats);
                    report();
                }
                if (rows.next()) {
                    metrics.countRow();
                    // an index catalog's file has no pixel (order -1): its metadata columns stay null
                    if (orderSlot >= 0 && split.order() >= 0) {
                        sink.putLong(orderSlot, split.order());
                    }
                    if (pixelSlot >= 0 && split.order() >= 0) {
                        sink.putLong(pixelSlot, split.pixel());
                    }
                    return true;
                }
                rows.close();
                rows = null;
                report();
            }
        }

        /** Hands what the Parquet reads did since the last report to the task's metrics. */
        private void report() {
            long[] now = {stats.filesOpened(), stats.rowGroupsRead(), stats.rowGroupsSkipped(), stats.bytesRead()};
            metrics.countFiles(now[0] - reported[0], now[1] - reported[1], now[2] - reported[2], now[3] - reported[3]);
            reported = now;
        }

        @Override
        public Object[] current() {
            throw new IllegalStateException("a HATS cursor hands its rows to a RowSink");
        }

        @Override
        public void close() {
            if (rows != null) {
                rows.close();
                rows = null;
                report();
            }
        }
    }

    /** Puts column i's values into slot {@code slots[i]} of the sink. */
    private record Remap(RowSink sink, int[] slots) implements RowSink {
        @Override
        public void startRow() {
            sink.startRow();
        }

        @Override
        public void putNull(int slot) {
            sink.putNull(slots[slot]);
        }

        @Override
        public void putUtf8(int slot, byte[] bytes, int offset, int length) {
            sink.putUtf8(slots[slot], bytes, offset, length);
        }

        @Override
        public void putDouble(int slot, double value) {
            sink.putDouble(slots[slot], value);
        }

        @Override
        public void putLong(int slot, long value) {
            sink.putLong(slots[slot], value);
        }

        @Override
        public void putBoolean(int slot, boolean value) {
            sink.putBoolean(slots[slot], value);
        }

        @Override
        public void putValue(int slot, Object value) {
            sink.putValue(slots[slot], value);
        }
    }
}
