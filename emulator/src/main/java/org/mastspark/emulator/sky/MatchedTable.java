package org.mastspark.emulator.sky;

import java.util.List;

/**
 * The rows a query matched in one of the generated tables: their fields, fixed when the query is answered,
 * and how many there are; subclasses write row {@code index} from the key they keep for it.
 */
abstract class MatchedTable implements ResultTable {
    private final List<Field> fields;
    private final int rowCount;

    MatchedTable(List<Field> fields, int rowCount) {
        this.fields = List.copyOf(fields);
        this.rowCount = rowCount;
    }

    @Override
    public final List<Field> fields() {
        return fields;
    }

    @Override
    public final long rowCount() {
        return rowCount;
    }
}
