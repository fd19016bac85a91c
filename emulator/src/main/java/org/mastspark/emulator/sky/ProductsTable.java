package org.mastspark.emulator.sky;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/** The products of the observations a {@code Mast.Caom.Products} query names, as (observation, product) pairs. */
record ProductsTable(Products products, List<long[]> refs) implements ResultTable {
    @Override
    public List<Field> fields() {
        return Products.FIELDS;
    }

    @Override
    public long rowCount() {
        return refs.size();
    }

    @Override
    public void writeRow(long index, JsonGenerator gen) throws IOException {
        long[] ref = refs.get((int) index);
        Object[] row = products.row(ref[0], (int) ref[1]);
        gen.writeStartObject();
        for (int c = 0; c < Products.FIELDS.size(); c++) {
            Caom.write(gen, Products.FIELDS.get(c).name(), row[c]);
        }
        gen.writeEndObject();
    }
}
