package org.mastspark.connector.fits;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.download.MastDownloader;
import org.mastspark.emulator.MastEmulator;

/**
 * Each real product kind of the emulator (TESS light curve and target pixel file, Kepler long-cadence light
 * curve, HST and JWST x1d spectra), downloaded with {@link MastDownloader} and read with {@code format("fits")},
 * against astropy reading the same downloaded file: every cell of every table HDU, and the images.
 */
class FitsProductsAstropyTest {
    private static MastEmulator mast;

    @TempDir
    static Path dest;

    /** Downloaded file per kind. */
    private static final Map<String, Path> FILES = new java.util.LinkedHashMap<>();

    private static final StructType PRODUCTS = new StructType()
            .add("dataURI", DataTypes.StringType)
            .add("productFilename", DataTypes.StringType)
            .add("obs_collection", DataTypes.StringType)
            .add("obs_id", DataTypes.StringType)
            .add("size", DataTypes.LongType);

    @BeforeAll
    static void download() {
        mast = MastEmulator.builder().seed(16).scale(0.01).build();
        Map<String, Predicate<Map<String, Object>>> kinds = new java.util.LinkedHashMap<>();
        kinds.put("tess-lc", p -> "TESS".equals(p.get("obs_collection")) && name(p).endsWith("_lc.fits"));
        kinds.put("tess-tp", p -> "TESS".equals(p.get("obs_collection")) && name(p).endsWith("_tp.fits"));
        kinds.put("kepler-llc", p -> "Kepler".equals(p.get("obs_collection")) && name(p).endsWith("_llc.fits"));
        kinds.put("hst-x1d", p -> "HST".equals(p.get("obs_collection")) && name(p).endsWith("_x1d.fits"));
        kinds.put("jwst-x1d", p -> "JWST".equals(p.get("obs_collection")) && name(p).endsWith("_x1d.fits"));
        Map<String, Map<String, Object>> picked = new java.util.LinkedHashMap<>();
        for (long i = 0; i < mast.sky().observationCount() && picked.size() < kinds.size(); i++) {
            for (Map<String, Object> p : mast.sky().productsOf(100_000_000L + i)) {
                if (!"PUBLIC".equals(p.get("dataRights"))) {
                    continue;
                }
                kinds.forEach((kind, test) -> {
                    if (!picked.containsKey(kind) && test.test(p)) {
                        picked.put(kind, p);
                    }
                });
            }
        }
        assertThat(picked.keySet()).containsExactlyInAnyOrderElementsOf(kinds.keySet());
        SparkSession spark = SparkTestSession.get();
        List<Row> rows = new ArrayList<>();
        picked.values()
                .forEach(p -> rows.add(RowFactory.create(
                        p.get("dataURI"),
                        p.get("productFilename"),
                        p.get("obs_collection"),
                        p.get("obs_id"),
                        ((Number) p.get("size")).longValue())));
        List<Row> manifest = MastDownloader.builder()
                .option("baseUrl", mast.baseUrl())
                .option("progressIntervalSeconds", "0")
                .build()
                .download(spark.createDataFrame(rows, PRODUCTS), dest.toUri().toString())
                .collectAsList();
        for (Row m : manifest) {
            assertThat(m.getString(m.fieldIndex("status"))).as(m.toString()).isEqualTo("COMPLETE");
        }
        picked.forEach((kind, p) -> {
            String uri = (String) p.get("dataURI");
            Row m = manifest.stream()
                    .filter(r -> uri.equals(r.getString(r.fieldIndex("dataURI"))))
                    .findFirst()
                    .orElseThrow();
            FILES.put(kind, Path.of(java.net.URI.create(m.getString(m.fieldIndex("path")))));
        });
    }

    @AfterAll
    static void stop() {
        if (mast != null) {
            mast.close();
        }
    }

    private static String name(Map<String, Object> p) {
        return String.valueOf(p.get("productFilename"));
    }

    private static void assertTableAgrees(String kind, String hdu, long expectedRows) {
        Path f = FILES.get(kind);
        FitsAstropy.Dump astropy = FitsAstropy.dump(f, hdu, List.of(), null);
        Dataset<Row> df = SparkTestSession.get()
                .read()
                .format("fits")
                .option("hdu", hdu)
                .option("includeRow", "true")
                .load(f.toString());
        List<Row> spark = df.orderBy("row").collectAsList();
        assertThat(astropy.rowCount()).isEqualTo(expectedRows);
        assertThat(spark).hasSize((int) expectedRows);
        List<String> diffs =
                FitsAstropy.differences(kind + " " + f.getFileName() + " HDU " + hdu, astropy, spark, false);
        assertThat(diffs)
                .as("disagreements between astropy and format(\"fits\")")
                .isEmpty();
    }

    private static void assertImageAgrees(String kind, String hdu) {
        Path f = FILES.get(kind);
        FitsAstropy.Dump astropy = FitsAstropy.dump(f, hdu, List.of(), null);
        List<Row> spark = SparkTestSession.get()
                .read()
                .format("fits")
                .option("hdu", hdu)
                .load(f.toString())
                .collectAsList();
        List<String> diffs =
                FitsAstropy.differences(kind + " " + f.getFileName() + " HDU " + hdu, astropy, spark, true);
        assertThat(diffs)
                .as("disagreements between astropy and format(\"fits\")")
                .isEmpty();
    }

    @Test
    void tessLightCurve() {
        assertTableAgrees("tess-lc", "LIGHTCURVE", 19_728);
        assertImageAgrees("tess-lc", "APERTURE");
    }

    @Test
    void tessTargetPixelFile() {
        assertTableAgrees(
                "tess-tp",
                "PIXELS",
                FitsAstropy.dump(FILES.get("tess-tp"), "PIXELS", List.of(), "0:1")
                        .rowCount());
        assertImageAgrees("tess-tp", "APERTURE");
    }

    @Test
    void keplerLongCadenceLightCurve() {
        assertTableAgrees("kepler-llc", "LIGHTCURVE", 4_400);
    }

    @Test
    void hstSpectrum() {
        assertTableAgrees("hst-x1d", "SCI", 2);
    }

    @Test
    void jwstSpectraOneHduPerExtver() {
        Path f = FILES.get("jwst-x1d");
        int n = 0;
        for (int ver = 1; ver <= 3; ver++) {
            String hdu = "EXTRACT1D," + ver;
            List<Row> headers = SparkTestSession.get()
                    .read()
                    .format("fits")
                    .option("headers", "true")
                    .load(f.toString())
                    .where("extname = 'EXTRACT1D' and extver = " + ver)
                    .collectAsList();
            if (headers.isEmpty()) {
                break;
            }
            n++;
            assertTableAgrees(
                    "jwst-x1d", hdu, FitsAstropy.dump(f, hdu, List.of(), "0:1").rowCount());
        }
        assertThat(n).isBetween(1, 3);
    }
}
