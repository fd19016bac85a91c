package org.mastspark.connector.read.meta;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.util.List;
import java.util.Map;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.rows.RowCursor;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.client.rows.RowSink;
import org.mastspark.connector.read.MastPartition;

/**
 * One MAST request of a metadata table, sent on the executor when the partition opens: the missions list,
 * one table's column metadata, or the session. Its answer is small and read whole.
 */
// Spark ships it with Java serialization; should Kryo (spark.serializer) write it, it must write the same
// form: Kryo field by field cannot rebuild its records, immutable collections or transient state.
@DefaultSerializer(JavaSerializer.class)
final class MetaPartition extends MastPartition {
    private static final long serialVersionUID = 1L;

    /** Which request. */
    enum Kind {
        MISSIONS,
        COLUMNS,
        SESSION
    }

    private final Kind kind;
    private final String table;
    private final MastClientConfig config;
    private final MastClientConfig catalogsConfig;

    /**
     * @param table the {@code table_name} described, for {@link Kind#COLUMNS}; else null
     * @param config MAST's settings (Portal, Mission Search, whoami)
     * @param catalogsConfig the catalogs API's settings (Pan-STARRS), or null
     */
    MetaPartition(
            Kind kind,
            String table,
            MastClientConfig config,
            MastClientConfig catalogsConfig,
            RowLayout layout,
            long limit) {
        super(layout, null, limit);
        this.kind = kind;
        this.table = table;
        this.config = config;
        this.catalogsConfig = catalogsConfig;
    }

    @Override
    public RowCursor open(ClientMetrics metrics, RowSink sink) {
        List<Map<String, Object>> rows = switch (kind) {
            case MISSIONS -> MetaFetch.missions(config, metrics);
            case COLUMNS -> MetaFetch.columns(table, config, catalogsConfig, metrics);
            case SESSION -> MetaFetch.session(config, metrics);
        };
        return new MetaRows(rows, layout(), sink);
    }

    @Override
    public String describe() {
        return switch (kind) {
            case MISSIONS -> MetaFetch.CAOM_ALL + " (extjs)";
            case COLUMNS -> "columns of " + table;
            case SESSION -> "whoami";
        };
    }
}
