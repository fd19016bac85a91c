package org.mastspark.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Zcut's {@code astrocut}: the zip (stored members, fixed times, recorded naming), the FITS files read back with
 * nom-tam-fits (keywords, shapes, WCS centred on the target, every pixel the deep-field model's), jpg and png
 * decoded with ImageIO, both {@code format} and {@code cutout_format}, byte identity, no data and bad input.
 */
class ZcutCutoutsTest {
    private static final long SEED = 42;
    private static final String RECORDED = "ra=189.49206&dec=62.20615";
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

    private static HttpResponse<byte[]> get(String query) throws Exception {
        // as requests sends astroquery's URL: spaces and brackets escaped
        return Http.get(mast.baseUrl() + ZcutHandler.ASTROCUT_PATH + "?"
                + query.replace(" ", "%20").replace("[", "%5B").replace("]", "%5D"));
    }

    private static HttpResponse<byte[]> post(String form) throws Exception {
        return Http.CLIENT.send(
                HttpRequest.newBuilder(URI.create(mast.baseUrl() + ZcutHandler.ASTROCUT_PATH))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] ok(HttpResponse<byte[]> r) {
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/zip");
        return r.body();
    }

    @Test
    void getCutoutsGivesOneFitsPerCoveringSurveyWithTheRecordedLayout() throws Exception {
        // astroquery 0.4.6 get_cutouts: POST x, y, units, ra, dec
        Map<String, byte[]> files = Cutouts.unzip(ok(post("x=7&y=5&units=px&ra=189.49206&dec=62.20615")));
        assertThat(files.keySet())
                .containsExactly(
                        "candels_gn_60mas_189.492060_62.206150_5.0pix-x-7.0pix_astrocut.fits",
                        "candels_gn_30mas_189.492060_62.206150_5.0pix-x-7.0pix_astrocut.fits",
                        "goods_north_189.492060_62.206150_5.0pix-x-7.0pix_astrocut.fits");
        int k = 0;
        for (byte[] file : files.values()) {
            DeepFields.Survey s = DeepFields.SURVEYS.get(k++);
            List<BasicHDU<?>> hdus = Cutouts.hdus(file);
            assertThat(hdus).hasSize(1 + s.mosaics().size());
            Header p = hdus.get(0).getHeader();
            assertThat(p.getBooleanValue("SIMPLE")).isTrue();
            assertThat(p.getIntValue("BITPIX")).isEqualTo(8);
            assertThat(p.getIntValue("NAXIS")).isZero();
            assertThat(p.getBooleanValue("EXTEND")).isTrue();
            assertThat(p.getStringValue("ORIGIN")).isEqualTo("STScI/MAST");
            assertThat(p.getStringValue("DATE")).isEqualTo("2020-12-01");
            assertThat(p.getStringValue("PROCVER")).isEqualTo("0.6");
            assertThat(p.getDoubleValue("RA_OBJ")).isEqualTo(189.49206);
            assertThat(p.getDoubleValue("DEC_OBJ")).isEqualTo(62.20615);
            for (int e = 1; e < hdus.size(); e++) {
                DeepFields.Mosaic m = s.mosaics().get(e - 1);
                Header h = hdus.get(e).getHeader();
                assertThat(h.getStringValue("XTENSION")).isEqualTo("IMAGE");
                assertThat(h.getStringValue("EXTNAME")).isEqualTo("CUTOUT");
                assertThat(h.getIntValue("BITPIX")).isEqualTo(-32);
                assertThat(h.getIntValue("NAXIS1")).isEqualTo(7);
                assertThat(h.getIntValue("NAXIS2")).isEqualTo(5);
                assertThat(h.getStringValue("CTYPE1")).isEqualTo("RA---TAN");
                assertThat(h.getStringValue("CTYPE2")).isEqualTo("DEC--TAN");
                assertThat(h.getDoubleValue("CD1_1")).isEqualTo(-s.scaleArcsec() / 3600);
                assertThat(h.getDoubleValue("CD2_2")).isEqualTo(s.scaleArcsec() / 3600);
                assertThat(h.getDoubleValue("CD1_2")).isZero();
                assertThat(h.getDoubleValue("CD2_1")).isZero();
                assertThat(h.getDoubleValue("CRVAL1")).isEqualTo(189.228621);
                assertThat(h.getDoubleValue("CRVAL2")).isEqualTo(62.238572);
                assertThat(h.getStringValue("ORIG_FLE")).isEqualTo(m.stem() + ".fits");
                assertThat(h.getStringValue("FILTER")).isEqualTo(m.filter());
                double crpix1 = h.getDoubleValue("CRPIX1");
                double crpix2 = h.getDoubleValue("CRPIX2");
                // the target falls in the middle pixel (column 3, row 2, 0-based)
                double[] t = Cutouts.pixelOf(
                        189.49206, 62.20615, 189.228621, 62.238572, crpix1, crpix2, -s.scale(), s.scale());
                assertThat(t[0]).isBetween(2.5, 3.5);
                assertThat(t[1]).isBetween(1.5, 2.5);
                // every pixel is the model's pixel of the mosaic window the WCS says it is
                long x0 = Math.round(s.crpix1() - crpix1);
                long y0 = Math.round(s.crpix2() - crpix2);
                float[][] data = (float[][]) hdus.get(e).getKernel();
                assertThat(data.length).isEqualTo(5);
                for (int j = 0; j < 5; j++) {
                    assertThat(data[j]).hasSize(7);
                    for (int i = 0; i < 7; i++) {
                        assertThat(data[j][i]).isEqualTo(MODEL.pixel(s, m, x0 + i, y0 + j));
                    }
                }
            }
        }
    }

    @Test
    void aBrightGalaxyOfTheModelIsTheBrightestPixelOfACutoutCentredOnIt() throws Exception {
        DeepFields.Survey s = DeepFields.survey("candels_gn_60mas").orElseThrow();
        DeepFields.Galaxy bright = null;
        for (long cx = -5; cx < 5 && bright == null; cx++) {
            for (DeepFields.Galaxy g : MODEL.galaxies(s.field(), cx, 3)) {
                if (g.peak() > 0.5 && g.sigma() * 3600 > 0.2) {
                    bright = g;
                }
            }
        }
        assertThat(bright).as("a bright galaxy near the GOODS-N centre").isNotNull();
        double[] radec = DeepFields.deproject(s.field(), bright.xi(), bright.eta());
        Map<String, byte[]> files = Cutouts.unzip(ok(get(String.format(
                java.util.Locale.ROOT, "ra=%s&dec=%s&y=9&x=9&units=px&survey=candels_gn_60mas", radec[0], radec[1]))));
        assertThat(files).hasSize(1);
        List<BasicHDU<?>> hdus = Cutouts.hdus(files.values().iterator().next());
        for (int e = 1; e < hdus.size(); e++) {
            float[][] data = (float[][]) hdus.get(e).getKernel();
            int bi = -1;
            int bj = -1;
            for (int j = 0; j < 9; j++) {
                for (int i = 0; i < 9; i++) {
                    if (bi < 0 || data[j][i] > data[bj][bi]) {
                        bi = i;
                        bj = j;
                    }
                }
            }
            assertThat(new int[] {bi, bj}).as("brightest pixel, extension " + e).containsExactly(4, 4);
        }
    }

    @Test
    void jpgAndPngHaveOneImagePerMosaicUnderBothFormatKeys() throws Exception {
        String q = RECORDED + "&y=100&x=80&units=px&survey=candels_gn_30mas";
        byte[] old = ok(get(q + "&format=jpg"));
        byte[] current = ok(get(q + "&cutout_format=jpg"));
        assertThat(current).isEqualTo(old);
        Map<String, byte[]> jpgs = Cutouts.unzip(old);
        assertThat(jpgs.keySet())
                .containsExactly(
                        "hlsp_candels_hst_acs_gn-tot-30mas_f606w_v1.0_drz_189.492060_62.206150_100.0pix-x-80.0pix_astrocut.jpg",
                        "hlsp_candels_hst_acs_gn-tot-30mas_f814w_v1.0_drz_189.492060_62.206150_100.0pix-x-80.0pix_astrocut.jpg",
                        "hlsp_candels_hst_acs_gn-tot-30mas_f850lp_v1.0_drz_189.492060_62.206150_100.0pix-x-80.0pix_astrocut.jpg");
        for (byte[] jpg : jpgs.values()) {
            assertThat(jpg[0] & 0xFF).isEqualTo(0xFF);
            assertThat(jpg[1] & 0xFF).isEqualTo(0xD8);
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(jpg));
            assertThat(img.getWidth()).isEqualTo(80);
            assertThat(img.getHeight()).isEqualTo(100);
            assertThat(img.getRaster().getNumBands()).isEqualTo(1);
        }
        Map<String, byte[]> pngs = Cutouts.unzip(ok(get(RECORDED + "&y=6&x=4&units=px&cutout_format=png")));
        assertThat(pngs).hasSize(3 + 3 + 4);
        List<String> expected = new ArrayList<>();
        for (String survey : List.of("candels_gn_60mas", "candels_gn_30mas", "goods_north")) {
            for (DeepFields.Mosaic m : DeepFields.survey(survey).orElseThrow().mosaics()) {
                expected.add(m.stem() + "_189.492060_62.206150_6.0pix-x-4.0pix_astrocut.png");
            }
        }
        assertThat(pngs.keySet()).containsExactlyElementsOf(expected);
        for (byte[] png : pngs.values()) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(new int[] {img.getWidth(), img.getHeight()}).containsExactly(4, 6);
            assertThat(img.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        }
    }

    @Test
    void thePngIsTheFitsCutoutNorthUpStretchedAndInvertable() throws Exception {
        String q = RECORDED + "&y=6&x=4&units=px&survey=goods_north";
        byte[] fits = Cutouts.unzip(ok(get(q))).values().iterator().next();
        float[][] data = (float[][]) Cutouts.hdus(fits).get(1).getKernel();
        byte[] png = Cutouts.unzip(ok(get(q + "&cutout_format=png&stretch=linear&minmax_value=[0.0, 0.05]")))
                .values()
                .iterator()
                .next();
        byte[] inverted = Cutouts.unzip(
                        ok(get(q + "&cutout_format=png&stretch=linear&minmax_value=[0.0, 0.05]&invert=True")))
                .values()
                .iterator()
                .next();
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        BufferedImage inv = ImageIO.read(new ByteArrayInputStream(inverted));
        for (int j = 0; j < 6; j++) {
            for (int i = 0; i < 4; i++) {
                double x = Math.min(1, Math.max(0, (data[j][i] - 0.0) / 0.05));
                // FITS row 1 is the image's bottom row
                assertThat(img.getRaster().getSample(i, 5 - j, 0)).isEqualTo((int) Math.floor(x * 255));
                assertThat(inv.getRaster().getSample(i, 5 - j, 0)).isEqualTo((int) Math.floor((1 - x) * 255));
            }
        }
        // astroquery's other image parameters are accepted as it sends them
        ok(get(q + "&format=jpg&stretch=sqrt&minmax_percent=[0.5, 99.5]&invert=False"));
    }

    @Test
    void theSameRequestGivesTheSameBytesByPostAndGet() throws Exception {
        byte[] a = ok(post("x=5&y=5&units=px&ra=189.49206&dec=62.20615"));
        byte[] b = ok(get(RECORDED + "&y=5&x=5&units=px"));
        byte[] c = ok(get(RECORDED + "&y=5&x=5&units=px&format=fits"));
        assertThat(b).isEqualTo(a);
        assertThat(c).isEqualTo(a);
        try (MastEmulator other = MastEmulator.builder().seed(SEED).scale(1.0).build()) {
            byte[] d = Http.get(other.baseUrl() + ZcutHandler.ASTROCUT_PATH + "?" + RECORDED + "&y=5&x=5&units=px")
                    .body();
            assertThat(d).as("another emulator with the same seed").isEqualTo(a);
        }
    }

    @Test
    void angularSizesAreDegreesOverEachSurveysPixelScale() throws Exception {
        // 0.003 degrees: 180 pixels at 60 mas, 360 at 30 mas
        Map<String, byte[]> files = Cutouts.unzip(ok(get(RECORDED + "&y=0.003&x=0.0015&units=d")));
        assertThat(files.keySet())
                .first()
                .isEqualTo("candels_gn_60mas_189.492060_62.206150_0.003deg-x-0.0015deg_astrocut.fits");
        int k = 0;
        for (byte[] file : files.values()) {
            DeepFields.Survey s = DeepFields.SURVEYS.get(k++);
            Header h = Cutouts.hdus(file).get(1).getHeader();
            int perDegree = (int) Math.round(3600 / s.scaleArcsec());
            assertThat(h.getIntValue("NAXIS1")).isEqualTo(perDegree * 15 / 10_000);
            assertThat(h.getIntValue("NAXIS2")).isEqualTo(perDegree * 3 / 1_000);
        }
    }

    @Test
    void noDataAndUnknownSurveysAnswer200WithAMessage() throws Exception {
        HttpResponse<byte[]> outside = get("ra=23.34086&dec=60.658&y=5&x=5&units=px");
        assertThat(outside.statusCode()).isEqualTo(200);
        assertThat(new String(outside.body()))
                .isEqualTo("{\"msg\":\"Target is not in an available deep field survey. Cutout not performed.\"}");
        // astroquery's remote test: candels_gn_30mas has nothing at (189.28066, 62.17415)
        HttpResponse<byte[]> notThere =
                post("x=5&y=5&units=px&ra=189.28065571&dec=62.17415175&survey=candels_gn_30mas");
        assertThat(notThere.statusCode()).isEqualTo(200);
        assertThat(Http.JSON.readTree(notThere.body()).path("msg").asText())
                .isEqualTo("Target is not in an available deep field survey. Cutout not performed.");
        assertThat(Cutouts.unzip(ok(post("x=5&y=5&units=px&ra=189.28065571&dec=62.17415175&survey=3dhst_goods-n")))
                        .keySet())
                .containsExactly("3dhst_goods-n_189.280656_62.174152_5.0pix-x-5.0pix_astrocut.fits");
        HttpResponse<byte[]> unknown = get(RECORDED + "&y=5&x=5&units=px&survey=hudf");
        assertThat(unknown.statusCode()).isEqualTo(200);
        assertThat(Http.JSON.readTree(unknown.body()).path("msg").asText())
                .isEqualTo("Unknown survey 'hudf': the surveys are candels_gn_60mas, candels_gn_30mas, goods_north,"
                        + " 3dhst_goods-n, candels_gs_60mas, candels_gs_30mas, goods_south, 3dhst_goods-s");
    }

    @Test
    void badParametersAre400NamingThemAndSizesAboveTheLimitNameIt() throws Exception {
        assertBad(
                get(RECORDED + "&y=5&x=5&units=arcsec"),
                "Invalid value 'arcsec' for parameter 'units': expected px (pixels) or d (degrees)");
        assertBad(
                get(RECORDED + "&y=5&x=5&units=px&cutout_format=gif"),
                "Invalid value 'gif' for parameter 'cutout_format': expected fits, jpg or png");
        assertBad(
                get(RECORDED + "&y=5&x=5&units=px&format=tiff"),
                "Invalid value 'tiff' for parameter 'format': expected fits, jpg or png");
        assertBad(
                get(RECORDED + "&y=0&x=5&units=px"),
                "Invalid value '0' for parameter 'y': the cutout size must be > 0");
        assertBad(get(RECORDED + "&y=5&units=px"), "Missing required parameter 'x'");
        assertBad(
                get(RECORDED + "&y=5&x=5&units=px&format=jpg&stretch=cubic"),
                "Invalid value 'cubic' for parameter 'stretch': expected one of [asinh, sinh, sqrt, log, linear]");
        assertBad(
                get(RECORDED + "&y=10001&x=5&units=px"),
                "Cutout size of 10001 pixels along y exceeds the limit of 10000 pixels per side");
        // 0.1 degrees is 6,000 pixels at 60 mas but 12,000 at 30 mas
        assertBad(
                get(RECORDED + "&y=0.001&x=0.1&units=d"),
                "Cutout size of 12000 pixels along x exceeds the limit of 10000 pixels per side");
        assertThat(ok(get(RECORDED + "&y=0.001&x=0.1&units=d&survey=candels_gn_60mas")))
                .isNotEmpty();
    }

    private static void assertBad(HttpResponse<byte[]> r, String msg) throws Exception {
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(400);
        assertThat(Http.JSON.readTree(r.body()).path("msg").asText()).isEqualTo(msg);
    }
}
