package org.mastspark.emulator.hats;

import java.util.HashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/** Writes rows given as value arrays (in the schema's field order, null for a missing value) to Parquet. */
final class RowWriteSupport extends WriteSupport<Object[]> {
    private final MessageType schema;
    private final PrimitiveTypeName[] types;
    private final String[] names;
    private RecordConsumer out;

    RowWriteSupport(MessageType schema) {
        this.schema = schema;
        int n = schema.getFieldCount();
        this.types = new PrimitiveTypeName[n];
        this.names = new String[n];
        for (int i = 0; i < n; i++) {
            types[i] = schema.getType(i).asPrimitiveType().getPrimitiveTypeName();
            names[i] = schema.getFieldName(i);
        }
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(schema, new HashMap<>());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    @Override
    public void write(Object[] row) {
        out.startMessage();
        for (int i = 0; i < row.length; i++) {
            Object v = row[i];
            if (v == null) {
                continue;
            }
            out.startField(names[i], i);
            switch (types[i]) {
                case INT64 -> out.addLong((Long) v);
                case INT32 -> out.addInteger((Integer) v);
                case DOUBLE -> out.addDouble((Double) v);
                default -> out.addBinary(Binary.fromString((String) v));
            }
            out.endField(names[i], i);
        }
        out.endMessage();
    }
}
