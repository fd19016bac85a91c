package org.mastspark.emulator.sky;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mastspark.emulator.MastEmulator;

/**
 * Each real-FITS product kind downloaded from a running emulator (whole, and as the concatenation of HTTP
 * ranges) and opened by astropy ({@code /usr/bin/python3}, Debian's {@code python3-astropy}): the HDUs, the
 * column cards, and every row of chosen columns equal the model's values. Without astropy the test is skipped
 * locally and fails on CI ({@code CI=true}).
 */
class FitsProductsAstropyTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Writes each requested column (spec {@code EXTNAME,EXTVER:COLUMN}) as big-endian float64 to {@code <out>/<i>.bin}
     * and prints the HDU list, the column cards and the primary header as JSON.
     */
    private static final String SCRIPT = String.join(
            "\n",
            "import sys, json",
            "import numpy as np",
            "from astropy.io import fits",
            "path, out = sys.argv[1], sys.argv[2]",
            "meta = {}",
            "with fits.open(path) as h:",
            "    h.verify('exception')",
            "    meta['hdus'] = [[x.name, x.ver] for x in h]",
            "    meta['primary'] = {k: (None if isinstance(v, fits.card.Undefined) else v)",
            "                       for k, v in h[0].header.items()}",
            "    meta['formats'] = {}",
            "    for x in h[1:]:",
            "        if isinstance(x, fits.BinTableHDU):",
            "            meta['formats']['%s,%d' % (x.name, x.ver)] = [",
            "                [c.name, c.format, c.unit, c.dim] for c in x.columns]",
            "    for i, spec in enumerate(sys.argv[3:]):",
            "        ext, col = spec.split(':')",
            "        name, ver = ext.split(',')",
            "        d = h[name, int(ver)].data",
            "        a = np.asarray(d if col == '' else d[col])",
            "        meta[spec] = str(a.dtype)",
            "        if a.dtype.kind in 'SU':",
            "            meta[spec + ':values'] = [str(s) for s in a.ravel()]",
            "        else:",
            "            np.ascontiguousarray(a.astype('>f8').ravel()).tofile('%s/%d.bin' % (out, i))",
            "print(json.dumps(meta, default=str))");

    private static MastEmulator mast;

    @BeforeAll
    static void start() {
        requireAstropy();
        mast = MastEmulator.builder().seed(FitsProductsTest.SEED).scale(0.01).build();
    }

    @AfterAll
    static void stop() {
        if (mast != null) {
            mast.close();
        }
    }

    private static void requireAstropy() {
        boolean available;
        try {
            available = Files.isExecutable(Path.of(PYTHON))
                    && new ProcessBuilder(PYTHON, "-c", "import astropy.io.fits, numpy")
                                    .redirectErrorStream(true)
                                    .start()
                                    .waitFor()
                            == 0;
        } catch (IOException e) {
            available = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            available = false;
        }
        String message = PYTHON + " cannot import astropy.io.fits: apt-get install python3-astropy";
        if (!available && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(message);
        }
        Assumptions.assumeTrue(available, message + " (test skipped)");
    }

    /** Downloads a product in 1 MB ranges (206 answers) and checks the whole download is the same bytes. */
    private static byte[] download(String uri, long size) throws Exception {
        String url = mast.baseUrl() + "/api/v0.1/Download/file?uri=" + uri;
        HttpResponse<byte[]> whole = HTTP.send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValueAsLong("Content-Length")).hasValue(size);
        byte[] joined = new byte[(int) size];
        for (long from = 0; from < size; from += 1 << 20) {
            long to = Math.min(size, from + (1 << 20)) - 1;
            HttpResponse<byte[]> part = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .header("Range", "bytes=" + from + "-" + to)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(part.statusCode()).isEqualTo(206);
            assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes " + from + "-" + to + "/" + size);
            System.arraycopy(part.body(), 0, joined, (int) from, part.body().length);
        }
        assertThat(joined).isEqualTo(whole.body());
        return whole.body();
    }

    /** Runs the script over a downloaded product; returns its JSON and the columns as doubles. */
    private static JsonNode astropy(Path dir, long[] at, List<String> specs, List<double[]> columns) throws Exception {
        Map<String, Object> row = FitsProductsTest.productRow(at);
        long size = ((Number) row.get("size")).longValue();
        Path file = dir.resolve((String) row.get("productFilename"));
        Files.write(file, download((String) row.get("dataURI"), size));
        Path script = dir.resolve("read.py");
        Files.writeString(script, SCRIPT);
        List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString(), file.toString(), dir.toString()));
        cmd.addAll(specs);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(err).isZero();
        for (int i = 0; i < specs.size(); i++) {
            Path bin = dir.resolve(i + ".bin");
            if (Files.exists(bin)) {
                long n = Files.size(bin) / 8;
                double[] v = new double[(int) n];
                try (InputStream in = Files.newInputStream(bin);
                        DataInputStream d = new DataInputStream(new java.io.BufferedInputStream(in))) {
                    for (int k = 0; k < n; k++) {
                        v[k] = d.readDouble();
                    }
                }
                Files.delete(bin);
                columns.add(v);
            } else {
                columns.add(null);
            }
        }
        return JSON.readTree(out);
    }

    private static double[] doubles(Object a) {
        if (a instanceof double[] d) {
            return d;
        }
        if (a instanceof float[] f) {
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
        if (a instanceof int[] f) {
            return Arrays.stream(f).asDoubleStream().toArray();
        }
        if (a instanceof long[] f) {
            return Arrays.stream(f).asDoubleStream().toArray();
        }
        if (a instanceof short[] f) {
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
        throw new IllegalArgumentException(a.getClass().toString());
    }

    /** Every value equal, NaN included (Double.equals compares bits, and astropy keeps NaNs as they are). */
    private static void assertSameValues(String what, double[] astropy, Object model) {
        double[] expected = doubles(model);
        assertThat(astropy).as(what + " rows").hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            if (!Double.valueOf(astropy[i]).equals(expected[i])) {
                assertThat(astropy[i]).as(what + " value " + i).isEqualTo(expected[i]);
            }
        }
    }

    @Test
    void tessLightCurveAsAstropyReadsIt(@TempDir Path dir) throws Exception {
        long[] at = FitsProductsTest.find(FitsProducts.Kind.TESS_LC, FitsProductsTest::isPublic);
        LightCurveModel m = FitsProductsTest.lightCurve(FitsProducts.Kind.TESS_LC, at);
        List<String> specs = List.of(
                "LIGHTCURVE,1:TIME",
                "LIGHTCURVE,1:CADENCENO",
                "LIGHTCURVE,1:SAP_FLUX",
                "LIGHTCURVE,1:PDCSAP_FLUX",
                "LIGHTCURVE,1:PDCSAP_FLUX_ERR",
                "LIGHTCURVE,1:QUALITY",
                "LIGHTCURVE,1:MOM_CENTR1",
                "LIGHTCURVE,1:POS_CORR2",
                "APERTURE,1:");
        List<double[]> cols = new ArrayList<>();
        JsonNode meta = astropy(dir, at, specs, cols);
        assertThat(meta.path("hdus").toString()).isEqualTo("[[\"PRIMARY\",1],[\"LIGHTCURVE\",1],[\"APERTURE\",1]]");
        assertThat(meta.path("primary").path("TICID").asLong()).isEqualTo(m.star.id());
        assertThat(meta.path("primary").path("TESSMAG").asDouble()).isEqualTo(m.star.mag());
        assertThat(meta.path("primary").path("RADIUS").isNull()).isTrue();
        JsonNode formats = meta.path("formats").path("LIGHTCURVE,1");
        assertThat(formats.get(0).toString()).isEqualTo("[\"TIME\",\"D\",\"BJD - 2457000, days\",null]");
        assertThat(formats.get(9).toString()).isEqualTo("[\"QUALITY\",\"J\",null,null]");
        assertThat(meta.path("LIGHTCURVE,1:QUALITY").asText()).isEqualTo(">i4");
        assertSameValues("TIME", cols.get(0), m.time);
        assertSameValues("CADENCENO", cols.get(1), m.cadenceno);
        assertSameValues("SAP_FLUX", cols.get(2), m.sapFlux);
        assertSameValues("PDCSAP_FLUX", cols.get(3), m.pdcsapFlux);
        assertSameValues("PDCSAP_FLUX_ERR", cols.get(4), m.pdcsapFluxErr);
        assertSameValues("QUALITY", cols.get(5), m.quality);
        assertSameValues("MOM_CENTR1", cols.get(6), m.momCentr1);
        assertSameValues("POS_CORR2", cols.get(7), m.posCorr2);
        assertSameValues("APERTURE", cols.get(8), LightCurveModel.aperture());
    }

    @Test
    void tessTargetPixelFileAsAstropyReadsIt(@TempDir Path dir) throws Exception {
        long[] at = FitsProductsTest.find(FitsProducts.Kind.TESS_TP, FitsProductsTest::isPublic);
        LightCurveModel m = FitsProductsTest.lightCurve(FitsProducts.Kind.TESS_TP, at);
        Map<String, Object> v = m.tpValues();
        List<String> specs = List.of("PIXELS,1:TIME", "PIXELS,1:RAW_CNTS", "PIXELS,1:FLUX", "PIXELS,1:QUALITY");
        List<double[]> cols = new ArrayList<>();
        JsonNode meta = astropy(dir, at, specs, cols);
        assertThat(meta.path("hdus").toString()).isEqualTo("[[\"PRIMARY\",1],[\"PIXELS\",1],[\"APERTURE\",1]]");
        assertThat(meta.path("formats").path("PIXELS,1").get(4).toString())
                .isEqualTo("[\"FLUX\",\"121E\",\"e-/s\",\"(11, 11)\"]");
        assertSameValues("TIME", cols.get(0), v.get("TIME"));
        assertSameValues("RAW_CNTS", cols.get(1), v.get("RAW_CNTS"));
        assertSameValues("FLUX", cols.get(2), v.get("FLUX"));
        assertSameValues("QUALITY", cols.get(3), v.get("QUALITY"));
    }

    @Test
    void keplerLightCurveAsAstropyReadsIt(@TempDir Path dir) throws Exception {
        long[] at = FitsProductsTest.find(FitsProducts.Kind.KEPLER_LLC, FitsProductsTest::isPublic);
        LightCurveModel m = FitsProductsTest.lightCurve(FitsProducts.Kind.KEPLER_LLC, at);
        List<double[]> cols = new ArrayList<>();
        JsonNode meta = astropy(dir, at, List.of("LIGHTCURVE,1:TIME", "LIGHTCURVE,1:SAP_QUALITY"), cols);
        assertThat(meta.path("primary").path("KEPLERID").asLong()).isEqualTo(m.star.id());
        assertThat(meta.path("primary").path("TELESCOP").asText()).isEqualTo("Kepler");
        assertSameValues("TIME", cols.get(0), m.time);
        assertSameValues("SAP_QUALITY", cols.get(1), m.quality);
    }

    @Test
    void hstSpectrumAsAstropyReadsIt(@TempDir Path dir) throws Exception {
        long[] at = FitsProductsTest.find(FitsProducts.Kind.HST_X1D, FitsProductsTest::isPublic);
        SpectrumModel.Hst v = SpectrumModel.hstValues(
                FitsProducts.target(FitsProducts.Kind.HST_X1D, at[0], FitsProductsTest.CAOM.row(at[0])));
        List<double[]> cols = new ArrayList<>();
        JsonNode meta = astropy(
                dir,
                at,
                List.of("SCI,1:SEGMENT", "SCI,1:NELEM", "SCI,1:WAVELENGTH", "SCI,1:FLUX", "SCI,1:DQ", "SCI,1:GCOUNTS"),
                cols);
        assertThat(meta.path("hdus").toString()).isEqualTo("[[\"PRIMARY\",1],[\"SCI\",1]]");
        assertThat(meta.path("SCI,1:SEGMENT:values").toString()).isEqualTo("[\"FUVA\",\"FUVB\"]");
        assertSameValues("NELEM", cols.get(1), v.nelem());
        assertSameValues("WAVELENGTH", cols.get(2), v.wavelength());
        assertSameValues("FLUX", cols.get(3), v.flux());
        assertSameValues("DQ", cols.get(4), v.dq());
        assertSameValues("GCOUNTS", cols.get(5), v.gcounts());
    }

    @Test
    void jwstSpectraAsAstropyReadsThem(@TempDir Path dir) throws Exception {
        long[] at = FitsProductsTest.find(
                FitsProducts.Kind.JWST_X1D,
                i -> FitsProductsTest.isPublic(i)
                        && SpectrumModel.jwstSpectra(FitsProducts.target(
                                        FitsProducts.Kind.JWST_X1D, i, FitsProductsTest.CAOM.row(i)))
                                > 1);
        SpectrumModel.Target t =
                FitsProducts.target(FitsProducts.Kind.JWST_X1D, at[0], FitsProductsTest.CAOM.row(at[0]));
        int spectra = SpectrumModel.jwstSpectra(t);
        List<String> specs = new ArrayList<>();
        for (int e = 1; e <= spectra; e++) {
            specs.add("EXTRACT1D," + e + ":WAVELENGTH");
            specs.add("EXTRACT1D," + e + ":FLUX");
            specs.add("EXTRACT1D," + e + ":DQ");
        }
        List<double[]> cols = new ArrayList<>();
        JsonNode meta = astropy(dir, at, specs, cols);
        assertThat(meta.path("hdus").size()).isEqualTo(1 + spectra);
        for (int e = 1; e <= spectra; e++) {
            SpectrumModel.Jwst v = SpectrumModel.jwstValues(t, e);
            assertThat(meta.path("EXTRACT1D," + e + ":DQ").asText()).isEqualTo("uint32");
            assertSameValues("WAVELENGTH " + e, cols.get(3 * (e - 1)), v.wavelength());
            assertSameValues("FLUX " + e, cols.get(3 * (e - 1) + 1), v.flux());
            assertSameValues("DQ " + e, cols.get(3 * (e - 1) + 2), v.dq());
        }
    }
}
