package org.mastspark.emulator.sky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;
import nom.tam.fits.ImageHDU;
import org.junit.jupiter.api.Test;

/**
 * The real-FITS products (TESS {@code _lc}/{@code _tp}, Kepler {@code _llc}, HST and JWST {@code _x1d}) as
 * nom-tam-fits reads them: HDUs, EXTNAMEs, column cards, and values equal to their models' at chosen rows;
 * the {@code size} column equal to the bytes; the same bytes from two skies and from the cache.
 */
class FitsProductsTest {
    static final long SEED = 42;
    static final SyntheticSky SKY = new SyntheticSky(SEED, 0.01);
    static final Caom CAOM = new Caom(SEED);

    /** An observation with a product of the kind: {@code [index, k]}. */
    static long[] find(FitsProducts.Kind kind, java.util.function.LongPredicate also) {
        for (long i = 0; i < SKY.observationCount(); i++) {
            Object[] obs = CAOM.row(i);
            for (int k = 0; k < 2; k++) {
                if (FitsProducts.kind(obs, k) == kind && also.test(i)) {
                    return new long[] {i, k};
                }
            }
        }
        throw new IllegalStateException("no " + kind);
    }

    static boolean isPublic(long index) {
        return "PUBLIC".equals(CAOM.row(index)[28]);
    }

    static long[] find(FitsProducts.Kind kind) {
        return find(kind, i -> true);
    }

    static Map<String, Object> productRow(long[] at) {
        return SKY.productsOf(Caom.BASE_OBSID + at[0]).get((int) at[1]);
    }

    static byte[] bytes(long[] at) {
        ProductFile f = SKY.product((String) productRow(at).get("dataURI")).orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            f.write(0, f.size(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static BasicHDU<?>[] read(byte[] file) throws Exception {
        try (Fits fits = new Fits(new ByteArrayInputStream(file))) {
            BasicHDU<?>[] hdus = fits.read();
            for (BasicHDU<?> h : hdus) {
                if (h instanceof BinaryTableHDU t) {
                    t.getData().getData(); // load the rows before the stream closes
                } else if (h instanceof ImageHDU im) {
                    im.getKernel();
                }
            }
            return hdus;
        }
    }

    static List<String> cards(Header h, String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(h.getStringValue(prefix + i));
        }
        return out;
    }

    static LightCurveModel lightCurve(FitsProducts.Kind kind, long[] at) {
        return new LightCurveModel(FitsProducts.star(kind, at[0], CAOM.row(at[0])));
    }

    /** Rows worth checking: the first, one in the mid-sector gap, flagged ones, the last. */
    static int[] chosenRows(int[] quality) {
        List<Integer> rows = new ArrayList<>(List.of(0, 1, quality.length / 2, quality.length - 1));
        for (int i = 0; i < quality.length && rows.size() < 10; i++) {
            if (quality[i] != 0 && quality[i] != 8) {
                rows.add(i);
            }
        }
        return rows.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void tessLightCurvesHaveTheSpocLayoutAndTheModelsValues() throws Exception {
        long[] at = find(FitsProducts.Kind.TESS_LC);
        Map<String, Object> row = productRow(at);
        assertThat((String) row.get("productFilename")).endsWith("_lc.fits");
        byte[] file = bytes(at);
        assertThat(file.length).isEqualTo(((Number) row.get("size")).longValue());
        BasicHDU<?>[] hdus = read(file);
        assertThat(hdus).hasSize(3);
        LightCurveModel m = lightCurve(FitsProducts.Kind.TESS_LC, at);

        Header p = hdus[0].getHeader();
        assertThat(p.getIntValue("NAXIS")).isZero();
        assertThat(p.getStringValue("TELESCOP")).isEqualTo("TESS");
        assertThat(p.getLongValue("TICID")).isEqualTo(m.star.id());
        assertThat(p.getStringValue("OBJECT")).isEqualTo("TIC " + m.star.id());
        assertThat(p.getIntValue("SECTOR")).isEqualTo(SKY.observation(at[0]).get("sequence_number"));
        String[] obsId = ((String) row.get("obs_id")).split("-");
        assertThat(p.getIntValue("CAMERA")).isEqualTo(Integer.parseInt(obsId[2]));
        assertThat(p.getIntValue("CCD")).isEqualTo(Integer.parseInt(obsId[3]));
        assertThat(p.getDoubleValue("TESSMAG")).isEqualTo(LightCurves.magnitude(m.star.id()));
        assertThat(p.getDoubleValue("RA_OBJ"))
                .isCloseTo((Double) SKY.observation(at[0]).get("s_ra"), within(1e-6));
        assertThat(p.getDoubleValue("DEC_OBJ"))
                .isCloseTo((Double) SKY.observation(at[0]).get("s_dec"), within(1e-6));

        BinaryTableHDU lc = (BinaryTableHDU) hdus[1];
        Header h = lc.getHeader();
        assertThat(h.getStringValue("EXTNAME")).isEqualTo("LIGHTCURVE");
        assertThat(h.getIntValue("NAXIS1")).isEqualTo(100);
        assertThat(h.getIntValue("NAXIS2")).isEqualTo(LightCurveModel.TESS_ROWS);
        assertThat(cards(h, "TTYPE", 20))
                .containsExactly(
                        "TIME",
                        "TIMECORR",
                        "CADENCENO",
                        "SAP_FLUX",
                        "SAP_FLUX_ERR",
                        "SAP_BKG",
                        "SAP_BKG_ERR",
                        "PDCSAP_FLUX",
                        "PDCSAP_FLUX_ERR",
                        "QUALITY",
                        "PSF_CENTR1",
                        "PSF_CENTR1_ERR",
                        "PSF_CENTR2",
                        "PSF_CENTR2_ERR",
                        "MOM_CENTR1",
                        "MOM_CENTR1_ERR",
                        "MOM_CENTR2",
                        "MOM_CENTR2_ERR",
                        "POS_CORR1",
                        "POS_CORR2");
        assertThat(cards(h, "TFORM", 20))
                .containsExactly(
                        "D", "E", "J", "E", "E", "E", "E", "E", "E", "J", "D", "E", "D", "E", "D", "E", "D", "E", "E",
                        "E");
        assertThat(cards(h, "TUNIT", 20))
                .containsExactly(
                        "BJD - 2457000, days",
                        "d",
                        null,
                        "e-/s",
                        "e-/s",
                        "e-/s",
                        "e-/s",
                        "e-/s",
                        "e-/s",
                        null,
                        "pixel",
                        "pixel",
                        "pixel",
                        "pixel",
                        "pixel",
                        "pixel",
                        "pixel",
                        "pixel",
                        "pixels",
                        "pixels");
        assertThat(h.getStringValue("TDISP10")).isEqualTo("B16.16");
        assertThat(h.getIntValue("BJDREFI")).isEqualTo(2457000);
        assertThat(h.getDoubleValue("EXPOSURE")).isGreaterThan(0);
        for (String cdpp : new String[] {"CDPP0_5", "CDPP1_0", "CDPP2_0"}) {
            assertThat(h.getDoubleValue(cdpp)).as(cdpp).isGreaterThan(0);
        }
        HeaderCard empty = h.findCard("PDC_VAR");
        assertThat(empty.getValue()).isEmpty();
        assertThat(empty.toString()).startsWith("PDC_VAR =                      / ");

        for (int r : chosenRows(m.quality)) {
            Object[] cells = lc.getData().getRow(r);
            assertThat(Double.valueOf(((double[]) cells[0])[0])).as("TIME " + r).isEqualTo(Double.valueOf(m.time[r]));
            assertThat(Float.valueOf(((float[]) cells[1])[0])).isEqualTo(Float.valueOf(m.timecorr[r]));
            assertThat(((int[]) cells[2])[0]).isEqualTo(m.cadenceno[r]);
            assertThat(Float.valueOf(((float[]) cells[3])[0]))
                    .as("SAP_FLUX " + r)
                    .isEqualTo(Float.valueOf(m.sapFlux[r]));
            assertThat(Float.valueOf(((float[]) cells[7])[0]))
                    .as("PDCSAP_FLUX " + r)
                    .isEqualTo(Float.valueOf(m.pdcsapFlux[r]));
            assertThat(Float.valueOf(((float[]) cells[8])[0])).isEqualTo(Float.valueOf(m.pdcsapFluxErr[r]));
            assertThat(((int[]) cells[9])[0]).as("QUALITY " + r).isEqualTo(m.quality[r]);
            assertThat(((double[]) cells[10])[0]).isNaN();
            assertThat(Double.valueOf(((double[]) cells[14])[0])).isEqualTo(Double.valueOf(m.momCentr1[r]));
            assertThat(Float.valueOf(((float[]) cells[19])[0])).isEqualTo(Float.valueOf(m.posCorr2[r]));
        }

        ImageHDU aperture = (ImageHDU) hdus[2];
        assertThat(aperture.getHeader().getStringValue("EXTNAME")).isEqualTo("APERTURE");
        assertThat(aperture.getHeader().getIntValue("BITPIX")).isEqualTo(32);
        int[][] a = (int[][]) aperture.getKernel();
        assertThat(Arrays.stream(a).flatMapToInt(Arrays::stream).toArray()).isEqualTo(LightCurveModel.aperture());
    }

    /** The documented behaviour, checked on the file rather than the model: 2-min cadence, flux level, gap, flags. */
    @Test
    void tessLightCurveValuesFollowTheMagnitudeWithGapsFlagsAndTransits() throws Exception {
        long[] at = find(
                FitsProducts.Kind.TESS_LC, i -> lightCurve(FitsProducts.Kind.TESS_LC, new long[] {i, 0}).period > 0);
        BasicHDU<?>[] hdus = read(bytes(at));
        double tmag = hdus[0].getHeader().getDoubleValue("TESSMAG");
        BinaryTableHDU lc = (BinaryTableHDU) hdus[1];
        double[] time = (double[]) lc.getColumn("TIME");
        int[] cadence = (int[]) lc.getColumn("CADENCENO");
        float[] pdc = (float[]) lc.getColumn("PDCSAP_FLUX");
        int[] quality = (int[]) lc.getColumn("QUALITY");
        int nan = 0;
        int flagged = 0;
        List<Float> finite = new ArrayList<>();
        for (int i = 0; i < time.length; i++) {
            if (i > 0) {
                assertThat((time[i] - time[i - 1]) * 1440).isCloseTo(2.0, within(1e-6));
                assertThat(cadence[i]).isEqualTo(cadence[i - 1] + 1);
            }
            if (Float.isNaN(pdc[i])) {
                nan++;
                assertThat(quality[i]).as("a NaN flux is flagged, row " + i).isNotZero();
            } else {
                finite.add(pdc[i]);
            }
            if (quality[i] != 0) {
                flagged++;
            }
        }
        assertThat(nan).isBetween(time.length / 25, time.length / 15);
        assertThat(flagged).isLessThan(time.length / 10);
        finite.sort(null);
        double median = finite.get(finite.size() / 2);
        assertThat(median / (15000 * Math.pow(10, -0.4 * (tmag - 10)))).isCloseTo(1.0, within(0.005));
        double min = finite.get(finite.size() / 1000);
        assertThat(min / median).as("a transit dips below the noise").isLessThan(0.997);
    }

    @Test
    void tessTargetPixelFilesHaveImageCellsWithTdim() throws Exception {
        long[] at = find(FitsProducts.Kind.TESS_TP);
        Map<String, Object> row = productRow(at);
        assertThat((String) row.get("productFilename")).endsWith("_tp.fits");
        byte[] file = bytes(at);
        assertThat(file.length).isEqualTo(((Number) row.get("size")).longValue());
        BasicHDU<?>[] hdus = read(file);
        assertThat(hdus).hasSize(3);
        BinaryTableHDU px = (BinaryTableHDU) hdus[1];
        Header h = px.getHeader();
        assertThat(h.getStringValue("EXTNAME")).isEqualTo("PIXELS");
        assertThat(cards(h, "TTYPE", 11))
                .containsExactly(
                        "TIME",
                        "TIMECORR",
                        "CADENCENO",
                        "RAW_CNTS",
                        "FLUX",
                        "FLUX_ERR",
                        "FLUX_BKG",
                        "FLUX_BKG_ERR",
                        "QUALITY",
                        "POS_CORR1",
                        "POS_CORR2");
        assertThat(cards(h, "TFORM", 11))
                .containsExactly("D", "E", "J", "121J", "121E", "121E", "121E", "121E", "J", "E", "E");
        for (int c = 4; c <= 8; c++) {
            assertThat(h.getStringValue("TDIM" + c)).isEqualTo("(11, 11)");
        }
        assertThat(h.getIntValue("NAXIS1")).isEqualTo(28 + 20 * 121);
        assertThat(((ImageHDU) hdus[2]).getHeader().getStringValue("EXTNAME")).isEqualTo("APERTURE");

        LightCurveModel m = lightCurve(FitsProducts.Kind.TESS_TP, at);
        Map<String, Object> v = m.tpValues();
        int rows = m.tpRows();
        assertThat(h.getIntValue("NAXIS2")).isEqualTo(rows);
        for (int r : new int[] {0, rows / 2, rows - 1}) {
            Object[] cells = px.getData().getRow(r);
            assertThat(Double.valueOf(((double[]) cells[0])[0]))
                    .isEqualTo(Double.valueOf(m.time[r * LightCurveModel.TP_STRIDE]));
            assertThat(((int[]) cells[2])[0]).isEqualTo(m.cadenceno[r * LightCurveModel.TP_STRIDE]);
            int[][] raw = (int[][]) cells[3];
            float[][] flux = (float[][]) cells[4];
            for (int y = 0; y < 11; y++) {
                for (int x = 0; x < 11; x++) {
                    int at1 = r * 121 + y * 11 + x;
                    assertThat(raw[y][x]).isEqualTo(((int[]) v.get("RAW_CNTS"))[at1]);
                    assertThat(Float.valueOf(flux[y][x])).isEqualTo(Float.valueOf(((float[]) v.get("FLUX"))[at1]));
                }
            }
        }
    }

    @Test
    void keplerLightCurvesUseSapQualityAndTheKeplerEpoch() throws Exception {
        long[] at = find(FitsProducts.Kind.KEPLER_LLC);
        Map<String, Object> row = productRow(at);
        assertThat((String) row.get("productFilename")).endsWith("_llc.fits").doesNotContain("_lc_");
        BasicHDU<?>[] hdus = read(bytes(at));
        LightCurveModel m = lightCurve(FitsProducts.Kind.KEPLER_LLC, at);
        Header p = hdus[0].getHeader();
        assertThat(p.getStringValue("TELESCOP")).isEqualTo("Kepler");
        assertThat(p.getLongValue("KEPLERID")).isEqualTo(m.star.id());
        assertThat("KIC " + m.star.id()).isEqualTo(SKY.observation(at[0]).get("target_name"));
        Header h = hdus[1].getHeader();
        assertThat(h.getStringValue("EXTNAME")).isEqualTo("LIGHTCURVE");
        assertThat(h.getStringValue("TTYPE10")).isEqualTo("SAP_QUALITY");
        assertThat(h.getStringValue("TUNIT1")).isEqualTo("BJD - 2454833");
        assertThat(h.getIntValue("BJDREFI")).isEqualTo(2454833);
        BinaryTableHDU lc = (BinaryTableHDU) hdus[1];
        for (int r : chosenRows(m.quality)) {
            Object[] cells = lc.getData().getRow(r);
            assertThat(Double.valueOf(((double[]) cells[0])[0])).isEqualTo(Double.valueOf(m.time[r]));
            assertThat(Float.valueOf(((float[]) cells[7])[0])).isEqualTo(Float.valueOf(m.pdcsapFlux[r]));
            assertThat(((int[]) cells[9])[0]).isEqualTo(m.quality[r]);
        }
    }

    @Test
    void hstSpectraHaveOneRowPerSegmentWithArrayCells() throws Exception {
        long[] at = find(FitsProducts.Kind.HST_X1D);
        Map<String, Object> row = productRow(at);
        assertThat((String) row.get("productFilename")).endsWith("_x1d.fits");
        assertThat(SKY.observation(at[0]).get("dataproduct_type")).isEqualTo("spectrum");
        BasicHDU<?>[] hdus = read(bytes(at));
        assertThat(hdus).hasSize(2);
        assertThat(hdus[0].getHeader().getStringValue("TELESCOP")).isEqualTo("HST");
        BinaryTableHDU sci = (BinaryTableHDU) hdus[1];
        Header h = sci.getHeader();
        assertThat(h.getStringValue("EXTNAME")).isEqualTo("SCI");
        int n = SpectrumModel.HST_NELEM;
        assertThat(cards(h, "TTYPE", 13))
                .containsExactly(
                        "SEGMENT",
                        "EXPTIME",
                        "NELEM",
                        "WAVELENGTH",
                        "FLUX",
                        "ERROR",
                        "ERROR_LOWER",
                        "GROSS",
                        "GCOUNTS",
                        "NET",
                        "BACKGROUND",
                        "DQ",
                        "DQ_WGT");
        assertThat(cards(h, "TFORM", 13))
                .containsExactly(
                        "4A", "D", "J", n + "D", n + "E", n + "E", n + "E", n + "E", n + "E", n + "E", n + "E", n + "I",
                        n + "E");
        SpectrumModel.Hst v =
                SpectrumModel.hstValues(FitsProducts.target(FitsProducts.Kind.HST_X1D, at[0], CAOM.row(at[0])));
        assertThat(sci.getData().getNRows()).isEqualTo(2);
        for (int r = 0; r < 2; r++) {
            Object[] cells = sci.getData().getRow(r);
            assertThat(cells[0]).isEqualTo(SpectrumModel.HST_SEGMENTS[r]);
            assertThat(((double[]) cells[1])[0])
                    .isEqualTo(SKY.observation(at[0]).get("t_exptime"));
            assertThat(((int[]) cells[2])[0]).isEqualTo(n);
            assertThat((double[]) cells[3]).isEqualTo(Arrays.copyOfRange(v.wavelength(), r * n, (r + 1) * n));
            assertThat((float[]) cells[4]).isEqualTo(Arrays.copyOfRange(v.flux(), r * n, (r + 1) * n));
            assertThat((short[]) cells[11]).isEqualTo(Arrays.copyOfRange(v.dq(), r * n, (r + 1) * n));
        }
    }

    @Test
    void jwstSpectraAreOneExtract1dPerSpectrumWithUnsignedDq() throws Exception {
        long[] at = find(
                FitsProducts.Kind.JWST_X1D,
                i -> SpectrumModel.jwstSpectra(FitsProducts.target(FitsProducts.Kind.JWST_X1D, i, CAOM.row(i))) > 1);
        SpectrumModel.Target t = FitsProducts.target(FitsProducts.Kind.JWST_X1D, at[0], CAOM.row(at[0]));
        byte[] file = bytes(at);
        assertThat(file.length).isEqualTo(((Number) productRow(at).get("size")).longValue());
        BasicHDU<?>[] hdus = read(file);
        int spectra = SpectrumModel.jwstSpectra(t);
        assertThat(hdus).hasSize(1 + spectra);
        for (int e = 1; e <= spectra; e++) {
            BinaryTableHDU x = (BinaryTableHDU) hdus[e];
            Header h = x.getHeader();
            assertThat(h.getStringValue("EXTNAME")).isEqualTo("EXTRACT1D");
            assertThat(h.getIntValue("EXTVER")).isEqualTo(e);
            assertThat(h.getStringValue("TTYPE6")).isEqualTo("DQ");
            assertThat(h.getStringValue("TFORM6")).isEqualTo("J");
            assertThat(h.getLongValue("TZERO6")).isEqualTo(2147483648L);
            SpectrumModel.Jwst v = SpectrumModel.jwstValues(t, e);
            assertThat(x.getData().getNRows()).isEqualTo(v.wavelength().length);
            assertThat((double[]) x.getColumn("WAVELENGTH")).isEqualTo(v.wavelength());
            assertThat((double[]) x.getColumn("FLUX")).isEqualTo(v.flux());
            int[] stored = (int[]) x.getColumn("DQ");
            for (int i = 0; i < stored.length; i++) {
                assertThat(stored[i] + 2147483648L).isEqualTo(v.dq()[i]);
            }
        }
    }

    /** Across every product kind: the listed size is the file's length, before and after the bytes exist. */
    @Test
    void theSizeColumnIsTheLengthOfEveryRealFitsProduct() {
        int checked = 0;
        for (long i = 0; i < 400; i++) {
            Object[] obs = CAOM.row(i);
            for (int k = 0; k < 2; k++) {
                if (FitsProducts.kind(obs, k) != null) {
                    long[] at = {i, k};
                    assertThat((long) bytes(at).length)
                            .as(productRow(at).get("dataURI").toString())
                            .isEqualTo(((Number) productRow(at).get("size")).longValue());
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(20);
    }

    @Test
    void bytesAreTheSameFromAnotherSkyAndFromTheCache() throws Exception {
        for (FitsProducts.Kind kind : FitsProducts.Kind.values()) {
            long[] at = find(kind);
            String uri = (String) productRow(at).get("dataURI");
            byte[] first = bytes(at);
            SyntheticSky other = new SyntheticSky(SEED, 0.01);
            ProductFile f = other.product(uri).orElseThrow();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            f.write(0, f.size(), out);
            assertThat(out.toByteArray()).as(kind.name()).isEqualTo(first);
            assertThat(bytes(at)).as(kind + " again").isEqualTo(first);
            // A range is the slice of the whole file.
            ByteArrayOutputStream slice = new ByteArrayOutputStream();
            f.write(2875, 2890, slice);
            assertThat(slice.toByteArray()).isEqualTo(Arrays.copyOfRange(first, 2875, 2890));
        }
    }

    @Test
    void theCacheKeepsAtMostItsFilesAndBytes() {
        FitsProducts.Cache cache = new FitsProducts.Cache();
        for (int i = 0; i < 40; i++) {
            cache.put("f" + i, new byte[10]);
        }
        assertThat(cache.files()).isEqualTo(FitsProducts.Cache.MAX_FILES);
        assertThat(cache.get("f0")).isNull();
        assertThat(cache.get("f39")).hasSize(10);
        cache.put("big1", new byte[(int) (FitsProducts.Cache.MAX_BYTES / 2 + 1)]);
        cache.put("big2", new byte[(int) (FitsProducts.Cache.MAX_BYTES / 2 + 1)]);
        assertThat(cache.get("big1")).isNull();
        assertThat(cache.get("big2")).isNotNull();
        assertThat(cache.files()).isEqualTo(1);
    }

    @Test
    void lightCurvesWritesTheNamedFiles() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("lightcurves");
        List<java.nio.file.Path> files = LightCurves.write(dir, 1000, 3, 50);
        assertThat(files)
                .extracting(f -> f.getFileName().toString())
                .containsExactly(
                        "tess2019000000000-s0001-0000000000001000-0000-s_lc.fits",
                        "tess2019000000000-s0002-0000000000001001-0000-s_lc.fits",
                        "tess2019000000000-s0003-0000000000001002-0000-s_lc.fits");
        BasicHDU<?>[] hdus = read(java.nio.file.Files.readAllBytes(files.get(1)));
        assertThat(hdus[0].getHeader().getLongValue("TICID")).isEqualTo(1001);
        assertThat(hdus[0].getHeader().getIntValue("SECTOR")).isEqualTo(2);
        assertThat(hdus[0].getHeader().getDoubleValue("TESSMAG")).isEqualTo(LightCurves.magnitude(1001));
        assertThat(((BinaryTableHDU) hdus[1]).getData().getNRows()).isEqualTo(50);
        assertThat(java.nio.file.Files.readAllBytes(files.get(1)))
                .isEqualTo(LightCurves.bytes(1001, LightCurves.magnitude(1001), 2, 50));
        assertThatThrownBy(() -> LightCurves.bytes(1, 10, 0, 50)).hasMessage("Invalid sector 0: expected 1 to 99");
        assertThatThrownBy(() -> LightCurves.bytes(1, 10, 1, 0))
                .hasMessage("Invalid number of rows 0: expected at least 1");
        for (java.nio.file.Path f : files) {
            java.nio.file.Files.delete(f);
        }
        java.nio.file.Files.delete(dir);
    }

    private static org.assertj.core.data.Offset<Double> within(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }
}
