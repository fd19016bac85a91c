package org.mastspark.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hapcut's {@code astrocut} against its documented protocol (astroquery 0.4.7+, which the 0.4.6 conformance
 * suite cannot run): the JSON POST and the GET with x before y, Hapcut's axis order (x rows, y columns), the
 * documented file names, PRIMARY + SCI + WHT read back with nom-tam-fits and with astropy, and the no-data
 * answer.
 */
class HapcutTest {
    private static final long SEED = 42;
    private static final String PYTHON = "/usr/bin/python3";
    /** The target of Hapcut's documentation and astroquery's remote tests. */
    private static final double RA = 351.347812;

    private static final double DEC = 28.497808;
    private static final List<String> NAMES = List.of(
            "hst_cutout_skycell-p2007x09y05-ra351d3478-decn28d4978_wfc3_ir_f160w_coarse.fits",
            "hst_cutout_skycell-p2007x09y05-ra351d3478-decn28d4978_wfc3_ir_f160w.fits",
            "hst_cutout_skycell-p2007x09y05-ra351d3478-decn28d4978_wfc3_uvis_f606w.fits",
            "hst_cutout_skycell-p2007x09y05-ra351d3478-decn28d4978_wfc3_uvis_f814w.fits");
    private static MastEmulator mast;
    private static final DeepFields MODEL = new DeepFields(SEED);

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(SEED).scale(0.05).build();
    }

    @AfterAll
    static void stop() {
        mast.close();
    }

    /** astroquery's get_cutouts: the parameters as a JSON body. */
    private static HttpResponse<byte[]> postJson(String json) throws Exception {
        return Http.CLIENT.send(
                HttpRequest.newBuilder(URI.create(mast.baseUrl() + HapcutHandler.ASTROCUT_PATH))
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] ok(HttpResponse<byte[]> r) {
        assertThat(r.statusCode())
                .as(new String(r.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/zip");
        return r.body();
    }

    @Test
    void sizeTwoByThreeSentAsXThreeYTwoGivesDataOfShapeThreeByTwo() throws Exception {
        byte[] zip =
                ok(postJson("{\"x\": 3.0, \"y\": 2.0, \"units\": \"px\", \"ra\": 351.347812, \"dec\": 28.497808}"));
        Map<String, byte[]> files = Cutouts.unzip(zip);
        assertThat(files.keySet()).containsExactlyElementsOf(NAMES);
        int k = 0;
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            HapcutHandler.Product product = HapcutHandler.SKYCELLS.get(k++);
            DeepFields.Survey grid = product.grid();
            List<BasicHDU<?>> hdus = Cutouts.hdus(f.getValue());
            assertThat(hdus).hasSize(3);
            Header p = hdus.get(0).getHeader();
            assertThat(p.getIntValue("NAXIS")).isZero();
            assertThat(p.getStringValue("ORIGIN")).isEqualTo("STScI/MAST");
            assertThat(p.getStringValue("FILENAME")).isEqualTo(f.getKey());
            assertThat(p.getDoubleValue("RA_OBJ")).isEqualTo(RA);
            assertThat(p.getDoubleValue("DEC_OBJ")).isEqualTo(DEC);
            assertThat(p.getStringValue("ORIG_FLE"))
                    .startsWith("hst_skycell-p2007x09y05_" + product.label().replace("_coarse", ""));
            assertThat(hdus.get(1).getHeader().getStringValue("EXTNAME")).isEqualTo("SCI");
            assertThat(hdus.get(2).getHeader().getStringValue("EXTNAME")).isEqualTo("WHT");
            for (int e = 1; e <= 2; e++) {
                Header h = hdus.get(e).getHeader();
                assertThat(h.getIntValue("BITPIX")).isEqualTo(-32);
                assertThat(h.getIntValue("NAXIS1")).as("columns = y").isEqualTo(2);
                assertThat(h.getIntValue("NAXIS2")).as("rows = x").isEqualTo(3);
                assertThat(h.getStringValue("CTYPE1")).isEqualTo("RA---TAN");
                assertThat(h.getDoubleValue("CD1_1")).isEqualTo(-grid.scale());
                assertThat(h.getDoubleValue("CD2_2")).isEqualTo(grid.scale());
                double[] t = Cutouts.pixelOf(
                        RA,
                        DEC,
                        h.getDoubleValue("CRVAL1"),
                        h.getDoubleValue("CRVAL2"),
                        h.getDoubleValue("CRPIX1"),
                        h.getDoubleValue("CRPIX2"),
                        -grid.scale(),
                        grid.scale());
                // within half a pixel of the window's centre: column 0.5, row 1 (0-based)
                assertThat(t[0]).isBetween(0.0, 1.0);
                assertThat(t[1]).isBetween(0.5, 1.5);
                long x0 = Math.round(grid.crpix1() - h.getDoubleValue("CRPIX1"));
                long y0 = Math.round(grid.crpix2() - h.getDoubleValue("CRPIX2"));
                float[][] data = (float[][]) hdus.get(e).getKernel();
                assertThat(data.length).isEqualTo(3);
                for (int j = 0; j < 3; j++) {
                    for (int i = 0; i < 2; i++) {
                        float expected = e == 1
                                ? MODEL.pixel(grid, product.mosaic(), x0 + i, y0 + j)
                                : HapcutHandler.weight(grid, x0 + i, y0 + j);
                        assertThat(data[j][i]).isEqualTo(expected);
                    }
                }
            }
        }
        // download_cutouts: GET with x before y, same bytes
        byte[] get = ok(Http.get(
                mast.baseUrl() + HapcutHandler.ASTROCUT_PATH + "?ra=351.347812&dec=28.497808&x=3&y=2&units=px"));
        assertThat(get).isEqualTo(zip);
    }

    @Test
    void fiveArcsecondsIs42CoarseAnd125FinePixels() throws Exception {
        double deg = 5 / 3600.0;
        Map<String, byte[]> files = Cutouts.unzip(ok(postJson(
                "{\"x\": " + deg + ", \"y\": " + deg + ", \"units\": \"d\", \"ra\": 351.347812, \"dec\": 28.497808}")));
        int[] sides = {42, 125, 125, 125};
        int k = 0;
        for (byte[] f : files.values()) {
            Header h = Cutouts.hdus(f).get(1).getHeader();
            assertThat(new int[] {h.getIntValue("NAXIS1"), h.getIntValue("NAXIS2")})
                    .containsExactly(sides[k], sides[k]);
            k++;
        }
    }

    @Test
    void noHapDataAnswers200WithEmptyResultsAndTheMessage() throws Exception {
        HttpResponse<byte[]> r = postJson("{\"x\": 5.0, \"y\": 5.0, \"units\": \"px\", \"ra\": 102.7, \"dec\": 70.5}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode o = Http.JSON.readTree(r.body());
        assertThat(o.path("results").isArray()).isTrue();
        assertThat(o.path("results")).isEmpty();
        assertThat(o.path("msg").asText()).isEqualTo("Missing HAP files for input target. Cutout not performed.");
        HttpResponse<byte[]> g =
                Http.get(mast.baseUrl() + HapcutHandler.ASTROCUT_PATH + "?ra=102.7&dec=70.5&x=5&y=5&units=px");
        assertThat(g.body()).isEqualTo(r.body());
    }

    @Test
    void badInputIs400NamingTheParameterAndTheLimit() throws Exception {
        HttpResponse<byte[]> unit =
                postJson("{\"x\": 5.0, \"y\": 5.0, \"units\": \"arcmin\", \"ra\": 351.347812, \"dec\": 28.497808}");
        assertThat(unit.statusCode()).isEqualTo(400);
        assertThat(Http.JSON.readTree(unit.body()).path("msg").asText())
                .isEqualTo("Invalid value 'arcmin' for parameter 'units': expected px (pixels) or d (degrees)");
        HttpResponse<byte[]> big =
                postJson("{\"x\": 10001, \"y\": 5.0, \"units\": \"px\", \"ra\": 351.347812, \"dec\": 28.497808}");
        assertThat(big.statusCode()).isEqualTo(400);
        assertThat(Http.JSON.readTree(big.body()).path("msg").asText())
                .isEqualTo("Cutout size of 10001 pixels along x exceeds the limit of 10000 pixels per side");
        HttpResponse<byte[]> notJson = postJson("{\"x\": ");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(Http.JSON.readTree(notJson.body()).path("msg").asText())
                .isEqualTo("The request body is not valid JSON");
    }

    @Test
    void astropyOpensTheFilesWithTheDocumentedStructure(@TempDir Path dir) throws Exception {
        assertThat(Files.isExecutable(Path.of(PYTHON)))
                .as(PYTHON + " is required (apt-get install python3-astropy)")
                .isTrue();
        Map<String, byte[]> files = Cutouts.unzip(ok(Http.get(
                mast.baseUrl() + HapcutHandler.ASTROCUT_PATH + "?ra=351.347812&dec=28.497808&x=3&y=2&units=px")));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Files.write(dir.resolve(f.getKey()), f.getValue());
        }
        String script = String.join(
                "\n",
                "import sys, glob, os, warnings",
                "from astropy.io import fits",
                "from astropy.wcs import WCS",
                "warnings.simplefilter('error')",
                "for path in sorted(glob.glob(os.path.join(sys.argv[1], '*.fits'))):",
                "    with fits.open(path) as h:",
                "        h.verify('exception')",
                "        w = WCS(h['SCI'].header)",
                "        x, y = w.world_to_pixel_values(351.347812, 28.497808)",
                "        print(os.path.basename(path), [x.name for x in h], h['SCI'].data.shape,",
                "              h['WHT'].data.shape, h['SCI'].data.dtype.name, h['WHT'].data.dtype.name,",
                "              abs(float(x) - 0.5) <= 0.5, abs(float(y) - 1) <= 0.5,",
                "              h[0].header['FILENAME'] == os.path.basename(path))");
        Process p = new ProcessBuilder(PYTHON, "-c", script, dir.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        StringBuilder expected = new StringBuilder();
        for (String name : NAMES.stream().sorted().toList()) {
            expected.append(name).append(" ['PRIMARY', 'SCI', 'WHT'] (3, 2) (3, 2) float32 float32 True True True\n");
        }
        assertThat(out).isEqualTo(expected.toString());
    }
}
