package org.mastspark.connector.hats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.filter2.predicate.Operators;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.rows.RowSink;
import org.mastspark.connector.client.rows.SinkCursor;

/**
 * The rows of one Parquet file, or of the row groups of a byte range of it, streamed into a {@link RowSink}:
 * the value of {@code columns.get(i)} goes to slot {@code i}. Only the requested top-level columns are
 * decoded. A filter skips row groups by their statistics, dictionaries and bloom filters, pages by the column
 * indexes, and rows by record-level evaluation: a row it rejects never reaches {@link #next()}.
 *
 * <p>Values as the sink gets them: booleans with {@code putBoolean}; signed integers of any width and
 * unsigned 8, 16 and 32-bit integers with {@code putLong}; float and double with {@code putDouble}; UTF-8
 * strings, enums and JSON with {@code putUtf8} (dictionaries decoded once per column chunk); with
 * {@code putValue}: unsigned 64-bit integers and decimals as {@code java.math.BigDecimal} (decimals of more
 * than 38 digits as their plain text, a {@code String}), other binaries as {@code byte[]}, dates as
 * {@code LocalDate}, timestamps (millis, micros, nanos and INT96) as {@code Instant} of their stored value
 * (UTC-adjusted or not), lists (3-level, legacy 2-level and un-annotated repeated fields) as {@code Object[]}
 * of their elements, structs as {@code Object[]} of their fields and maps as a {@code java.util.Map} in file
 * order, with the same element values boxed ({@code Long}, {@code Double}, {@code String}, ...). A null value
 * gets no call (the sink's "missing is null").
 *
 * <p>Not thread safe; {@link #close()} is idempotent.
 */
public final class ParquetRows extends SinkCursor {
    private final Path file;
    private final ParquetFileReader reader;
    private final MessageColumnIO columnIO;
    private final RecordMaterializer<Object> materializer;
    private final FilterCompat.Filter filter;
    private final ParquetReadStats stats;
    private final int groupsToRead;
    private int groupsRead;
    private RecordReader<Object> records;
    private long rowsLeft;
    private boolean exhausted;
    private boolean closed;

    private ParquetRows(
            Configuration conf,
            Path file,
            long start,
            long end,
            List<String> columns,
            FilterPredicate filter,
            RowSink sink,
            ParquetReadStats stats) {
        super(sink, columns.size());
        this.file = file;
        this.stats = stats;
        this.filter = filter == null ? FilterCompat.NOOP : FilterCompat.get(filter);
        ParquetReadOptions.Builder options = HadoopReadOptions.builder(conf).withRange(start, end);
        if (filter != null) {
            options.withRecordFilter(this.filter);
        }
        ParquetFileReader opened;
        try {
            opened = ParquetFileReader.open(
                    new CountingInputFile(HadoopInputFile.fromPath(file, conf), stats), options.build());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read Parquet file " + file + ": " + e.getMessage(), e);
        }
        stats.fileOpened();
        this.reader = opened;
        try {
            MessageType fileSchema = reader.getFooter().getFileMetaData().getSchema();
            MessageType requested = requested(fileSchema, columns, filter);
            reader.setRequestedSchema(requested);
            this.columnIO = new ColumnIOFactory(
                            reader.getFooter().getFileMetaData().getCreatedBy())
                    .getColumnIO(requested, fileSchema, true);
            this.materializer = new Materializer(requested, columns, this.sink);
            int inRange = reader.getFooter().getBlocks().size();
            this.groupsToRead = reader.getRowGroups().size();
            stats.rowGroupsSkipped(inRange - groupsToRead);
        } catch (RuntimeException e) {
            closeQuietly(e);
            throw e;
        }
    }

    /**
     * Opens a cursor over one file or a byte range of it.
     *
     * @param conf Hadoop configuration (file system settings)
     * @param file the Parquet file
     * @param start first byte of the split: the row groups whose midpoint lies in [start, end) are read; 0
     *     for the whole file
     * @param end end of the split, or {@code Long.MAX_VALUE} for the whole file
     * @param columns the top-level columns to read, in slot order, each once
     * @param filter a parquet filter or null; the columns it names need not be among {@code columns}
     * @param sink where values go, or null for rows read with {@link #current()}
     * @param stats counters to add to
     * @throws MastException naming the file and column when a column is not in the file or has a type this
     *     reader cannot read
     * @throws UncheckedIOException when the file cannot be opened or is not Parquet
     */
    public static ParquetRows open(
            Configuration conf,
            Path file,
            long start,
            long end,
            List<String> columns,
            FilterPredicate filter,
            RowSink sink,
            ParquetReadStats stats) {
        return new ParquetRows(conf, file, start, end, List.copyOf(columns), filter, sink, stats);
    }

    /** The requested columns in slot order, then the filter's other columns (read for the record filter only). */
    private MessageType requested(MessageType fileSchema, List<String> columns, FilterPredicate filter) {
        Set<String> seen = new HashSet<>();
        List<Type> fields = new ArrayList<>();
        for (String c : columns) {
            if (!seen.add(c)) {
                throw new IllegalArgumentException("Column '" + c + "' is requested twice from " + file);
            }
            fields.add(field(fileSchema, c, "Column"));
        }
        if (filter != null) {
            Set<String> filterColumns = new LinkedHashSet<>();
            filterColumns(filter, filterColumns);
            for (String c : filterColumns) {
                if (seen.add(c)) {
                    fields.add(field(fileSchema, c, "Filter column"));
                }
            }
        }
        return new MessageType(fileSchema.getName(), fields);
    }

    private Type field(MessageType fileSchema, String column, String what) {
        if (!fileSchema.containsField(column)) {
            throw new MastException(what + " '" + column + "' is not in Parquet file " + file + ", whose columns are "
                    + fileSchema.getFields().stream().map(Type::getName).collect(Collectors.joining(", "))
                    + "; select columns the file has");
        }
        return fileSchema.getType(column);
    }

    /** The top-level columns a filter names. */
    private static void filterColumns(FilterPredicate p, Set<String> into) {
        if (p instanceof Operators.Eq<?> c) {
            into.add(top(c.getColumn()));
        } else if (p instanceof Operators.NotEq<?> c) {
            into.add(top(c.getColumn()));
        } else if (p instanceof Operators.Lt<?> c) {
            into.add(top(c.getColumn()));
        } else if (p instanceof Operators.LtEq<?> c) {
            into.add(top(c.getColumn()));
        } else if (p instanceof Operators.Gt<?> c) {
            into.add(top(c.getColumn()));
        } else if (p instanceof Operators.GtEq<?> c) {
            into.add(top(c.getColumn()));
        } else if (p instanceof Operators.SetColumnFilterPredicate<?> s) {
            into.add(top(s.getColumn()));
        } else if (p instanceof Operators.And b) {
            filterColumns(b.getLeft(), into);
            filterColumns(b.getRight(), into);
        } else if (p instanceof Operators.Or b) {
            filterColumns(b.getLeft(), into);
            filterColumns(b.getRight(), into);
        } else if (p instanceof Operators.Not n) {
            filterColumns(n.getPredicate(), into);
        } else if (p instanceof Operators.UserDefined<?, ?> u) {
            into.add(top(u.getColumn()));
        } else if (p instanceof Operators.LogicalNotUserDefined<?, ?> n) {
            filterColumns(n.getUserDefined(), into);
        } else {
            throw new IllegalArgumentException("Unsupported Parquet filter " + p);
        }
    }

    private static String top(Operators.Column<?> column) {
        return column.getColumnPath().toArray()[0];
    }

    /** The file read. */
    public Path file() {
        return file;
    }

    @Override
    public boolean next() {
        while (true) {
            if (rowsLeft > 0) {
                rowsLeft--;
                Object row = records.read();
                if (row == null || records.shouldSkipCurrentRecord()) {
                    continue;
                }
                stats.rowReturned();
                return true;
            }
            if (exhausted || closed || !advance()) {
                return false;
            }
        }
    }

    private boolean advance() {
        PageReadStore pages;
        try {
            pages = reader.readNextFilteredRowGroup();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read Parquet file " + file + ": " + e.getMessage(), e);
        }
        if (pages == null) {
            exhausted = true;
            // the rest were passed over by their column indexes
            stats.rowGroupsSkipped(groupsToRead - groupsRead);
            return false;
        }
        groupsRead++;
        stats.rowGroupRead();
        stats.rowsRead(pages.getRowCount());
        rowsLeft = pages.getRowCount();
        records = columnIO.getRecordReader(pages, materializer, filter);
        return true;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                reader.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot close Parquet file " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private void closeQuietly(Throwable cause) {
        closed = true;
        try {
            reader.close();
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** The row converter: slot i gets requested column i; the filter's extra columns go nowhere. */
    private final class Materializer extends RecordMaterializer<Object> {
        private final Root root;

        Materializer(MessageType requested, List<String> columns, RowSink sink) {
            this.root = new Root(requested, columns.size(), sink);
        }

        @Override
        public Object getCurrentRecord() {
            return Boolean.TRUE;
        }

        @Override
        public GroupConverter getRootConverter() {
            return root;
        }
    }

    private final class Root extends GroupConverter {
        private final RowSink sink;
        private final Converter[] converters;
        private final List<Object>[] occurrences;

        @SuppressWarnings("unchecked")
        Root(MessageType requested, int width, RowSink sink) {
            this.sink = sink;
            int n = requested.getFieldCount();
            this.converters = new Converter[n];
            this.occurrences = new List[width];
            for (int i = 0; i < n; i++) {
                Type t = requested.getType(i);
                if (i >= width) {
                    converters[i] = t.isPrimitive() ? new IgnoredValue() : new Ignored(t.asGroupType());
                    continue;
                }
                RowSink out = sink;
                int slot = i;
                if (t.isRepetition(Type.Repetition.REPEATED)) {
                    List<Object> list = new ArrayList<>();
                    occurrences[i] = list;
                    out = new RowSink() {
                        @Override
                        public void startRow() {}

                        @Override
                        public void putNull(int s) {}

                        @Override
                        public void putValue(int s, Object value) {
                            list.add(value);
                        }
                    };
                }
                try {
                    converters[i] = ParquetConverters.of(t, out, slot);
                } catch (UnsupportedOperationException e) {
                    throw new MastException("Column '" + t.getName() + "' of Parquet file " + file + " has type "
                            + t.toString().replaceAll("\\s+", " ").trim() + " (" + e.getMessage()
                            + "), which this reader cannot read; select other columns");
                }
            }
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return converters[fieldIndex];
        }

        @Override
        public void start() {
            sink.startRow();
            for (List<Object> o : occurrences) {
                if (o != null) {
                    o.clear();
                }
            }
        }

        @Override
        public void end() {
            for (int i = 0; i < occurrences.length; i++) {
                if (occurrences[i] != null) {
                    sink.putValue(i, occurrences[i].toArray());
                }
            }
        }
    }

    /** A value read only for the record filter, which sees it before this converter. */
    private static final class IgnoredValue extends PrimitiveConverter {
        @Override
        public void addBinary(Binary value) {}

        @Override
        public void addBoolean(boolean value) {}

        @Override
        public void addDouble(double value) {}

        @Override
        public void addFloat(float value) {}

        @Override
        public void addInt(int value) {}

        @Override
        public void addLong(long value) {}
    }

    /** A group read only for the record filter. */
    private static final class Ignored extends GroupConverter {
        private final Converter[] children;

        Ignored(org.apache.parquet.schema.GroupType type) {
            children = new Converter[type.getFieldCount()];
            for (int i = 0; i < children.length; i++) {
                Type t = type.getType(i);
                children[i] = t.isPrimitive() ? new IgnoredValue() : new Ignored(t.asGroupType());
            }
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return children[fieldIndex];
        }

        @Override
        public void start() {}

        @Override
        public void end() {}
    }

    /** Counts the bytes parquet-java reads, footer included. */
    private static final class CountingInputFile implements InputFile {
        private final InputFile in;
        private final ParquetReadStats stats;

        CountingInputFile(InputFile in, ParquetReadStats stats) {
            this.in = in;
            this.stats = stats;
        }

        @Override
        public long getLength() throws IOException {
            return in.getLength();
        }

        @Override
        public SeekableInputStream newStream() throws IOException {
            SeekableInputStream s = in.newStream();
            return new SeekableInputStream() {
                @Override
                public long getPos() throws IOException {
                    return s.getPos();
                }

                @Override
                public void seek(long newPos) throws IOException {
                    s.seek(newPos);
                }

                @Override
                public int read() throws IOException {
                    int b = s.read();
                    if (b >= 0) {
                        stats.bytesRead(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = s.read(b, off, len);
                    if (n > 0) {
                        stats.bytesRead(n);
                    }
                    return n;
                }

                @Override
                public void readFully(byte[] bytes) throws IOException {
                    s.readFully(bytes);
                    stats.bytesRead(bytes.length);
                }

                @Override
                public void readFully(byte[] bytes, int start, int len) throws IOException {
                    s.readFully(bytes, start, len);
                    stats.bytesRead(len);
                }

                @Override
                public int read(ByteBuffer buf) throws IOException {
                    int n = s.read(buf);
                    if (n > 0) {
                        stats.bytesRead(n);
                    }
                    return n;
                }

                @Override
                public void readFully(ByteBuffer buf) throws IOException {
                    int n = buf.remaining();
                    s.readFully(buf);
                    stats.bytesRead(n);
                }

                @Override
                public long skip(long n) throws IOException {
                    return s.skip(n);
                }

                @Override
                public int available() throws IOException {
                    return s.available();
                }

                @Override
                public void close() throws IOException {
                    s.close();
                }
            };
        }
    }
}
