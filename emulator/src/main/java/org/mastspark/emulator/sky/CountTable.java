package org.mastspark.emulator.sky;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/** The one-row answer of a COUNT_BIG(*) query, shaped as MAST's (countsResp.json). */
record CountTable(long count) implements ResultTable {
    private static final List<Field> FIELDS = List.of(new Field("Column1", "string"));

    @Override
    public List<Field> fields() {
        return FIELDS;
    }

    @Override
    public long rowCount() {
        return 1;
    }

    @Override
    public void writeRow(long index, JsonGenerator gen) throws IOException {
        gen.writeStartObject();
        gen.writeNumberField("Column1", count);
        gen.writeEndObject();
    }
}
