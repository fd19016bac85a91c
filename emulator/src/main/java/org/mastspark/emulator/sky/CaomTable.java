package org.mastspark.emulator.sky;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** CAOM observations matched by a Portal query, with the asked columns ({@code distance} from the cone). */
final class CaomTable extends MatchedTable {
    private static final ThreadLocal<CaomRowWriter> WRITERS = ThreadLocal.withInitial(CaomRowWriter::new);

    private final Caom caom;
    private final int[] ids;
    private final int[] columns;
    private final double[] cone;

    CaomTable(Caom caom, int[] ids, int[] projection, double[] cone) {
        this(caom, ids, cone, columns(projection, cone));
    }

    private CaomTable(Caom caom, int[] ids, double[] cone, int[] columns) {
        super(fieldsOf(columns), ids.length);
        this.caom = caom;
        this.ids = ids;
        this.columns = columns;
        this.cone = cone;
    }

    /** The asked columns, or every CAOM column (and {@code distance} with a cone) when none were asked. */
    private static int[] columns(int[] projection, double[] cone) {
        if (projection != null) {
            return projection;
        }
        int[] cols = new int[Caom.FIELDS.size() + (cone != null ? 1 : 0)];
        for (int k = 0; k < cols.length; k++) {
            cols[k] = k;
        }
        return cols;
    }

    private static List<Field> fieldsOf(int[] columns) {
        List<Field> f = new ArrayList<>();
        for (int c : columns) {
            f.add(c == Caom.FIELDS.size() ? Caom.DISTANCE : Caom.FIELDS.get(c));
        }
        return f;
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
