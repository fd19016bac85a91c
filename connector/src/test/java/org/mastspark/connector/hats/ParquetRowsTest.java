package org.mastspark.connector.hats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mastspark.connector.client.MastException;

/** {@link ParquetRows} on a file written here with every type, nulls, NaN and several row groups. */
class ParquetRowsTest {
    private static final int ROWS = 3000;
    private static final Configuration CONF = new Configuration();

    @TempDir
    static java.nio.file.Path dir;

    private static Path file;
    private static List<BlockMetaData> blocks;

    @BeforeAll
    static void write() throws IOException {
        file = new Path(dir.resolve("typed.parquet").toUri());
        TypedParquetFile.write(CONF, file, ROWS);
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(file, CONF))) {
            blocks = r.getFooter().getBlocks();
        }
    }

    private static List<Object[]> readAll(ParquetRows rows) {
        List<Object[]> out = new ArrayList<>();
        try (rows) {
            while (rows.next()) {
                out.add(rows.current());
            }
        }
        return out;
    }

    @Test
    void everyTypeReadsBackAsWritten() {
        assertThat(blocks).as("row groups written").hasSizeGreaterThan(3);
        ParquetReadStats stats = new ParquetReadStats();
        List<Object[]> rows =
                readAll(ParquetRows.open(CONF, file, 0, Long.MAX_VALUE, TypedParquetFile.COLUMNS, null, null, stats));
        assertThat(rows).hasSize(ROWS);
        for (int i = 0; i < ROWS; i++) {
            assertThat(rows.get(i)).as("row " + i).isEqualTo(TypedParquetFile.expected(i));
        }
        assertThat(stats.filesOpened()).isEqualTo(1);
        assertThat(stats.rowGroupsRead()).isEqualTo(blocks.size());
        assertThat(stats.rowGroupsSkipped()).isZero();
        assertThat(stats.rowsRead()).isEqualTo(ROWS);
        assertThat(stats.rowsReturned()).isEqualTo(ROWS);
        assertThat(stats.bytesRead()).isPositive().isLessThanOrEqualTo(fileLength() + 8 * 1024);
    }

    private static long fileLength() {
        try {
            return Files.size(dir.resolve("typed.parquet"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void projectionInAnyOrderReadsOnlyThoseColumns() {
        ParquetReadStats all = new ParquetReadStats();
        readAll(ParquetRows.open(CONF, file, 0, Long.MAX_VALUE, TypedParquetFile.COLUMNS, null, null, all));
        ParquetReadStats some = new ParquetReadStats();
        List<Object[]> rows =
                readAll(ParquetRows.open(CONF, file, 0, Long.MAX_VALUE, List.of("band", "d", "id"), null, null, some));
        assertThat(rows).hasSize(ROWS);
        for (int i = 0; i < ROWS; i++) {
            Object[] e = TypedParquetFile.expected(i);
            List<String> c = TypedParquetFile.COLUMNS;
            assertThat(rows.get(i)).isEqualTo(new Object[] {e[c.indexOf("band")], e[c.indexOf("d")], (long) i});
        }
        assertThat(some.bytesRead()).isLessThan(all.bytesRead() / 3);
    }

    @Test
    void aFilterSkipsRowGroupsByStatisticsAndReturnsOnlyMatchingRows() {
        // ids are 0..ROWS-1 in order, so each row group holds an interval of them
        long lo = 1000;
        long hi = 1500;
        long groupsOverlapping = 0;
        long first = 0;
        for (BlockMetaData b : blocks) {
            long last = first + b.getRowCount() - 1;
            if (last >= lo && first < hi) {
                groupsOverlapping++;
            }
            first = last + 1;
        }
        ParquetReadStats stats = new ParquetReadStats();
        List<Object[]> rows = readAll(ParquetRows.open(
                CONF,
                file,
                0,
                Long.MAX_VALUE,
                List.of("s"),
                FilterApi.and(
                        FilterApi.gtEq(FilterApi.longColumn("id"), lo), FilterApi.lt(FilterApi.longColumn("id"), hi)),
                null,
                stats));
        List<Object[]> expected = new ArrayList<>();
        for (int i = (int) lo; i < hi; i++) {
            expected.add(new Object[] {TypedParquetFile.nullRow(i) ? null : "row " + i + " été"});
        }
        assertThat(rows).containsExactlyElementsOf(expected);
        assertThat(groupsOverlapping).isBetween(1L, (long) blocks.size() - 2);
        assertThat(stats.rowGroupsRead()).isEqualTo(groupsOverlapping);
        assertThat(stats.rowGroupsSkipped()).isEqualTo(blocks.size() - groupsOverlapping);
        assertThat(stats.rowsReturned()).isEqualTo(hi - lo);
        assertThat(stats.rowsRead()).isGreaterThanOrEqualTo(hi - lo);
    }

    @Test
    void aDictionaryFilterOnAStringColumnKeepsExactlyItsRows() {
        ParquetReadStats stats = new ParquetReadStats();
        List<Object[]> rows = readAll(ParquetRows.open(
                CONF,
                file,
                0,
                Long.MAX_VALUE,
                List.of("id", "band"),
                FilterApi.eq(FilterApi.binaryColumn("band"), Binary.fromString("z")),
                null,
                stats));
        List<Object[]> expected = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            if (!TypedParquetFile.nullRow(i) && i % 5 == 3) {
                expected.add(new Object[] {(long) i, "z"});
            }
        }
        assertThat(rows).containsExactlyElementsOf(expected);
    }

    @Test
    void byteRangesSplitTheFileByRowGroupMidpoints() {
        long length = fileLength();
        // a cut between each pair of row groups' midpoints: every range gets one whole row group
        List<Long> cuts = new ArrayList<>();
        cuts.add(0L);
        for (int g = 0; g + 1 < blocks.size(); g++) {
            cuts.add((midpoint(blocks.get(g)) + midpoint(blocks.get(g + 1))) / 2);
        }
        cuts.add(length);
        List<Object> ids = new ArrayList<>();
        long firstRow = 0;
        for (int g = 0; g < blocks.size(); g++) {
            ParquetReadStats stats = new ParquetReadStats();
            List<Object[]> rows = readAll(
                    ParquetRows.open(CONF, file, cuts.get(g), cuts.get(g + 1), List.of("id"), null, null, stats));
            assertThat(stats.rowGroupsRead()).isEqualTo(1);
            assertThat(rows).hasSize((int) blocks.get(g).getRowCount());
            assertThat(rows.get(0)[0]).isEqualTo(firstRow);
            firstRow += blocks.get(g).getRowCount();
            rows.forEach(r -> ids.add(r[0]));
        }
        assertThat(ids).hasSize(ROWS).doesNotHaveDuplicates();
        // a range holding no midpoint reads nothing
        ParquetReadStats none = new ParquetReadStats();
        assertThat(readAll(ParquetRows.open(CONF, file, cuts.get(1), cuts.get(1) + 1, List.of("id"), null, null, none)))
                .isEmpty();
        assertThat(none.rowGroupsRead()).isZero();
        assertThat(none.rowGroupsSkipped()).isZero();
    }

    private static long midpoint(BlockMetaData b) {
        long start = b.getStartingPos();
        return start + b.getCompressedSize() / 2;
    }

    @Test
    void aColumnMissingFromTheFileIsNamedWithTheFile() {
        assertThatThrownBy(() -> ParquetRows.open(
                        CONF, file, 0, Long.MAX_VALUE, List.of("id", "mag"), null, null, new ParquetReadStats()))
                .isInstanceOf(MastException.class)
                .hasMessageStartingWith("Column 'mag' is not in Parquet file " + file + ", whose columns are id, flag,")
                .hasMessageEndingWith(", m; select columns the file has");
        assertThatThrownBy(() -> ParquetRows.open(
                        CONF,
                        file,
                        0,
                        Long.MAX_VALUE,
                        List.of("id"),
                        FilterApi.eq(FilterApi.longColumn("objid"), 3L),
                        null,
                        new ParquetReadStats()))
                .isInstanceOf(MastException.class)
                .hasMessageStartingWith("Filter column 'objid' is not in Parquet file " + file);
    }

    @Test
    void aSinkGetsTheRowsAndCurrentIsRefused() {
        // values arrive unboxed; a row is the sink's from startRow on, and is complete when next() says so
        long[] current = new long[1];
        List<Long> got = new ArrayList<>();
        org.mastspark.connector.client.rows.RowSink sink = new org.mastspark.connector.client.rows.RowSink() {
            @Override
            public void startRow() {
                current[0] = -1;
            }

            @Override
            public void putNull(int slot) {}

            @Override
            public void putLong(int slot, long value) {
                current[0] = value;
            }

            @Override
            public void putValue(int slot, Object value) {
                throw new AssertionError("boxed " + value);
            }
        };
        try (ParquetRows rows = ParquetRows.open(
                CONF,
                file,
                0,
                Long.MAX_VALUE,
                List.of("id"),
                FilterApi.lt(FilterApi.longColumn("id"), 3L),
                sink,
                new ParquetReadStats())) {
            assertThat(rows.next()).isTrue();
            got.add(current[0]);
            assertThatThrownBy(rows::current)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("this cursor hands its rows to a RowSink");
            while (rows.next()) {
                got.add(current[0]);
            }
        }
        assertThat(got).containsExactly(0L, 1L, 2L);
    }

    @Test
    void aColumnOfAnUnreadableLayoutIsNamedAndTheOthersStillRead() throws IOException {
        // a LIST annotation over a group without a repeated field: no reader can tell its elements
        MessageType odd = Types.buildMessage()
                .required(PrimitiveTypeName.INT64)
                .named("id")
                .optionalGroup()
                .as(LogicalTypeAnnotation.listType())
                .optional(PrimitiveTypeName.INT32)
                .named("x")
                .named("bad")
                .named("odd");
        Path oddFile = new Path(dir.resolve("odd.parquet").toUri());
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(oddFile)
                .withConf(CONF)
                .withType(odd)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
            Group g = new SimpleGroupFactory(odd).newGroup();
            g.append("id", 1L);
            g.addGroup("bad").append("x", 2);
            w.write(g);
        }
        assertThatThrownBy(() -> ParquetRows.open(
                        CONF, oddFile, 0, Long.MAX_VALUE, List.of("id", "bad"), null, null, new ParquetReadStats()))
                .isInstanceOf(MastException.class)
                .hasMessage("Column 'bad' of Parquet file " + oddFile + " has type optional group bad (LIST) {"
                        + " optional int32 x; } (a LIST without its one repeated field), which this reader cannot"
                        + " read; select other columns");
        assertThat(readAll(ParquetRows.open(
                        CONF, oddFile, 0, Long.MAX_VALUE, List.of("id"), null, null, new ParquetReadStats())))
                .containsExactly(new Object[] {1L});
    }
}
