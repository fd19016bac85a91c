package org.mastspark.emulator.sky;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Catalog rows matched by a Portal catalog query, keyed by cell and index, with the distance column of a cone. */
final class CatalogTable extends MatchedTable {
    private final StarCatalog catalog;
    private final long[] keys;
    private final double[] cone;

    CatalogTable(StarCatalog catalog, long[] keys, double[] cone) {
        super(fieldsOf(catalog, cone), keys.length);
        this.catalog = catalog;
        this.keys = keys;
        this.cone = cone;
    }

    /** The catalog's fields, then its distance column with a cone. */
    private static List<Field> fieldsOf(StarCatalog catalog, double[] cone) {
        List<Field> f = new ArrayList<>(catalog.fields());
        if (cone != null) {
            f.add(new Field(catalog.distanceColumn(), "float"));
        }
        return f;
    }

    @Override
    public void writeRow(long index, JsonGenerator gen) throws IOException {
        long key = keys[(int) index];
        int cell = (int) (key / 100_000L);
        int j = (int) (key % 100_000L);
        Object[] row = catalog.row(cell, j);
        List<Field> base = catalog.fields();
        gen.writeStartObject();
        for (int c = 0; c < base.size(); c++) {
            Caom.write(gen, base.get(c).name(), row[c]);
        }
        if (cone != null) {
            double[] pos = catalog.position(cell, j);
            double sep = Sky.separation(cone[0], cone[1], pos[0], pos[1]);
            String unit = catalog.distanceColumn().toLowerCase(Locale.ROOT);
            double v = unit.equals("dstarcsec")
                    ? sep * 3600
                    : unit.equals("distance_arcmin") || unit.equals("distance") ? sep * 60 : sep;
            gen.writeNumberField(catalog.distanceColumn(), v);
        }
        gen.writeEndObject();
    }
}
