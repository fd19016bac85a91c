package org.mastspark.emulator.sky;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/**
 * The complete, stably ordered answer of one query over the emulator's data. The Portal layer pages
 * through it; the same query always yields the same rows in the same order.
 *
 * <p>Implementations must not hold the rows as JSON trees: a table may describe hundreds of thousands of
 * rows and rows are generated on demand in {@link #writeRow}.
 */
public interface ResultTable {
    /** The columns, in the order MAST lists them in {@code fields}. */
    List<Field> fields();

    /** Number of rows the query matched (MAST's {@code rowsFiltered}). */
    long rowCount();

    /**
     * Writes row {@code index} (0-based, {@code 0 <= index < rowCount()}) as one JSON object keyed by
     * field name. Called from any thread; implementations are thread safe.
     */
    void writeRow(long index, JsonGenerator gen) throws IOException;
}
