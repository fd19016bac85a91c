package org.mastspark.emulator.sky;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** CAOM observations matched by a Portal query, with the asked columns ({@code distance} from the cone). */
final class CaomTable implements ResultTable {
    private static final ThreadLocal<CaomRowWriter> WRITERS = ThreadLocal.withInitial(CaomRowWriter::new);

    private final Caom caom;
    private final int[] ids;
    private final int[] columns;
    private final double[] cone;
    private final List<Field> fields;

    CaomTable(Caom caom, int[] ids, int[] projection, double[] cone) {
        this.caom = caom;
        this.ids = ids;
        this.cone = cone;
        List<Field> f = new ArrayList<>();
        int[] cols;
        if (projection == null) {
            cols = new int[Caom.FIELDS.size() + (cone != null ? 1 : 0)];
            for (int k = 0; k < cols.length; k++) {
                cols[k] = k;
            }
        } else {
            cols = projection;
        }
        for (int c : cols) {
            f.add(c == Caom.FIELDS.size() ? Caom.DISTANCE : Caom.FIELDS.get(c));
        }
        this.columns = cols;
        this.fields = List.copyOf(f);
    }

    @Override
    public List<Field> fields() {
        return fields;
    }

    @Override
    public long rowCount() {
        return ids.length;
    }

    @Override
    public void writeRow(long index, JsonGenerator gen) throws IOException {
        if (CaomRowWriter.writes(gen)) {
            WRITERS.get().write(caom, ids[(int) index], columns, cone, gen);
            return;
        }
        Object[] row = caom.row(ids[(int) index]);
        gen.writeStartObject();
        for (int c : columns) {
            if (c == Caom.FIELDS.size()) {
                double d =
                        cone == null ? 0 : Sky.separation(cone[0], cone[1], (Double) row[10], (Double) row[11]) * 3600;
                gen.writeNumberField("distance", d);
            } else {
                Caom.write(gen, Caom.NAMES[c], row[c]);
            }
        }
        gen.writeEndObject();
    }
}
