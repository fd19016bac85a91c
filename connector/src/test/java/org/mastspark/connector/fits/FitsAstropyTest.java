package org.mastspark.connector.fits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mastspark.connector.SparkTestSession;

/**
 * {@code format("fits")} against astropy on the hand-written files of {@link FitsTestFiles}: every cell of
 * every row equal (doubles exactly as astropy gives them), the same row count, NULL where astropy masks, header
 * keywords as astropy reads the cards, split reads equal to unsplit reads, and the last rows of a table above
 * 2^31 bytes.
 */
class FitsAstropyTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void files() {
        FitsTestFiles.writeAll(dir);
    }

    private static final List<String> KEYWORDS =
            List.of("TICID", "SECTOR", "CAMERA", "OBJECT", "TESSMAG", "SIMDATA", "PEMPTY", "XEMPTY");

    static DataFrameReader fits(String... options) {
        DataFrameReader r = SparkTestSession.get().read().format("fits");
        for (int i = 0; i < options.length; i += 2) {
            r = r.option(options[i], options[i + 1]);
        }
        return r;
    }

    /** Rows of one file, ordered by their row in the HDU. */
    static List<Row> rows(Dataset<Row> df) {
        return df.orderBy("row").collectAsList();
    }

    static void assertAgrees(String file, FitsAstropy.Dump astropy, List<Row> spark, boolean nanIsNull) {
        List<String> diffs = FitsAstropy.differences(file, astropy, spark, nanIsNull);
        assertThat(diffs)
                .as("disagreements between astropy and format(\"fits\")")
                .isEmpty();
    }

    @Test
    void rowsStraddlingBlocksAndHeaderKeywordsAsAstropy() {
        Path f = dir.resolve("straddle.fits");
        FitsAstropy.Dump astropy = FitsAstropy.dump(f, null, KEYWORDS, null);
        Dataset<Row> df = fits("includeRow", "true", "headerKeywords", String.join(",", KEYWORDS))
                .load(f.toString());
        List<Row> spark = rows(df);
        assertThat(spark).hasSize(1000);
        assertThat(astropy.rowCount()).isEqualTo(1000);
        assertAgrees("straddle.fits", astropy, spark, false);
        for (Row r : spark) {
            for (String k : KEYWORDS) {
                Object v = r.get(r.fieldIndex(k));
                assertThat(FitsAstropy.sameKeyword(astropy.keyword(k), v))
                        .as("keyword %s: astropy %s, Spark %s", k, astropy.keyword(k), v)
                        .isTrue();
            }
            assertThat(r.getString(r.fieldIndex("path"))).endsWith("/straddle.fits");
        }
        // the extension's SECTOR (15) wins over the primary's (14); empty-valued cards are NULL
        assertThat(spark.get(0).getLong(spark.get(0).fieldIndex("SECTOR"))).isEqualTo(15L);
        assertThat(spark.get(0).isNullAt(spark.get(0).fieldIndex("PEMPTY"))).isTrue();
    }

    @Test
    void theComparisonSeesAWrongValue() {
        Path f = dir.resolve("straddle.fits");
        List<Row> reversed = fits("includeRow", "true")
                .load(f.toString())
                .orderBy(functions.desc("row"))
                .collectAsList();
        List<String> diffs =
                FitsAstropy.differences("straddle.fits", FitsAstropy.dump(f, null, List.of(), null), reversed, false);
        assertThat(diffs).contains("straddle.fits column ID row 0: astropy -500000000, Spark 499002997 (Long)");
        assertThat(FitsAstropy.differences(
                        "x", FitsAstropy.dump(f, null, List.of(), null), reversed.subList(0, 3), false))
                .startsWith("x: astropy has 1000 rows, Spark 3");
    }

    @Test
    void splitReadsEqualUnsplitReads() {
        Path f = dir.resolve("straddle.fits");
        List<Row> whole = rows(fits("includeRow", "true").load(f.toString()));
        for (String max : List.of("2880", "3000", "4096", "10000")) {
            Dataset<Row> split = fits("includeRow", "true", "maxPartitionBytes", max, "openCostInBytes", "1")
                    .load(f.toString());
            assertThat(split.rdd().getNumPartitions())
                    .as("partitions at %s", max)
                    .isGreaterThan(1);
            assertThat(rows(split)).as("split at %s", max).isEqualTo(whole);
        }
        assertAgrees("straddle.fits", FitsAstropy.dump(f, null, List.of(), null), whole, false);
    }

    @Test
    void everyTformTypeAsAstropy() {
        Path f = dir.resolve("alltypes.fits");
        FitsAstropy.Dump astropy = FitsAstropy.dump(f, "ALLTYPES", List.of(), null);
        List<Row> spark = rows(fits("includeRow", "true", "hdu", "ALLTYPES").load(f.toString()));
        assertThat(spark).hasSize(50);
        assertAgrees("alltypes.fits", astropy, spark, false);
    }

    @Test
    void gzipFileAsAstropy() {
        Path f = dir.resolve("alltypes.fits.gz");
        FitsAstropy.Dump astropy = FitsAstropy.dump(f, null, List.of(), null);
        List<Row> spark = rows(fits("includeRow", "true").load(f.toString()));
        assertThat(spark).hasSize(50);
        assertAgrees("alltypes.fits.gz", astropy, spark, false);
        // and the same rows as the uncompressed file, path aside (exceptAll: NaN equals NaN in Spark SQL)
        Dataset<Row> plain =
                fits().load(dir.resolve("alltypes.fits").toString()).drop("path");
        Dataset<Row> gz = fits().load(f.toString()).drop("path");
        assertThat(gz.exceptAll(plain).count()).isZero();
        assertThat(plain.exceptAll(gz).count()).isZero();
    }

    @Test
    void scaledUnsignedAndNullsAsAstropy() {
        Path f = dir.resolve("scaled.fits");
        FitsAstropy.Dump astropy = FitsAstropy.dump(f, "SCALED", List.of(), null);
        List<Row> spark = rows(fits("includeRow", "true", "hdu", "SCALED").load(f.toString()));
        assertThat(spark).hasSize(40);
        assertAgrees("scaled.fits", astropy, spark, false);
    }

    @Test
    void imagesAsAstropy() {
        Path f = dir.resolve("image.fits");
        for (String hdu : List.of("IMG16", "IMGF", "IMGB", "1", "2", "3")) {
            FitsAstropy.Dump astropy = FitsAstropy.dump(f, hdu, List.of(), null);
            List<Row> spark = fits("hdu", hdu).load(f.toString()).collectAsList();
            // astropy turns an integer image with BLANK into floats with NaN where the reader gives NULL
            assertAgrees("image.fits HDU " + hdu, astropy, spark, true);
        }
    }

    @Test
    void headersOfPrimaryOnlyFile() {
        Path f = dir.resolve("primary-only.fits");
        FitsAstropy.Dump astropy = FitsAstropy.dump(f, "0", List.of("OBJECT", "PEMPTY"), null);
        List<Row> spark = fits("headers", "true").load(f.toString()).collectAsList();
        assertThat(spark).hasSize(1);
        Row r = spark.get(0);
        assertThat(r.getInt(r.fieldIndex("hdu"))).isEqualTo(0);
        assertThat(r.getList(r.fieldIndex("naxis"))).isEmpty();
        Map<String, String> cards = r.getJavaMap(r.fieldIndex("cards"));
        assertThat(cards.get("OBJECT")).contains(astropy.keyword("OBJECT").asText());
        assertThat(astropy.keyword("PEMPTY").isNull()).isTrue();
    }

    @Test
    void mergeSchemaGivesEachFileAsAstropy() {
        Path a = dir.resolve("merge-a.fits");
        Path b = dir.resolve("merge-b.fits");
        Dataset<Row> df = fits("includeRow", "true", "hdu", "EVENTS", "mergeSchema", "true")
                .load(a + "," + b);
        assertThat(df.columns()).contains("ID", "X", "Y");
        for (Path f : List.of(a, b)) {
            List<Row> spark = rows(df.filter(functions.col("path").endsWith("/" + f.getFileName())));
            FitsAstropy.Dump astropy = FitsAstropy.dump(f, "EVENTS", List.of(), null);
            assertAgrees(f.getFileName().toString(), astropy, spark, false);
            String absent = f.equals(a) ? "Y" : "X";
            assertThat(spark).allMatch(r -> r.isNullAt(r.fieldIndex(absent)));
        }
    }

    @Test
    void differentSchemasWithoutMergeFailNamingTheFile() {
        Path a = dir.resolve("merge-a.fits");
        Path b = dir.resolve("merge-b.fits");
        assertThatThrownBy(() -> fits("hdu", "EVENTS").load(a + "," + b).collectAsList())
                .hasStackTraceContaining("merge-b.fits")
                .hasStackTraceContaining("mergeSchema");
    }

    @Test
    void permissiveSkipsBadFilesFailFastNamesThem() {
        Path good = dir.resolve("straddle.fits");
        String bad = dir.resolve("not-fits.fits") + "," + dir.resolve("truncated.fits");
        List<Row> spark = rows(fits("includeRow", "true", "mode", "PERMISSIVE").load(good + "," + bad));
        assertAgrees("straddle.fits", FitsAstropy.dump(good, null, List.of(), null), spark, false);
        assertThatThrownBy(() -> fits("mode", "FAILFAST")
                        .load(good + "," + dir.resolve("truncated.fits"))
                        .collectAsList())
                .hasStackTraceContaining("truncated.fits");
        assertThatThrownBy(() -> fits("mode", "FAILFAST")
                        .load(good + "," + dir.resolve("not-fits.fits"))
                        .collectAsList())
                .hasStackTraceContaining("not-fits.fits");
    }

    /** The sparse table's columns compared (PAD, 984 blanks a row, is left out so that it is not decoded). */
    private static final List<String> SPARSE_COLUMNS = List.of("ID", "V", "N", "S", "H");

    @Test
    void lastRowsOfATableAbove2GiB(@TempDir Path big) {
        Path f = FitsTestFiles.sparse(big);
        long n = FitsTestFiles.SPARSE_ROWS;
        int w = FitsTestFiles.SPARSE_WRITTEN;
        FitsAstropy.Dump astropy = FitsAstropy.dump(f, "BIG", List.of(), (n - w) + ":" + n);
        Dataset<Row> df = fits("includeRow", "true", "hdu", "BIG").load(f.toString());
        // The last, the middle and the first rows in one pass over the 2 GiB (no filter on row reaches the
        // reader), split on the driver by their row.
        var row = functions.col("row");
        List<Row> picked = rows(
                df.filter(row.geq(n - w).or(row.equalTo(n / 2)).or(row.lt(w))).select("ID", "V", "N", "S", "H", "row"));
        List<Row> last = picked.stream().filter(r -> r.getLong(5) >= n - w).toList();
        assertThat(last).hasSize(w);
        assertThat(last.get(w - 1).getLong(5)).isEqualTo(n - 1);
        assertAgrees("sparse-big.fits (last rows)", astropy.only(SPARSE_COLUMNS), last, false);
        // the rows in the holes are zeros, and every row is read once
        assertThat(df.count()).isEqualTo(n);
        List<Row> middle = picked.stream().filter(r -> r.getLong(5) == n / 2).toList();
        assertThat(middle).hasSize(1);
        assertThat(middle.get(0).getLong(0)).isZero();
        assertThat(middle.get(0).getList(4)).isEmpty();
        List<Row> first = picked.stream().filter(r -> r.getLong(5) < w).toList();
        assertThat(picked).hasSize(2 * w + 1);
        assertAgrees(
                "sparse-big.fits (first rows)",
                FitsAstropy.dump(f, "BIG", List.of(), "0:" + w).only(SPARSE_COLUMNS),
                first,
                false);
        assertThat(new ArrayList<>(last)).isNotEqualTo(first);
    }
}
