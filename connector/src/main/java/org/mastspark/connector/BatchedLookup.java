package org.mastspark.connector;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.rows.RowCursor;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.schema.MastSchemas;

/**
 * Looks up the rows of one partition's ids on an executor, batch by batch, lazily: it takes at most
 * {@code batchSize} ids from the input, drains one cursor opened for them, closes it, then takes the next
 * batch. Subclasses say only how a batch's cursor is opened.
 *
 * <p>Spark calls {@link #call} once per partition; the client is created there, on the executor, so an
 * instance holds only its (serializable) configuration. The returned iterator is not thread safe.
 */
abstract class BatchedLookup implements MapPartitionsFunction<String, Row> {
    private static final long serialVersionUID = 1L;

    private final MastClientConfig config;
    private final int batchSize;
    private final StructType schema;

    BatchedLookup(MastClientConfig config, int batchSize, StructType schema) {
        this.config = config;
        this.batchSize = batchSize;
        this.schema = schema;
    }

    /** Opens the cursors of one partition's batches; one per batch, rows in the layout's order. */
    interface Batches {
        RowCursor open(List<String> batch, RowLayout layout, ClientMetrics metrics);
    }

    /** Creates the partition's client and says how it looks a batch up; called once per partition. */
    abstract Batches start(MastClientConfig config);

    @Override
    public final Iterator<Row> call(Iterator<String> input) {
        Batches batches = start(config);
        RowLayout layout = MastSchemas.layout(schema);
        ClientMetrics metrics = new ClientMetrics();
        return new Iterator<>() {
            private RowCursor cursor;
            private Row next;

            @Override
            public boolean hasNext() {
                while (next == null) {
                    if (cursor != null && cursor.next()) {
                        next = RowFactory.create(cursor.current());
                        return true;
                    }
                    if (cursor != null) {
                        cursor.close();
                        cursor = null;
                    }
                    List<String> batch = new ArrayList<>(batchSize);
                    while (input.hasNext() && batch.size() < batchSize) {
                        batch.add(input.next());
                    }
                    if (batch.isEmpty()) {
                        return false;
                    }
                    cursor = batches.open(batch, layout, metrics);
                }
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row r = next;
                next = null;
                return r;
            }
        };
    }
}
