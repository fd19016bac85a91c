package org.mastspark.connector.fits;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.testing.LogCapture;
import scala.jdk.javaapi.CollectionConverters;

/** {@code format("fits")} on the local FileSystem: listing, values, splits, pruning, modes, schemas, gzip. */
class FitsSourceTest {
    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static String root;

    @BeforeAll
    static void files() throws Exception {
        spark = SparkTestSession.get();
        root = dir.resolve("lc").toString();
        write("lc/a/tic1.fits", LightCurves.lightCurve(1, 5));
        write("lc/b/c/tic2.fits", LightCurves.lightCurve(2, 7));
        write("lc/tic3.fits", LightCurves.lightCurve(3, 4));
        write("lc/_SUCCESS", new byte[0]);
        write("lc/.hidden.fits", LightCurves.lightCurve(9, 3));
    }

    private static String write(String rel, byte[] bytes) throws Exception {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
        return p.toUri().toString().replace("file:///", "file:/");
    }

    private static String uri(String rel) {
        return dir.resolve(rel).toUri().toString().replace("file:///", "file:/");
    }

    /** Rows of {@code ticid}'s file as the formulas give them: TIME, FLUX, CADENCENO, TICID, path. */
    private static List<String> expected(long ticid, int rows, String path) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            out.add(LightCurves.time(ticid, i) + "|" + LightCurves.flux(ticid, i) + "|" + LightCurves.cadence(i) + "|"
                    + ticid + "|" + path);
        }
        return out;
    }

    private static List<String> strings(Dataset<Row> df) {
        List<String> out = new ArrayList<>();
        for (Row r : df.collectAsList()) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                sb.append(i == 0 ? "" : "|").append(r.get(i));
            }
            out.add(sb.toString());
        }
        return out;
    }

    private static Dataset<Row> read(Map<String, String> options, String path) {
        return spark.read().format("fits").options(options).load(path);
    }

    private static long metric(Dataset<Row> df, String name) {
        for (var leaf :
                CollectionConverters.asJava(df.queryExecution().executedPlan().collectLeaves())) {
            if (leaf instanceof BatchScanExec b) {
                return b.metrics().get(name).get().value();
            }
        }
        throw new AssertionError("no batch scan in " + df.queryExecution().executedPlan());
    }

    @Test
    void readsDirectoriesRecursivelyWithHeaderKeywordsAndPathLast() {
        Dataset<Row> df = read(Map.of("headerKeywords", "TICID"), root);
        assertThat(df.schema().fieldNames()).containsExactly("TIME", "FLUX", "CADENCENO", "TICID", "path");
        assertThat(df.schema().apply("TICID").dataType()).isEqualTo(DataTypes.LongType);
        List<String> want = new ArrayList<>();
        want.addAll(expected(1, 5, uri("lc/a/tic1.fits")));
        want.addAll(expected(2, 7, uri("lc/b/c/tic2.fits")));
        want.addAll(expected(3, 4, uri("lc/tic3.fits")));
        assertThat(strings(df)).containsExactlyInAnyOrderElementsOf(want);
    }

    @Test
    void globsAndCommaSeparatedLists() {
        assertThat(strings(read(Map.of("headerKeywords", "TICID"), root + "/*/*.fits")))
                .containsExactlyInAnyOrderElementsOf(expected(1, 5, uri("lc/a/tic1.fits")));
        List<String> want = new ArrayList<>(expected(3, 4, uri("lc/tic3.fits")));
        want.addAll(expected(2, 7, uri("lc/b/c/tic2.fits")));
        assertThat(strings(read(Map.of("headerKeywords", "TICID"), root + "/tic3.fits," + root + "/b/c/tic{2,5}.fits")))
                .containsExactlyInAnyOrderElementsOf(want);
        assertThat(strings(spark.read()
                        .format("fits")
                        .option("headerKeywords", "TICID")
                        .load(root + "/tic3.fits", root + "/b/c")))
                .containsExactlyInAnyOrderElementsOf(want);
    }

    @Test
    void headerKeywordsAreTypedFromTheCardAndLookedUpInTheHduThenThePrimary() {
        Dataset<Row> df = read(
                        Map.of("headerKeywords", "exposure,TESSMAG,OBJECT,CROWDED,PDC_VAR,NOSUCH,SECTOR"),
                        root + "/tic3.fits")
                .limit(1);
        List<StructField> f = Arrays.asList(df.schema().fields());
        assertThat(f.subList(3, 10).stream()
                        .map(x -> x.name() + ":" + x.dataType().simpleString()))
                .containsExactly(
                        "EXPOSURE:double",
                        "TESSMAG:double",
                        "OBJECT:string",
                        "CROWDED:boolean",
                        "PDC_VAR:string",
                        "NOSUCH:string",
                        "SECTOR:bigint");
        Row r = df.collectAsList().get(0);
        assertThat(r.get(3)).isEqualTo(20.5);
        assertThat(r.get(4)).isEqualTo(LightCurves.tessmag(3));
        assertThat(r.get(5)).isEqualTo("TIC 3");
        assertThat(r.get(6)).isEqualTo(false);
        assertThat(r.get(7)).isNull();
        assertThat(r.get(8)).isNull();
        assertThat(r.get(9)).isEqualTo(7L);
    }

    @Test
    void includeHduAndRow() {
        Dataset<Row> df = read(Map.of("includeHdu", "true", "includeRow", "true"), root + "/tic3.fits");
        assertThat(df.schema().fieldNames()).containsExactly("TIME", "FLUX", "CADENCENO", "hdu", "row", "path");
        List<String> want = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            want.add(LightCurves.time(3, i) + "|" + LightCurves.flux(3, i) + "|" + LightCurves.cadence(i) + "|1|" + i
                    + "|" + uri("lc/tic3.fits"));
        }
        assertThat(strings(df)).containsExactlyElementsOf(want);
    }

    @Test
    void columnPruningReadsOnlyTheAskedColumns() {
        Dataset<Row> df = read(Map.of(), root + "/tic3.fits").select("FLUX");
        List<String> want = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            want.add(String.valueOf(LightCurves.flux(3, i)));
        }
        assertThat(strings(df)).containsExactlyElementsOf(want);
        for (var leaf :
                CollectionConverters.asJava(df.queryExecution().executedPlan().collectLeaves())) {
            if (leaf instanceof BatchScanExec b) {
                assertThat(b.scan().readSchema().fieldNames()).containsExactly("FLUX");
            }
        }
        assertThat(read(Map.of(), root).count()).isEqualTo(16);
    }

    @Test
    void aLargeTableSplitIntoRowRangesGivesTheRowsOfAnUnsplitRead() throws Exception {
        int rows = 20_000;
        String file = write("big/tic7.fits", LightCurves.lightCurve(7, rows));
        // 16-byte rows: 5000-byte splits end mid-row and mid-2880-byte block
        Dataset<Row> split =
                read(Map.of("includeRow", "true", "maxPartitionBytes", "5000", "openCostInBytes", "1"), file);
        Dataset<Row> whole = read(Map.of("includeRow", "true"), file);
        assertThat(split.rdd().getNumPartitions()).isGreaterThan(50);
        assertThat(whole.rdd().getNumPartitions()).isEqualTo(1);
        List<String> want = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            want.add(LightCurves.time(7, i) + "|" + LightCurves.flux(7, i) + "|" + LightCurves.cadence(i) + "|" + i
                    + "|" + file);
        }
        List<String> got = strings(split.orderBy("row"));
        assertThat(got).hasSize(rows).containsExactlyElementsOf(want);
        assertThat(strings(whole)).containsExactlyElementsOf(want);
    }

    @Test
    void smallFilesArePackedIntoAboutTheParallelismsPartitions() throws Exception {
        for (int i = 0; i < 10; i++) {
            write("many/tic" + (100 + i) + ".fits", LightCurves.lightCurve(100 + i, 2));
        }
        String many = dir.resolve("many").toString();
        long size = Files.size(dir.resolve("many/tic100.fits"));
        // as Spark's file sources: split size = total (with open costs) / parallelism (2) when below the maximum
        assertThat(read(Map.of("openCostInBytes", "1"), many).rdd().getNumPartitions())
                .isEqualTo(2);
        assertThat(read(Map.of("openCostInBytes", "1", "maxPartitionBytes", Long.toString(3 * size + 3)), many)
                        .rdd()
                        .getNumPartitions())
                .isEqualTo(4);
        // each file is then above the split size: its 2-row table is split into 2 row ranges
        assertThat(read(Map.of("maxPartitionBytes", "1", "openCostInBytes", "1"), many)
                        .rdd()
                        .getNumPartitions())
                .isEqualTo(20);
        assertThat(read(Map.of(), many).count()).isEqualTo(20);
    }

    @Test
    void pathFiltersPruneFilesAtPlanning() {
        Dataset<Row> df =
                read(Map.of("headerKeywords", "TICID"), root).where(col("path").endsWith("tic2.fits"));
        assertThat(strings(df)).containsExactlyInAnyOrderElementsOf(expected(2, 7, uri("lc/b/c/tic2.fits")));
        assertThat(metric(df, FitsMetrics.FILES_READ)).isEqualTo(1);
        String plan = df.queryExecution().executedPlan().toString();
        assertThat(plan).contains("FITS 1 of 3 files (2 pruned by path)").contains("file filters [");
    }

    @Test
    void headerKeywordFiltersSkipWholeFilesAfterTheirHeaders() {
        Dataset<Row> df = read(Map.of("headerKeywords", "TICID,OBJECT"), root)
                .where(col("TICID").isin(1L, 3L).and(col("OBJECT").startsWith("TIC 3")))
                .select("FLUX", "TICID", "path");
        List<String> want = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            want.add(LightCurves.flux(3, i) + "|3|" + uri("lc/tic3.fits"));
        }
        assertThat(strings(df)).containsExactlyElementsOf(want);
        assertThat(metric(df, FitsMetrics.FILES_READ)).isEqualTo(3);
        System.out.println("DEBUG pruned " + metric(df, FitsMetrics.FILES_PRUNED) + " rows "
                + metric(df, FitsMetrics.ROWS) + " bytes " + metric(df, FitsMetrics.BYTES_READ));
        assertThat(metric(df, FitsMetrics.FILES_PRUNED)).isEqualTo(2);
        assertThat(metric(df, FitsMetrics.ROWS)).isEqualTo(4);
        // a filter on a data column prunes nothing, and a NULL keyword value skips the file (no row passes)
        Dataset<Row> data =
                read(Map.of("headerKeywords", "TICID"), root).where(col("FLUX").gt(25));
        assertThat(data.count()).isEqualTo(1 + 4);
        Dataset<Row> none = read(Map.of("headerKeywords", "NOSUCH"), root)
                .where(col("NOSUCH").equalTo("x"));
        assertThat(none.collectAsList()).isEmpty();
        assertThat(metric(none, FitsMetrics.FILES_PRUNED)).isEqualTo(3);
    }

    @Test
    void headersModeListsEveryHduOfEveryFile() {
        Dataset<Row> df = read(Map.of("headers", "true"), root + "/tic3.fits");
        assertThat(df.schema().fieldNames())
                .containsExactly("path", "hdu", "xtension", "extname", "extver", "naxis", "cards", "header");
        List<Row> rows = df.collectAsList();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).getString(0)).isEqualTo(uri("lc/tic3.fits"));
        assertThat(rows.stream()
                        .map(r -> r.get(1) + "|" + r.get(2) + "|" + r.get(3) + "|" + r.get(4) + "|" + r.getList(5)))
                .containsExactly(
                        "0|null|null|null|[]", "1|BINTABLE|LIGHTCURVE|null|[16, 4]", "2|IMAGE|APERTURE|null|[4, 3]");
        Map<String, String> cards = rows.get(0).getJavaMap(6);
        assertThat(cards)
                .containsEntry("TICID", "3")
                .containsEntry("OBJECT", "TIC 3")
                .containsEntry("CROWDED", "F");
        assertThat(cards).containsKey("PDC_VAR");
        assertThat(cards.get("PDC_VAR")).isNull();
        String header = rows.get(1).getString(7);
        assertThat(header).startsWith("XTENSION= 'BINTABLE'").endsWith("END");
        assertThat(header.split("\n")).allMatch(l -> l.length() <= 80);
        assertThat(read(Map.of("headers", "true"), root).count()).isEqualTo(9);
    }

    @Test
    void anImageHduIsOneRowPerFile() {
        Dataset<Row> df = read(
                Map.of("hdu", "APERTURE", "headerKeywords", "TICID", "includeRow", "true"),
                root + "/tic3.fits," + root + "/a/tic1.fits");
        assertThat(df.schema().fieldNames()).containsExactly("naxis", "data", "TICID", "row", "path");
        List<String> got = new ArrayList<>();
        for (Row r : df.orderBy("TICID").collectAsList()) {
            List<List<Object>> image = new ArrayList<>();
            for (Object line : r.getList(1)) {
                image.add(new ArrayList<>(CollectionConverters.asJava((scala.collection.Seq<?>) line)));
            }
            got.add(r.getList(0) + " " + image + " " + r.get(2) + " " + r.get(3));
        }
        List<String> want = new ArrayList<>();
        for (long t : new long[] {1, 3}) {
            List<List<Object>> image = new ArrayList<>();
            for (int y = 0; y < 3; y++) {
                List<Object> line = new ArrayList<>();
                for (int x = 0; x < 4; x++) {
                    line.add(LightCurves.aperture(t, y, x));
                }
                image.add(line);
            }
            want.add("[4, 3] " + image + " " + t + " null");
        }
        assertThat(got).containsExactlyElementsOf(want);
    }

    @Test
    void gzipFilesAreReadWholeByTheirMagicBytes() throws Exception {
        byte[] gz = LightCurves.gzip(LightCurves.lightCurve(4, 6));
        String named = write("gz/tic4.fits.gz", gz);
        String unnamed = write("gz2/tic4.fits", gz);
        Map<String, String> o = Map.of("headerKeywords", "TICID", "maxPartitionBytes", "100", "openCostInBytes", "1");
        assertThat(strings(read(o, named))).containsExactlyElementsOf(expected(4, 6, named));
        assertThat(strings(read(o, unnamed))).containsExactlyElementsOf(expected(4, 6, unnamed));
        assertThat(read(o, named).rdd().getNumPartitions()).isEqualTo(1);
    }

    @Test
    void badFilesFailFastNamingTheFileAndTheProblem() throws Exception {
        String good = uri("lc/tic3.fits");
        String text = write(
                "zbad/notfits.fits", "hello, this is not FITS\n".repeat(200).getBytes());
        byte[] full = LightCurves.lightCurve(5, 1000);
        String cut = write("zbad/truncated.fits", Arrays.copyOf(full, 2880 * 2 + 5000));
        String other = write("zbad/other.fits", LightCurves.otherTable(6));
        Map<String, String> o = Map.of("hdu", "LIGHTCURVE");
        assertThatThrownBy(() -> read(o, good + "," + text).collectAsList())
                .rootCause()
                .hasMessage(text + " is not a FITS file: it does not start with a SIMPLE card (its first bytes are"
                        + " 'hello, t', its size 4800 bytes) (mode FAILFAST; option mode PERMISSIVE skips such files)");
        assertThatThrownBy(() -> read(o, good + "," + cut).collectAsList())
                .rootCause()
                .hasMessage(cut + " is truncated: HDU 1 (LIGHTCURVE) has 16000 bytes of data from byte 5760 but the"
                        + " file ends at byte 10760 (mode FAILFAST; option mode PERMISSIVE skips such files)");
        assertThatThrownBy(() -> read(o, good + "," + other).collectAsList())
                .rootCause()
                .hasMessage(other + " has no HDU LIGHTCURVE (option 'hdu'): its HDUs are 0 (primary), 1 (OTHER,"
                        + " BINTABLE); choose one with option 'hdu' (an index, EXTNAME or EXTNAME,EXTVER) (mode"
                        + " FAILFAST; option mode PERMISSIVE skips such files)");
        // the first file decides the schema: a bad first file fails on the driver with the same message
        assertThatThrownBy(() -> read(o, text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(text + " is not a FITS file: it does not start with a SIMPLE card (its first bytes are"
                        + " 'hello, t', its size 4800 bytes) (mode FAILFAST; option mode PERMISSIVE skips such files)");
    }

    @Test
    void permissiveSkipsBadFilesCountingAndLoggingEach() throws Exception {
        String text = write(
                "bad2/a-notfits.fits", "hello, this is not FITS\n".repeat(200).getBytes());
        String cut = write("bad2/b-truncated.fits", Arrays.copyOf(LightCurves.lightCurve(5, 1000), 2880 * 2 + 5000));
        String other = write("bad2/c-other.fits", LightCurves.otherTable(6));
        String good = write("bad2/d-good.fits", LightCurves.lightCurve(8, 3));
        try (LogCapture log = new LogCapture(List.of("(mode PERMISSIVE)"), List.of(), "Skipping")) {
            Dataset<Row> df = read(
                    Map.of("hdu", "LIGHTCURVE", "mode", "permissive", "headerKeywords", "TICID"),
                    dir.resolve("bad2").toString());
            assertThat(strings(df)).containsExactlyElementsOf(expected(8, 3, good));
            assertThat(metric(df, FitsMetrics.FILES_SKIPPED)).isEqualTo(3);
            assertThat(log.samples())
                    .anyMatch(
                            s -> s.contains("Skipping " + text + " (mode PERMISSIVE): " + text + " is not a FITS file"))
                    .anyMatch(s -> s.contains("Skipping " + cut + " (mode PERMISSIVE): " + cut + " is truncated"))
                    .anyMatch(s -> s.contains("Skipping " + other + " (mode PERMISSIVE): " + other + " has no HDU"));
        }
    }

    @Test
    void filesWithOtherColumnsFailUnlessMerged() throws Exception {
        String a = write("merge/a.fits", LightCurves.lightCurve(1, 2));
        String b = write("merge/b.fits", LightCurves.lightCurve(2, 3, true));
        String d = dir.resolve("merge").toString();
        assertThatThrownBy(() -> read(Map.of(), d).collectAsList())
                .rootCause()
                .hasMessage(b + " HDU 1 (LIGHTCURVE) has other columns than the first file, " + a + ": it has an extra"
                        + " column QUALITY (int); set option mergeSchema to true to read the union of the files'"
                        + " columns (mode FAILFAST; option mode PERMISSIVE skips such files)");
        Dataset<Row> merged = read(Map.of("mergeSchema", "true"), d);
        assertThat(merged.schema().fieldNames()).containsExactly("TIME", "FLUX", "CADENCENO", "QUALITY", "path");
        List<String> want = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            want.add(LightCurves.time(1, i) + "|" + LightCurves.flux(1, i) + "|" + LightCurves.cadence(i) + "|null|"
                    + a);
        }
        for (int i = 0; i < 3; i++) {
            want.add(LightCurves.time(2, i) + "|" + LightCurves.flux(2, i) + "|" + LightCurves.cadence(i) + "|"
                    + LightCurves.quality(i) + "|" + b);
        }
        assertThat(strings(merged)).containsExactlyInAnyOrderElementsOf(want);
        assertThat(strings(merged.select("QUALITY", "path").where("QUALITY IS NOT NULL")))
                .hasSize(3);
    }

    @Test
    void badOptionsAreRefusedNamingOptionValueAndFix() {
        assertThatThrownBy(() -> read(Map.of("hdu", "-1"), root))
                .hasMessage("Invalid value '-1' for option 'hdu': expected an HDU index (0 for the primary HDU, 1 for"
                        + " the first extension), an EXTNAME such as LIGHTCURVE, or EXTNAME,EXTVER such as SCI,2");
        assertThatThrownBy(() -> read(Map.of("mode", "LAX"), root))
                .hasMessage("Invalid value 'LAX' for option 'mode': expected FAILFAST (the default: a bad file fails"
                        + " the read) or PERMISSIVE (bad files skipped)");
        assertThatThrownBy(() -> read(Map.of("arrays", "deep"), root))
                .hasMessage("Invalid value 'deep' for option 'arrays': expected nested (TDIM cells as nested arrays,"
                        + " the default) or flat");
        assertThatThrownBy(() -> read(Map.of("maxPartitionBytes", "lots"), root))
                .hasMessageStartingWith("Invalid value 'lots' for option 'maxPartitionBytes': expected a size in bytes"
                        + " of at least 1, such as 134217728, 128m or 1g");
        assertThatThrownBy(() -> read(Map.of("headerKeywords", "TICID,NOT A KEY"), root))
                .hasMessage("Invalid value 'TICID,NOT A KEY' for option 'headerKeywords': expected a comma-separated"
                        + " list of FITS keywords (1 to 8 of A-Z, 0-9, '-', '_'), such as TICID,SECTOR,TESSMAG;"
                        + " 'NOT A KEY' is not one");
        assertThatThrownBy(() -> read(Map.of("includeRow", "yes"), root))
                .hasMessage("Invalid value 'yes' for option 'includeRow': expected true or false");
        assertThatThrownBy(() -> read(Map.of("headers", "true", "hdu", "1"), root))
                .hasMessage(
                        "Option 'hdu' does not apply with headers=true (one row per file and HDU, no data); leave it"
                                + " out, or set headers to false");
        assertThatThrownBy(() -> read(Map.of(), root + "/nothing-here"))
                .hasMessageStartingWith("Path does not exist: '" + root + "/nothing-here'");
        assertThatThrownBy(() -> read(Map.of("headerKeywords", "TIME"), root))
                .hasMessage("option 'headerKeywords' adds column TIME, but " + uri("lc/a/tic1.fits")
                        + " has a data column named TIME; leave TIME out of headerKeywords");
    }
}
