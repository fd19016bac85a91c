package org.mastspark.connector.fits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mastspark.connector.SparkTestSession;

/**
 * Columnar batches ({@link FitsBatchReader}) give exactly the rows of the row-by-row reader ({@code batchSize}
 * 0) for every scalar column kind of the purpose-built files, with the file-level columns, across batch, block
 * and split edges, and with merged schemas; other reads stay row by row.
 */
class FitsBatchTest {
    @TempDir
    static Path dir;

    private static SparkSession spark;

    @BeforeAll
    static void files() {
        spark = SparkTestSession.get();
        FitsTestFiles.writeAll(dir.resolve("t"));
    }

    private static String uri(Path p) {
        return p.toUri().toString().replace("file:///", "file:/");
    }

    private static Dataset<Row> read(String path, Map<String, String> options) {
        return spark.read().format("fits").options(options).load(path);
    }

    private static Map<String, String> with(Map<String, String> options, String key, String value) {
        Map<String, String> m = new HashMap<>(options);
        m.put(key, value);
        return m;
    }

    /** Every row of {@code df}, each field's Spark string form (NULL, NaN and -0.0 kept apart). */
    private static List<String> strings(Dataset<Row> df) {
        List<String> out = new ArrayList<>();
        for (Row r : df.collectAsList()) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                sb.append(i == 0 ? "" : "|").append(r.isNullAt(i) ? "NULL" : String.valueOf(r.get(i)));
            }
            out.add(sb.toString());
        }
        return out;
    }

    private static boolean columnar(Dataset<Row> df) {
        return df.queryExecution().executedPlan().toString().contains("ColumnarToRow");
    }

    /** The scalar columns of the file's schema: the ones a batch holds. */
    private static Column[] scalars(StructType schema) {
        List<Column> out = new ArrayList<>();
        for (StructField f : schema.fields()) {
            if (FitsVector.supports(new StructType(new StructField[] {f}))) {
                out.add(functions.col("`" + f.name() + "`"));
            }
        }
        return out.toArray(new Column[0]);
    }

    /** The same read in batches of {@code batchSize} rows and row by row: the same rows in the same order. */
    private static List<String> sameBothWays(String path, Map<String, String> options, String batchSize) {
        Dataset<Row> any = read(path, options);
        Column[] cols = scalars(any.schema());
        Dataset<Row> batches = read(path, with(options, "batchSize", batchSize)).select(cols);
        Dataset<Row> rows = read(path, with(options, "batchSize", "0")).select(cols);
        assertThat(columnar(batches))
                .as("batches: %s", batches.queryExecution().executedPlan())
                .isTrue();
        assertThat(columnar(rows))
                .as("rows: %s", rows.queryExecution().executedPlan())
                .isFalse();
        List<String> want = strings(rows);
        assertThat(want).isNotEmpty();
        assertThat(strings(batches)).containsExactlyElementsOf(want);
        return want;
    }

    @Test
    void everyScalarKindOfThePurposeBuiltFilesReadsTheSameInBatches() {
        Path t = dir.resolve("t");
        Map<String, String> all = Map.of("includeRow", "true", "includeHdu", "true");
        // straddle: rows across 2880-byte blocks; alltypes: L, X, B, I, J, K, E, D, A and heap columns;
        // scaled: unsigned conventions, TSCAL/TZERO, TNULL on B/I/J/K, NaN
        for (String f : List.of("straddle.fits", "alltypes.fits", "alltypes.fits.gz", "scaled.fits")) {
            Path p = t.resolve(f);
            assertThat(p).exists();
            List<String> rows = sameBothWays(uri(p), all, "4096");
            assertThat(sameBothWays(uri(p), all, "3")).containsExactlyElementsOf(rows);
        }
        // the scaled file's TNULL values are SQL NULLs in the batches too
        assertThat(String.join("\n", sameBothWays(uri(t.resolve("scaled.fits")), Map.of(), "2")))
                .contains("NULL");
    }

    @Test
    void headerKeywordsPathAndMissingColumnsOfAMergedSchemaAreBatchColumns() {
        Path t = dir.resolve("t");
        String merged = uri(t.resolve("merge-a.fits")) + "," + uri(t.resolve("merge-b.fits"));
        List<String> rows =
                sameBothWays(merged, Map.of("mergeSchema", "true", "headerKeywords", "EXTNAME,NAXIS2,NOSUCH"), "5");
        // 7 rows of merge-a (no Y) and 5 of merge-b (no X)
        assertThat(rows).hasSize(12);
    }

    @Test
    void batchesCrossReadBlocksAndSplitEdgesWithoutLosingOrRepeatingRows() throws Exception {
        // 16-byte rows: the 4 MiB read block ends inside a 4096-row batch at row 262,144
        int n = 300_000;
        Path file = dir.resolve("big/tic7.fits");
        Files.createDirectories(file.getParent());
        Files.write(file, LightCurves.lightCurve(7, n));
        Dataset<Row> df = read(uri(file), Map.of("includeRow", "true"));
        assertThat(columnar(df)).isTrue();
        List<Row> got = df.orderBy("row").collectAsList();
        assertThat(got).hasSize(n);
        for (int i = 0; i < n; i++) {
            Row r = got.get(i);
            if (r.getDouble(0) != LightCurves.time(7, i)
                    || r.getFloat(1) != LightCurves.flux(7, i)
                    || r.getInt(2) != LightCurves.cadence(i)
                    || r.getLong(3) != i) {
                throw new AssertionError("row " + i + " is " + r);
            }
        }
        // splits of 100,000 bytes end mid-row; batches of 1000 rows: the same rows as the row-by-row read
        sameBothWays(
                uri(file), Map.of("includeRow", "true", "maxPartitionBytes", "100000", "openCostInBytes", "1"), "1000");
        assertThat(read(uri(file), Map.of()).count()).isEqualTo(n);
    }

    @Test
    void arrayColumnsAndHeadersModeAreReadRowByRow() {
        Path t = dir.resolve("t");
        Dataset<Row> arrays = read(uri(t.resolve("alltypes.fits")), Map.of());
        assertThat(FitsVector.supports(arrays.schema())).isFalse();
        assertThat(columnar(arrays)).isFalse();
        assertThat(columnar(read(uri(t.resolve("alltypes.fits")), Map.of("headers", "true"))
                        .select("path")))
                .isFalse();
        // only the scalar columns of the same file: batches
        assertThat(columnar(arrays.select(scalars(arrays.schema())))).isTrue();
    }

    @Test
    void aBadBatchSizeIsRefusedNamingTheOptionTheValueAndTheFix() {
        String f = uri(dir.resolve("t/straddle.fits"));
        for (String bad : List.of("-1", "many", "2000000")) {
            assertThatThrownBy(() -> read(f, Map.of("batchSize", bad)).schema())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Invalid value '" + bad + "' for option 'batchSize': expected a whole number of rows"
                            + " from 1 to 1048576 per columnar batch (default 4096), or 0 to read row by row");
        }
    }
}
