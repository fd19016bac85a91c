package org.mastspark.connector.fits;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;
import nom.tam.util.Cursor;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecificInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one {@link FitsPartition} on an executor, split by split: reads the file's headers up to the chosen
 * HDU, computes the file-level columns and skips the file when a pushed filter rejects them, then decodes the
 * split's rows from positioned reads of row blocks (about {@value #BLOCK_BYTES} bytes, whole rows) with
 * {@link FitsTable#decoder}, only the asked columns. A file that cannot be read (not FITS, truncated, no such
 * HDU, other columns) fails the read in mode FAILFAST, or is skipped with a WARN line and counted in mode
 * PERMISSIVE. Reports {@link FitsMetrics}.
 */
final class FitsPartitionReader implements PartitionReader<InternalRow> {
    private static final Logger LOG = LoggerFactory.getLogger(FitsPartitionReader.class);
    static final int BLOCK_BYTES = 4 << 20;

    private enum Kind {
        DATA,
        KEYWORD,
        HDU,
        ROW,
        PATH
    }

    private final FitsSpec spec;
    private final Configuration conf;
    private final List<FitsPartition.Split> splits;
    private final List<FitsFileFilter> filters;
    private final int width;
    private final Kind[] kinds;
    /** For DATA slots: the data column's name; for KEYWORD slots: the keyword. */
    private final String[] names;
    /** The readSchema slots of the data columns, in readSchema order. */
    private final int[] dataSlots;

    private final String[] dataNames;
    private final boolean dataFirst;
    private final StructType headersRead;
    private final FitsMetrics metrics = new FitsMetrics();

    private int nextSplit;
    private FitsInput in;
    private long bytesBefore;
    private InternalRow current;
    // the open table range
    private FitsRowDecoder decoder;
    private HeapReader heap;
    private int[] present;
    private boolean direct;
    private int decoded;
    private long dataStart;
    private long rowBytes;
    private long nextRow;
    private long endRow;
    private byte[] block;
    private long blockFirst = -1;
    private long blockRows;
    private Object[] constants;
    private List<InternalRow> pending;
    /** Columnar reading: the vectors of the decoded columns, and their one-field scratch rows (per file). */
    private FitsVector[] decodedVectors;

    private InternalRow[] scratch;
    /**
     * The table rows handed to Spark: one mutable row with typed slots (no boxing), the file's constants set once
     * per file, the data slots overwritten by the decoder for each row (Spark copies what it keeps).
     */
    private final SpecificInternalRow reused;

    FitsPartitionReader(
            FitsSpec spec,
            StructType readSchema,
            List<FitsFileFilter> filters,
            Configuration conf,
            FitsPartition partition) {
        this.spec = spec;
        this.conf = conf;
        this.splits = partition.splits();
        this.filters = filters;
        this.width = readSchema.size();
        this.kinds = new Kind[width];
        this.names = new String[width];
        List<Integer> slots = new ArrayList<>();
        Set<String> data = new HashSet<>(List.of(spec.dataSchema().fieldNames()));
        for (int i = 0; i < width; i++) {
            String n = readSchema.fields()[i].name();
            names[i] = n;
            if (spec.options().headers()) {
                kinds[i] = Kind.DATA;
            } else if (data.contains(n)) {
                kinds[i] = Kind.DATA;
                slots.add(i);
            } else if (spec.options().headerKeywords().contains(n)) {
                kinds[i] = Kind.KEYWORD;
            } else if (n.equals(FitsSpec.HDU)) {
                kinds[i] = Kind.HDU;
            } else if (n.equals(FitsSpec.ROW)) {
                kinds[i] = Kind.ROW;
            } else {
                kinds[i] = Kind.PATH;
            }
        }
        dataSlots = slots.stream().mapToInt(Integer::intValue).toArray();
        dataNames = new String[dataSlots.length];
        boolean first = true;
        for (int j = 0; j < dataSlots.length; j++) {
            dataNames[j] = names[dataSlots[j]];
            first &= dataSlots[j] == j;
        }
        dataFirst = first;
        headersRead = readSchema;
        reused = new SpecificInternalRow(readSchema);
    }

    /** A FAILFAST error's message: the file's problem and how to skip such files instead. */
    static String failFast(String message) {
        return message + " (mode FAILFAST; option mode PERMISSIVE skips such files)";
    }

    @Override
    public boolean next() throws IOException {
        while (true) {
            if (pending != null && !pending.isEmpty()) {
                current = pending.remove(0);
                metrics.rows++;
                return true;
            }
            if (decoder != null && nextRow < endRow) {
                current = tableRow();
                metrics.rows++;
                return true;
            }
            if (!advance()) {
                return false;
            }
        }
    }

    /**
     * Columnar reading: writes the next rows of the open file (at most {@code max}, never across files) into
     * {@code out}, one vector per read-schema field, and returns how many; 0 when the partition is done.
     */
    int nextBatch(FitsVector[] out, int max) throws IOException {
        while (true) {
            if (pending != null && !pending.isEmpty()) {
                int n = Math.min(max, pending.size());
                for (FitsVector v : out) {
                    v.reset(n);
                }
                for (int i = 0; i < n; i++) {
                    InternalRow row = pending.get(i);
                    for (int k = 0; k < width; k++) {
                        out[k].set(i, row, k);
                    }
                }
                pending.subList(0, n).clear();
                metrics.rows += n;
                return n;
            }
            if (decoder != null && nextRow < endRow) {
                int n = (int) Math.min(max, endRow - nextRow);
                batchRows(out, n);
                nextRow += n;
                metrics.rows += n;
                return n;
            }
            if (!advance()) {
                return 0;
            }
        }
    }

    private void batchRows(FitsVector[] out, int n) throws IOException {
        for (FitsVector v : out) {
            v.reset(n);
        }
        for (int i = 0; i < width; i++) {
            switch (kinds[i]) {
                case ROW -> {
                    long[] rows = out[i].longs();
                    for (int k = 0; k < n; k++) {
                        rows[k] = nextRow + k;
                    }
                }
                case KEYWORD, HDU, PATH -> out[i].fill(constants[i], n);
                default -> {}
            }
        }
        if (decodedVectors == null || decodedVectors.length != decoded) {
            decodedVectors = new FitsVector[decoded];
        }
        for (int j = 0, c = 0; j < dataSlots.length; j++) {
            if (present[j] >= 0) {
                decodedVectors[c++] = out[dataSlots[j]];
            } else {
                out[dataSlots[j]].fill(null, n);
            }
        }
        if (decoded == 0) {
            return;
        }
        FitsTable.TableRowDecoder columns = (FitsTable.TableRowDecoder) decoder;
        if (scratch == null) {
            scratch = new InternalRow[decoded];
            for (int c = 0; c < decoded; c++) {
                scratch[c] = new SpecificInternalRow(new StructType().add("v", decodedVectors[c].dataType()));
            }
        }
        int done = 0;
        while (done < n) {
            long r = nextRow + done;
            ensureBlock(r);
            int k = (int) Math.min(n - done, blockFirst + blockRows - r);
            int offset = (int) ((r - blockFirst) * rowBytes);
            columns.decodeColumns(block, offset, (int) rowBytes, k, heap, decodedVectors, done, scratch);
            done += k;
        }
    }

    /** Closes the current file and opens the next split's; false when there is none. */
    private boolean advance() throws IOException {
        closeFile();
        scratch = null;
        if (nextSplit >= splits.size()) {
            return false;
        }
        FitsPartition.Split split = splits.get(nextSplit++);
        String file = split.file().path();
        try {
            in = FitsInput.open(conf, file, split.file().length());
            bytesBefore = 0;
            metrics.filesRead++;
            if (spec.options().headers()) {
                pending = headerRows(file);
            } else {
                openSplit(split);
            }
        } catch (FitsFileException e) {
            closeFile();
            decoder = null;
            pending = null;
            if (!spec.options().permissive()) {
                // not chained: the file's problem is the message Spark shows as the root cause
                FitsFileException f = new FitsFileException(failFast(e.getMessage()));
                f.setStackTrace(e.getStackTrace());
                throw f;
            }
            metrics.filesSkipped++;
            LOG.warn("Skipping {} (mode PERMISSIVE): {}", file, e.getMessage());
        }
        return true;
    }

    private void openSplit(FitsPartition.Split split) throws IOException {
        String file = split.file().path();
        List<FitsHdus.Hdu> hdus = FitsHdus.choose(in, file, spec.options().hdu());
        FitsHdus.Hdu hdu = hdus.get(hdus.size() - 1);
        StructType schema = spec.schema();
        Map<String, Object> values = new HashMap<>();
        constants = new Object[width];
        if (!spec.options().headerKeywords().isEmpty()) {
            // the headers are parsed by nom-tam-fits only when keywords are read from them
            Header primary = hdus.get(0).header();
            for (String k : spec.options().headerKeywords()) {
                DataType type = schema.apply(k).dataType();
                values.put(k, spec.keywordValue(FitsSource.card(hdu.header(), primary, k), type, file, k));
            }
        }
        values.put(FitsSpec.PATH, file);
        values.put(FitsSpec.HDU, (long) hdu.index());
        for (int i = 0; i < width; i++) {
            constants[i] = switch (kinds[i]) {
                case KEYWORD -> values.get(names[i]);
                case HDU -> hdu.index();
                case PATH -> UTF8String.fromString(file);
                default -> null;
            };
            if (kinds[i] != Kind.ROW) {
                reused.update(i, constants[i]);
            }
        }
        if (!filters.isEmpty()) {
            Set<String> known = new HashSet<>(values.keySet());
            if (!spec.options().includeHdu()) {
                known.remove(FitsSpec.HDU);
            }
            // the filters compare Java values: strings as String, not Spark's UTF8String
            if (FitsFileFilter.skips(
                    filters, c -> values.get(c) instanceof UTF8String u ? u.toString() : values.get(c), known)) {
                metrics.filesPruned++;
                return;
            }
        }
        String where = file + " " + hdu.describe();
        FitsTable table = null;
        StructType fileData;
        if (hdu.table()) {
            // one layout per file: its schema is checked, then the same layout decodes the rows
            try {
                table = FitsTable.of(hdu.cards(), spec.options().decode(), where);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new FitsFileException(e.getMessage(), e);
            }
            fileData = table.schema();
        } else {
            fileData = FitsSource.dataSchema(hdu, spec.options().decode(), file);
        }
        checkColumns(file, hdu, fileData);
        present = new int[dataNames.length];
        int found = 0;
        for (int j = 0; j < dataNames.length; j++) {
            present[j] = indexOf(fileData, dataNames[j]);
            found += present[j] >= 0 ? 1 : 0;
        }
        direct = dataFirst && found == dataNames.length;
        decoded = found;
        if (hdu.image()) {
            if (split.rowStart() > 0) {
                return;
            }
            pending = new ArrayList<>(List.of(imageRow(hdu, where, fileData)));
            return;
        }
        int[] columns = new int[found];
        for (int j = 0, c = 0; j < present.length; j++) {
            if (present[j] >= 0) {
                columns[c++] = present[j];
            }
        }
        decoder = table.decoder(columns);
        dataStart = hdu.dataStart();
        rowBytes = table.rowBytes();
        long heapStart = hdu.dataStart() + table.heapOffset();
        FitsInput bytes = in;
        heap = (pos, dst, off, len) -> bytes.readFully(heapStart + pos, dst, off, len);
        nextRow = split.whole() ? 0 : split.rowStart();
        endRow = split.whole() ? table.rows() : Math.min(split.rowEnd(), table.rows());
        blockFirst = -1;
        blockRows = 0;
        if (found > 0 && rowBytes > Integer.MAX_VALUE - 8) {
            throw new FitsFileException(where + " has rows of " + rowBytes + " bytes (NAXIS1), more than this reader"
                    + " holds in one array (2^31 - 9 bytes)");
        }
    }

    private static int indexOf(StructType schema, String name) {
        String[] n = schema.fieldNames();
        for (int i = 0; i < n.length; i++) {
            if (n[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Without mergeSchema a file must have the first file's columns; with it, each shared column the merged type. */
    private void checkColumns(String file, FitsHdus.Hdu hdu, StructType fileData) throws FitsFileException {
        if (!spec.options().mergeSchema()) {
            String diff = FitsSpec.difference(spec.dataSchema(), fileData);
            if (diff != null) {
                throw new FitsFileException(file + " " + hdu.describe() + " has other columns than the first file, "
                        + spec.firstFile() + ": " + diff + "; set option mergeSchema to true to read the union of"
                        + " the files' columns");
            }
            return;
        }
        for (StructField f : fileData.fields()) {
            int i = indexOf(spec.dataSchema(), f.name());
            if (i >= 0) {
                DataType want = spec.dataSchema().fields()[i].dataType();
                if (!want.catalogString().equals(f.dataType().catalogString())) {
                    throw new FitsFileException(file + " " + hdu.describe() + ": column " + f.name() + " is "
                            + f.dataType().simpleString() + " where the merged schema has "
                            + want.simpleString() + "; read these files separately");
                }
            }
        }
    }

    private InternalRow tableRow() throws IOException {
        SpecificInternalRow row = reused;
        long r = nextRow++;
        for (int i = 0; i < width; i++) {
            if (kinds[i] == Kind.ROW) {
                row.setLong(i, r);
            }
        }
        if (decoded == 0) {
            return row;
        }
        ensureBlock(r);
        int offset = (int) ((r - blockFirst) * rowBytes);
        if (direct) {
            decoder.decode(block, offset, heap, row, 0);
        } else {
            Object[] scratch = new Object[decoded];
            decoder.decode(block, offset, heap, new GenericInternalRow(scratch), 0);
            for (int j = 0, c = 0; j < dataSlots.length; j++) {
                row.update(dataSlots[j], present[j] >= 0 ? scratch[c++] : null);
            }
        }
        return row;
    }

    /** Makes {@link #block} hold row {@code r}: whole rows from {@code r}, about {@link #BLOCK_BYTES} bytes. */
    private void ensureBlock(long r) throws IOException {
        if (r >= blockFirst + blockRows || blockFirst < 0) {
            long rows = Math.min(endRow - r, Math.max(1, BLOCK_BYTES / rowBytes));
            int len = (int) (rows * rowBytes);
            if (block == null || block.length < len) {
                block = new byte[len];
            }
            in.readFully(dataStart + r * rowBytes, block, 0, len);
            blockFirst = r;
            blockRows = rows;
        }
    }

    private InternalRow imageRow(FitsHdus.Hdu hdu, String where, StructType fileData) throws IOException {
        Object[] values = constants.clone();
        if (decoded > 0) {
            FitsImage image;
            try {
                image = FitsImage.of(hdu.cards(), spec.options().decode(), where);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new FitsFileException(e.getMessage(), e);
            }
            long n = image.dataBytes();
            if (n > Integer.MAX_VALUE - 8) {
                throw new FitsFileException(
                        where + " has " + n + " bytes of image data, more than one row holds" + " (2^31 - 9 bytes)");
            }
            byte[] data = new byte[(int) n];
            in.readFully(hdu.dataStart(), data, 0, data.length);
            Object[] all = new Object[fileData.size()];
            image.decode(data, new GenericInternalRow(all), 0);
            for (int j = 0; j < dataSlots.length; j++) {
                values[dataSlots[j]] = present[j] >= 0 ? all[present[j]] : null;
            }
        }
        return new GenericInternalRow(values);
    }

    /** Headers mode: one row per HDU of the file, every header read before any row is returned. */
    private List<InternalRow> headerRows(String file) throws IOException {
        List<FitsHdus.Hdu> hdus = FitsHdus.scan(in, file, h -> false);
        List<InternalRow> rows = new ArrayList<>();
        for (FitsHdus.Hdu h : hdus) {
            Object[] all = new Object[FitsSpec.HEADERS.size()];
            all[0] = UTF8String.fromString(file);
            all[1] = h.index();
            all[2] = h.xtension() == null ? null : UTF8String.fromString(h.xtension());
            all[3] = h.extname() == null ? null : UTF8String.fromString(h.extname());
            all[4] = h.header().containsKey("EXTVER") ? (Object) h.extver() : null;
            int naxis = h.header().getIntValue("NAXIS", 0);
            Object[] axes = new Object[naxis];
            for (int i = 0; i < naxis; i++) {
                axes[i] = h.header().getLongValue("NAXIS" + (i + 1), 0);
            }
            all[5] = new GenericArrayData(axes);
            List<Object> keys = new ArrayList<>();
            List<Object> vals = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            StringBuilder text = new StringBuilder();
            Cursor<String, HeaderCard> it = h.header().iterator();
            boolean end = false;
            while (it.hasNext()) {
                HeaderCard c = it.next();
                String card = c.toString();
                text.append(text.length() == 0 ? "" : "\n").append(card.stripTrailing());
                String key = c.getKey();
                if (key == null || key.isBlank()) {
                    continue;
                }
                if (key.equals("END")) {
                    end = true;
                    continue;
                }
                if (c.isCommentStyleCard() || !c.isKeyValuePair() && c.getValue() == null) {
                    continue;
                }
                if (seen.add(key)) {
                    keys.add(UTF8String.fromString(key));
                    String v = c.getValue();
                    vals.add(
                            FitsSpec.empty(c)
                                    ? null
                                    : UTF8String.fromString(c.isStringValue() ? v.stripTrailing() : v.trim()));
                }
            }
            if (!end) {
                text.append(text.length() == 0 ? "" : "\n").append("END");
            }
            all[6] = new ArrayBasedMapData(new GenericArrayData(keys.toArray()), new GenericArrayData(vals.toArray()));
            all[7] = UTF8String.fromString(text.toString());
            Object[] values = new Object[width];
            for (int i = 0; i < width; i++) {
                values[i] = all[FitsSpec.HEADERS.fieldIndex(headersRead.fields()[i].name())];
            }
            rows.add(new GenericInternalRow(values));
        }
        return rows;
    }

    @Override
    public InternalRow get() {
        return current;
    }

    @Override
    public CustomTaskMetric[] currentMetricsValues() {
        long open = in == null ? 0 : in.bytesRead() - bytesBefore;
        metrics.bytesRead += open;
        bytesBefore += open;
        return metrics.values();
    }

    private void closeFile() throws IOException {
        decoder = null;
        heap = null;
        if (in != null) {
            long open = in.bytesRead() - bytesBefore;
            metrics.bytesRead += open;
            try {
                in.close();
            } finally {
                in = null;
                bytesBefore = 0;
            }
        }
    }

    @Override
    public void close() throws IOException {
        pending = null;
        closeFile();
    }

    /** For tests: an iterator over a partition's rows as strings. */
    static Iterator<InternalRow> rows(FitsPartitionReader r) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return r.next();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public InternalRow next() {
                return r.get();
            }
        };
    }
}
