package org.mastspark.connector.read;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.util.Objects;
import org.apache.spark.sql.connector.read.InputPartition;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.rows.RowCursor;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.client.rows.RowSink;

/**
 * One Spark partition of any source: what to ask MAST (the subclass opens the cursor, on the executor), the
 * columns read from each row ({@link #layout()}: the read schema's columns first, in order, then any columns
 * read only to place rows on the sky), which rows to keep and what to compute for them ({@link SkyRows}, or
 * null to keep every row as read) and the most rows to return. Read by the one {@link MastPartitionReader}.
 *
 * <p>Subclasses are immutable and serializable, carry their client settings and never a client (clients
 * are made lazily on executors and shared). Each subclass is annotated
 * {@code @DefaultSerializer(JavaSerializer.class)}: Kryo ({@code spark.serializer}) field by field cannot rebuild
 * records, immutable collections or transient state, so it writes them as Java serialization does.
 */
public abstract class MastPartition implements InputPartition {
    private static final long serialVersionUID = 1L;

    private final RowLayout layout;
    private final SkyRows sky;
    private final long limit;

    /**
     * @param layout the columns read from each row: the read schema's, then helper columns
     * @param sky which rows to keep and the columns to compute, or null to keep every row as read
     * @param limit the most rows this partition returns, or -1
     */
    protected MastPartition(RowLayout layout, SkyRows sky, long limit) {
        this.layout = Objects.requireNonNull(layout);
        this.sky = sky;
        this.limit = limit;
    }

    /** A partition that returns one row: a count MAST already gave on the driver. */
    public static MastPartition counted(long count) {
        return new Counted(count);
    }

    /** Opens the cursor (on the executor); it hands each row's values to {@code sink} by layout slot. */
    public abstract RowCursor open(ClientMetrics metrics, RowSink sink);

    /** What the partition asks, for plans, logs and messages (never a secret). */
    public abstract String describe();

    public final RowLayout layout() {
        return layout;
    }

    /** Which rows to keep and what to compute for them; null keeps every row as read. */
    public final SkyRows sky() {
        return sky;
    }

    public final long limit() {
        return limit;
    }

    /** The count this partition returns as its one row, or null for a partition that reads rows. */
    public Long count() {
        return null;
    }

    @Override
    public final String toString() {
        return describe();
    }

    @DefaultSerializer(JavaSerializer.class)
    private static final class Counted extends MastPartition {
        private static final long serialVersionUID = 1L;

        private final long count;

        Counted(long count) {
            super(RowLayout.builder().build(), null, 1);
            this.count = count;
        }

        @Override
        public Long count() {
            return count;
        }

        @Override
        public RowCursor open(ClientMetrics metrics, RowSink sink) {
            throw new IllegalStateException("a counted partition reads no rows");
        }

        @Override
        public String describe() {
            return "COUNT(*) = " + count;
        }
    }
}
