package org.mastspark.connector.hats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;

/**
 * {@link ParquetRows} on the real HATS catalogs written by hats-import (pyarrow) in the shared peer data:
 * the catalogs imported from a CSV read back equal to it, row for row and column for column.
 */
class ParquetRowsPeerTest {
    private static final Configuration CONF = new Configuration();
    private static final java.nio.file.Path PEER =
            java.nio.file.Path.of(System.getProperty("mast.shared.dir", "../../shared"), "peer-data", "hats");

    private static List<Object[]> read(java.nio.file.Path file, List<String> columns, ParquetReadStats stats) {
        List<Object[]> out = new ArrayList<>();
        try (ParquetRows rows =
                ParquetRows.open(CONF, new Path(file.toUri()), 0, Long.MAX_VALUE, columns, null, null, stats)) {
            while (rows.next()) {
                out.add(rows.current());
            }
        }
        return out;
    }

    private static List<java.nio.file.Path> partitions(String catalog) throws IOException {
        try (Stream<java.nio.file.Path> s = Files.walk(PEER.resolve(catalog).resolve("dataset"))) {
            return s.filter(p -> p.getFileName().toString().matches("Npix=\\d+\\.parquet"))
                    .sorted(Comparator.comparing(java.nio.file.Path::toString))
                    .toList();
        }
    }

    /** The CSV's rows, each value parsed as the catalog's Parquet type (ids long, the rest as in the file). */
    private static List<Object[]> csv(String path, List<String> columns, List<Boolean> asLong) throws IOException {
        List<String> lines = Files.readAllLines(PEER.resolve(path));
        List<String> header = List.of(lines.get(0).split(","));
        assertThat(header).containsExactlyElementsOf(columns);
        List<Object[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            Object[] row = new Object[f.length];
            for (int i = 0; i < f.length; i++) {
                row[i] = asLong.get(i) ? (Object) Long.parseLong(f[i]) : (Object) Double.parseDouble(f[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    @Test
    void smallSkyEqualsItsCsvInput() throws IOException {
        List<String> columns = List.of("id", "ra", "dec", "ra_error", "dec_error");
        List<Object[]> expected =
                csv("lsdb/raw/small_sky/small_sky.csv", columns, List.of(true, false, false, true, true));
        List<java.nio.file.Path> files = partitions("lsdb/small_sky");
        assertThat(files).hasSize(1);
        ParquetReadStats stats = new ParquetReadStats();
        List<Object[]> got = read(files.get(0), columns, stats);
        assertThat(expected).hasSize(131);
        assertThat(got)
                .usingElementComparator(ParquetRowsPeerTest::sameRow)
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(stats.rowsReturned()).isEqualTo(131);
        assertThat(stats.rowGroupsRead()).isEqualTo(1);
    }

    @Test
    void smallSkyXmatchEqualsItsCsvInputAcrossItsThreePartitions() throws IOException {
        List<String> columns = List.of("id", "ra", "dec", "ra_error", "dec_error", "calculated_dist");
        List<Object[]> expected =
                csv("lsdb/raw/xmatch/small_sky_xmatch.csv", columns, List.of(true, false, false, false, false, false));
        List<Object[]> got = new ArrayList<>();
        ParquetReadStats stats = new ParquetReadStats();
        List<java.nio.file.Path> files = partitions("lsdb/small_sky_xmatch");
        assertThat(files)
                .extracting(p -> PEER.resolve("lsdb/small_sky_xmatch/dataset")
                        .relativize(p)
                        .toString())
                .containsExactly(
                        "Norder=1/Dir=0/Npix=44.parquet",
                        "Norder=1/Dir=0/Npix=45.parquet",
                        "Norder=1/Dir=0/Npix=46.parquet");
        for (java.nio.file.Path f : files) {
            got.addAll(read(f, columns, stats));
        }
        assertThat(expected).hasSize(111);
        assertThat(got)
                .usingElementComparator(ParquetRowsPeerTest::closeRow)
                .containsExactlyInAnyOrderElementsOf(expected);
        // hats-import parsed this CSV with pandas' default (not round-trip) float parser: some doubles in the
        // files are a few ulps from the CSV's text (ra -59.492533155301345 is -59.49253315530135), and
        // calculated_dist is kept to 16 decimal places (0.006711692878024653 is 0.0067116928780246): positions
        // agree within 1e-14 relative, distances within 1e-16, ids and every row exactly
        long exact = got.stream()
                .filter(r -> expected.stream().anyMatch(e -> sameRow(e, r) == 0))
                .count();
        assertThat(exact).isLessThan(got.size());
        assertThat(stats.filesOpened()).isEqualTo(3);
    }

    private static int closeRow(Object[] a, Object[] b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] instanceof Double x && b[i] instanceof Double y) {
                // calculated_dist, the last column, is kept to 16 decimal places in the files
                double tolerance = i == a.length - 1 ? 1e-16 : 1e-14 * Math.abs(y);
                if (Math.abs(x - y) > tolerance) {
                    return 1;
                }
            } else if (!a[i].equals(b[i])) {
                return 1;
            }
        }
        return 0;
    }

    /** Equal values, with doubles equal as numbers (a CSV's "0.0" is the file's 0.0 or -0.0). */
    private static int sameRow(Object[] a, Object[] b) {
        if (a.length != b.length) {
            return 1;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] instanceof Double x && b[i] instanceof Double y) {
                if (x.doubleValue() != y.doubleValue()) {
                    return 1;
                }
            } else if (!a[i].equals(b[i])) {
                return 1;
            }
        }
        return 0;
    }

    @Test
    void everyPeerFileReadsCompletelyWithItsFooterRowCount() throws IOException {
        List<java.nio.file.Path> files;
        try (Stream<java.nio.file.Path> s = Files.walk(PEER)) {
            files = s.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
        }
        assertThat(files).hasSize(40);
        for (java.nio.file.Path f : files) {
            ParquetMetadata footer;
            try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(f.toUri()), CONF))) {
                footer = r.getFooter();
            }
            List<String> columns = footer.getFileMetaData().getSchema().getFields().stream()
                    .map(t -> t.getName())
                    .toList();
            long rows = footer.getBlocks().stream()
                    .mapToLong(BlockMetaData::getRowCount)
                    .sum();
            ParquetReadStats stats = new ParquetReadStats();
            List<Object[]> got = read(f, columns, stats);
            assertThat(got).as(f.toString()).hasSize((int) rows);
            assertThat(stats.rowGroupsRead())
                    .as(f.toString())
                    .isEqualTo(footer.getBlocks().size());
        }
    }

    @Test
    void aSourceCatalogPartitionOfThreeRowGroupsSplitsAndFilters() throws IOException {
        java.nio.file.Path f = PEER.resolve("hats/small_sky_source/dataset/Norder=1/Dir=0/Npix=47.parquet");
        List<BlockMetaData> blocks;
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(f.toUri()), CONF))) {
            blocks = r.getFooter().getBlocks();
        }
        assertThat(blocks).hasSize(3);
        List<String> columns = List.of("source_id", "_healpix_29", "band", "mag");
        List<Object[]> whole = read(f, columns, new ParquetReadStats());
        assertThat(whole).hasSize(2395);

        // one split per row group, cut between their midpoints: together the whole file, each group once
        long m0 = blocks.get(0).getStartingPos() + blocks.get(0).getCompressedSize() / 2;
        long m1 = blocks.get(1).getStartingPos() + blocks.get(1).getCompressedSize() / 2;
        long m2 = blocks.get(2).getStartingPos() + blocks.get(2).getCompressedSize() / 2;
        long[] cuts = {0, (m0 + m1) / 2, (m1 + m2) / 2, Files.size(f)};
        List<Object[]> split = new ArrayList<>();
        for (int g = 0; g < 3; g++) {
            ParquetReadStats stats = new ParquetReadStats();
            try (ParquetRows rows =
                    ParquetRows.open(CONF, new Path(f.toUri()), cuts[g], cuts[g + 1], columns, null, null, stats)) {
                while (rows.next()) {
                    split.add(rows.current());
                }
            }
            assertThat(stats.rowGroupsRead()).isEqualTo(1);
            assertThat(stats.rowsReturned()).isEqualTo(blocks.get(g).getRowCount());
        }
        assertThat(split).containsExactlyElementsOf(whole);

        // _healpix_29 is sorted: a range inside the last row group skips the first two by their statistics
        long lastGroupMin = (Long)
                whole.get((int) (blocks.get(0).getRowCount() + blocks.get(1).getRowCount()))[1];
        ParquetReadStats stats = new ParquetReadStats();
        List<Object[]> filtered = new ArrayList<>();
        try (ParquetRows rows = ParquetRows.open(
                CONF,
                new Path(f.toUri()),
                0,
                Long.MAX_VALUE,
                columns,
                FilterApi.and(
                        FilterApi.gtEq(FilterApi.longColumn("_healpix_29"), lastGroupMin),
                        FilterApi.eq(FilterApi.binaryColumn("band"), Binary.fromString("r"))),
                null,
                stats)) {
            while (rows.next()) {
                filtered.add(rows.current());
            }
        }
        List<Object[]> expected = whole.stream()
                .filter(r -> (Long) r[1] >= lastGroupMin && "r".equals(r[2]))
                .toList();
        assertThat(expected).isNotEmpty();
        assertThat(filtered).containsExactlyElementsOf(expected);
        assertThat(stats.rowGroupsRead()).isEqualTo(1);
        assertThat(stats.rowGroupsSkipped()).isEqualTo(2);
    }
}
