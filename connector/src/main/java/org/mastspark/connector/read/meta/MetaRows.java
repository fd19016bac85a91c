package org.mastspark.connector.read.meta;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.client.rows.RowSink;
import org.mastspark.connector.client.rows.SinkCursor;

/**
 * A cursor over rows already in memory (a metadata answer is a few hundred rows at most), keyed by column
 * name; each row's values go to the sink in the layout's order, a missing or null value as null.
 */
final class MetaRows extends SinkCursor {
    private final Iterator<Map<String, Object>> rows;
    private final RowLayout layout;

    MetaRows(List<Map<String, Object>> rows, RowLayout layout, RowSink sink) {
        super(sink, layout.size());
        this.rows = rows.iterator();
        this.layout = layout;
    }

    @Override
    public boolean next() {
        if (!rows.hasNext()) {
            return false;
        }
        Map<String, Object> row = rows.next();
        sink.startRow();
        for (int i = 0; i < layout.size(); i++) {
            Object v = row.get(layout.name(i));
            if (v == null) {
                sink.putNull(i);
            } else {
                sink.putValue(i, v);
            }
        }
        return true;
    }

    @Override
    public void close() {
        // nothing to release: the rows were read when the partition opened
    }
}
