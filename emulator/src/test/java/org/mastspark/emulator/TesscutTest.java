package org.mastspark.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import nom.tam.fits.ImageHDU;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TESScut as a client sees it: sector lists (recorded and synthetic), bad input, moving targets, the zip of target
 * pixel files read back with nom-tam-fits, byte identity, the pixel limit and the No-FFIs answers.
 */
class TesscutTest {
    static final String API = "/tesscut/api/v0.1/";
    private static MastEmulator mast;

    @BeforeAll
    static void start() {
        // No rate limit here: these tests send requests back to back (CutoutLimitsTest covers the limits).
        mast = MastEmulator.builder().seed(7).scale(0.05).cutoutLimits(10, 0).build();
    }

    @AfterAll
    static void stop() {
        mast.close();
    }

    static HttpResponse<byte[]> get(String endpoint, String query) throws IOException, InterruptedException {
        return Http.get(mast.baseUrl() + API + endpoint + "?" + query);
    }

    static HttpResponse<byte[]> post(String endpoint, String form) throws IOException, InterruptedException {
        return Http.CLIENT.send(
                HttpRequest.newBuilder(URI.create(mast.baseUrl() + API + endpoint))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonNode json(HttpResponse<byte[]> r) throws IOException {
        return Http.JSON.readTree(r.body());
    }

    static List<String> names(JsonNode sectors) {
        List<String> out = new ArrayList<>();
        sectors.path("results").forEach(r -> out.add(r.path("sectorName").asText()));
        return out;
    }

    @Test
    void theRecordedPositionAnswersTheRecordedRow() throws Exception {
        HttpResponse<byte[]> r = post("sector", "ra=23.34086&dec=60.658&radius=0.0");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r))
                .isEqualTo(Http.JSON.readTree(Recorded.class.getResourceAsStream(Recorded.ROOT + "tess_sector.json")));
        assertThat(json(get("sector", "ra=23.34086&dec=60.658"))).isEqualTo(json(r));
    }

    @Test
    void aSyntheticPositionAnswersEveryCcdHoldingItWithZeroPaddedSectors() throws Exception {
        // The south ecliptic pole: camera 4's boresight in every southern sector, at pixel (0, 0), CCD 4.
        HttpResponse<byte[]> r = get("sector", "ra=90.0&dec=-66.5607089&radius=0d");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode first = json(r).path("results").get(0);
        assertThat(first.toString())
                .isEqualTo("{\"sectorName\":\"tess-s0001-4-4\",\"sector\":\"0001\",\"camera\":\"4\",\"ccd\":\"4\"}");
        List<String> expected = new ArrayList<>();
        for (int year : new int[] {0, 2, 4, 6}) {
            for (int s = 1; s <= 13; s++) {
                expected.add(String.format("tess-s%04d-4-4", 13 * year + s));
            }
        }
        assertThat(names(json(r))).containsExactlyElementsOf(expected);
        // The ecliptic is never observed.
        assertThat(new String(post("sector", "ra=0.0&dec=0.0&radius=0.0").body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"results\":[]}");
    }

    @Test
    void radiusUnitsAreDegreesArcsecArcminAndPixels() throws Exception {
        // 0.21 deg from sector 6's camera-1/camera-2 gap point reaches no CCD; 0.23 deg reaches four per sector
        // (TessFootprintsTest derives the distances). The same radius in each unit gives the same answer.
        double[] gap = equatorial((315.8 + 5 * 360.0 / 13) % 360, -30);
        String at = "ra=" + gap[0] + "&dec=" + gap[1];
        assertThat(names(json(get("sector", at + "&radius=0.21")))).isEmpty();
        List<String> wide = names(json(get("sector", at + "&radius=0.23d")));
        assertThat(wide).hasSize(16).startsWith("tess-s0006-1-3", "tess-s0006-1-4", "tess-s0006-2-1");
        assertThat(names(json(get("sector", at + "&radius=828s")))).isEqualTo(wide);
        assertThat(names(json(get("sector", at + "&radius=13.8m")))).isEqualTo(wide);
        // 40 px of 21 arcsec = 0.2333 deg
        assertThat(names(json(get("sector", at + "&radius=40px")))).isEqualTo(wide);
    }

    @Test
    void badInputIsA400NamingTheParameterAndTheFix() throws Exception {
        HttpResponse<byte[]> r = get("sector", "ra=10&dec=20&radius=5x");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("msg").asText())
                .isEqualTo("Invalid value '5x' for parameter 'radius': expected a number of degrees with an optional"
                        + " unit d (degrees), s (arcsec), m (arcmin) or px (21-arcsec pixels), such as '0.2d', '30s',"
                        + " '2m' or '5px'");
        assertThat(json(post("sector", "dec=20")).path("msg").asText()).isEqualTo("Missing required parameter 'ra'");
        assertThat(json(get("sector", "ra=10&dec=91")).path("msg").asText())
                .isEqualTo("Invalid value '91' for parameter 'dec': expected degrees from -90 to 90");
        HttpResponse<byte[]> units = get("astrocut", "ra=90&dec=-66.56&y=5&x=5&units=arcsec");
        assertThat(units.statusCode()).isEqualTo(400);
        assertThat(json(units).path("msg").asText())
                .isEqualTo("Invalid value 'arcsec' for parameter 'units': expected px (pixels) or d (degrees)");
        assertThat(json(get("astrocut", "ra=90&dec=-66.56&y=0&x=5&units=px"))
                        .path("msg")
                        .asText())
                .isEqualTo("Invalid value '0' for parameter 'y': expected a size above 0, in the unit of 'units'"
                        + " (px or d)");
        assertThat(json(get("astrocut", "ra=90&dec=-66.56&y=5&x=5&units=px&sector=abc"))
                        .path("msg")
                        .asText())
                .isEqualTo("Invalid value 'abc' for parameter 'sector': expected a sector number such as 14,"
                        + " repeated or as a list such as [28, 68]");
        assertThat(json(get("astrocut", "ra=90&dec=-66.56&y=5&x=5&units=px&product=TICA"))
                        .path("msg")
                        .asText())
                .isEqualTo("Invalid value 'TICA' for parameter 'product': only SPOC is served");
    }

    @Test
    void movingTargetsAnswerTheirSectorsAndUnknownNamesA400() throws Exception {
        HttpResponse<byte[]> r = post("moving_target/sector", "obj_id=Eleonora");
        assertThat(r.statusCode()).isEqualTo(200);
        // astroquery's remote test: Eleonora's first row is tess-s0006-1-1.
        assertThat(json(r).path("results").get(0).toString())
                .isEqualTo("{\"sectorName\":\"tess-s0006-1-1\",\"sector\":\"0006\",\"camera\":\"1\",\"ccd\":\"1\"}");
        // The astroquery docs' example: Ceres in sectors 29, 43, 44, 92, 97.
        List<Integer> ceres = new ArrayList<>();
        json(post("moving_target/sector", "obj_id=Ceres&obj_type=small_body"))
                .path("results")
                .forEach(x -> ceres.add(x.path("sector").asInt()));
        assertThat(ceres).containsExactly(29, 43, 44, 92, 97);
        HttpResponse<byte[]> unknown = post("moving_target/sector", "obj_id=Nobody");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).path("msg").asText())
                .isEqualTo("Could not resolve 'Nobody' to a majorbody or smallbody moving target (JPL Horizons)");
        assertThat(json(post("moving_target/sector", "obj_id=Ceres&obj_type=majorbody"))
                        .path("msg")
                        .asText())
                .isEqualTo("Could not resolve 'Ceres' to a majorbody moving target (JPL Horizons)");
    }

    /** The members of a zip: name to bytes, in order; every member deflated. */
    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                assertThat(e.getMethod()).as(e.getName()).isEqualTo(ZipEntry.DEFLATED);
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    static BasicHDU<?>[] read(byte[] file) throws Exception {
        try (Fits fits = new Fits(new ByteArrayInputStream(file))) {
            BasicHDU<?>[] hdus = fits.read();
            for (BasicHDU<?> h : hdus) {
                if (h instanceof BinaryTableHDU t) {
                    t.getData().getData();
                } else if (h instanceof ImageHDU im) {
                    im.getKernel();
                }
            }
            return hdus;
        }
    }

    @Test
    void astrocutAnswersAZipWithOneTargetPixelFilePerSectorInAstrocut12Names() throws Exception {
        // astroquery 0.4.6 GET order (ra, dec, y, x, units, sector as a Python list) and the newer POST order.
        HttpResponse<byte[]> get = get("astrocut", "ra=107.27&dec=-70.0&y=5&x=7&units=px&sector=[1,%2028]");
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.headers().firstValue("Content-Type")).hasValue("application/zip");
        // Streamed: a large cutout is never whole in the emulator's memory.
        assertThat(get.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        assertThat(get.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=astrocut_107.2700000_-70.0000000_5-x-7.zip");
        Map<String, byte[]> members = unzip(get.body());
        assertThat(members.keySet())
                .containsExactly(
                        "tess-s0001-4-3_107.2700000_-70.0000000_5-x-7_astrocut.fits",
                        "tess-s0028-4-3_107.2700000_-70.0000000_5-x-7_astrocut.fits");
        HttpResponse<byte[]> post =
                post("astrocut", "x=7&y=5&units=px&sector=1&sector=28&product=SPOC&ra=107.27&dec=-70.0");
        assertThat(post.body()).isEqualTo(get.body());
        assertThat(get("astrocut", "ra=107.27&dec=-70.0&y=5&x=7&units=px&sector=[1,%2028]")
                        .body())
                .as("the same request gives the same bytes")
                .isEqualTo(get.body());
        // Without sector: every sector holding the position (here 52), with sizes in degrees named as sent.
        Map<String, byte[]> all = unzip(
                get("astrocut", "ra=107.27&dec=-70.0&y=0.01&x=0.01&units=d").body());
        assertThat(all).hasSize(52);
        assertThat(all.keySet().iterator().next())
                .isEqualTo("tess-s0001-4-3_107.2700000_-70.0000000_0.01deg-x-0.01deg_astrocut.fits");
    }

    @Test
    void keptAnswersAreTheCutBytesAnsweredAgainFromTheirFile(@TempDir Path dir) throws Exception {
        String query = "ra=107.27&dec=-70.0&y=5&x=7&units=px&sector=[1,%2028]";
        byte[] cut = get("astrocut", query).body();
        try (MastEmulator kept = MastEmulator.builder()
                .seed(7)
                .scale(0.05)
                .cutoutLimits(10, 0)
                .cutoutAnswers(dir)
                .build()) {
            String url = kept.baseUrl() + API + "astrocut?" + query;
            HttpResponse<byte[]> first = Http.get(url);
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("Content-Disposition"))
                    .hasValue("attachment; filename=astrocut_107.2700000_-70.0000000_5-x-7.zip");
            assertThat(first.body()).as("the kept answer is the cut one").isEqualTo(cut);
            List<Path> files;
            try (var list = Files.list(dir)) {
                files = list.toList();
            }
            assertThat(files).hasSize(1);
            assertThat(files.get(0).getFileName().toString()).matches("tesscut-[0-9a-f]{64}\\.zip");
            assertThat(Files.readAllBytes(files.get(0))).isEqualTo(cut);
            // The same cutout asked in other words (POST, another order) is the same answer, from the file.
            Files.write(files.get(0), "kept".getBytes(StandardCharsets.US_ASCII));
            HttpResponse<byte[]> again = Http.CLIENT.send(
                    HttpRequest.newBuilder(URI.create(kept.baseUrl() + API + "astrocut"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "x=7&y=5&units=px&sector=1&sector=28&product=SPOC&ra=107.27&dec=-70.0"))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(new String(again.body(), StandardCharsets.US_ASCII)).isEqualTo("kept");
            // Another cutout is cut, kept beside it.
            assertThat(unzip(Http.get(kept.baseUrl() + API + "astrocut?ra=107.27&dec=-70.0&y=5&x=5&units=px&sector=1")
                                    .body())
                            .keySet())
                    .containsExactly("tess-s0001-4-3_107.2700000_-70.0000000_5-x-5_astrocut.fits");
            try (var list = Files.list(dir)) {
                assertThat(list.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".zip")))
                        .hasSize(2);
            }
        }
    }

    @Test
    void theTargetPixelFileHasTheDocumentedStructure() throws Exception {
        byte[] zip =
                get("astrocut", "ra=107.27&dec=-70.0&y=5&x=7&units=px&sector=1").body();
        byte[] file = unzip(zip).values().iterator().next();
        BasicHDU<?>[] hdus = read(file);
        assertThat(hdus).hasSize(3);
        Header p = hdus[0].getHeader();
        assertThat(p.getStringValue("ORIGIN")).isEqualTo("STScI/MAST");
        assertThat(p.getStringValue("CREATOR")).isEqualTo("astrocut");
        assertThat(p.getStringValue("TELESCOP")).isEqualTo("TESS");
        assertThat(p.getStringValue("FFI_TYPE")).isEqualTo("SPOC");
        assertThat(p.getIntValue("SECTOR")).isEqualTo(1);
        assertThat(p.getIntValue("CAMERA")).isEqualTo(4);
        assertThat(p.getIntValue("CCD")).isEqualTo(3);
        assertThat(p.getDoubleValue("RA_OBJ")).isEqualTo(107.27);
        assertThat(p.getDoubleValue("DEC_OBJ")).isEqualTo(-70.0);
        assertThat(p.getDoubleValue("TSTART")).isEqualTo(1325.29);
        assertThat(p.getDoubleValue("TSTOP")).isCloseTo(1325.29 + 1266 / 48.0 + 1.0, within(1e-9));
        assertThat(p.getIntValue("BJDREFI")).isEqualTo(2457000);
        assertThat(p.getStringValue("TIMESYS")).isEqualTo("TDB");
        assertThat(p.getIntValue("NEXTEND")).isEqualTo(2);

        BinaryTableHDU t = (BinaryTableHDU) hdus[1];
        Header h = t.getHeader();
        assertThat(h.getStringValue("EXTNAME")).isEqualTo("PIXELS");
        assertThat(h.getIntValue("NAXIS1")).isEqualTo(66 + 20 * 35);
        assertThat(h.getIntValue("NAXIS2")).isEqualTo(1266);
        String[] ttype = {
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
            "POS_CORR2",
            "FFI_FILE"
        };
        String[] tform = {"D", "E", "J", "35J", "35E", "35E", "35E", "35E", "J", "E", "E", "38A"};
        String[] tunit = {
            "BJD - 2457000, days", "d", null, "count", "e-/s", "e-/s", "e-/s", "e-/s", null, "pixel", "pixel", "pixel"
        };
        assertThat(h.getIntValue("TFIELDS")).isEqualTo(12);
        for (int k = 1; k <= 12; k++) {
            assertThat(h.getStringValue("TTYPE" + k)).isEqualTo(ttype[k - 1]);
            assertThat(h.getStringValue("TFORM" + k)).isEqualTo(tform[k - 1]);
            assertThat(h.getStringValue("TUNIT" + k)).isEqualTo(tunit[k - 1]);
            assertThat(h.getStringValue("TDIM" + k)).isEqualTo(k >= 4 && k <= 8 ? "(7, 5)" : null);
        }
        assertThat(h.getIntValue("TNULL4")).isEqualTo(-1);
        assertThat(h.getIntValue("SECTOR")).as("inherited").isEqualTo(1);
        assertThat(h.getStringValue("ORIGIN")).as("inherited").isEqualTo("STScI/MAST");

        for (int row : new int[] {0, 632, 633, 1265}) {
            double expectedTime = 1325.29 + (row + 0.5) / 48 + (row >= 633 ? 1.0 : 0);
            assertThat((double) ((double[]) t.getElement(row, 0))[0]).isCloseTo(expectedTime, within(1e-9));
            assertThat(flatInts(t.getElement(row, 2))).containsOnly(0);
            assertThat(flatInts(t.getElement(row, 3))).hasSize(35).containsOnly(-1);
            assertThat(flatFloats(t.getElement(row, 6))).hasSize(35).containsOnly(0f);
            assertThat(flatFloats(t.getElement(row, 7))).hasSize(35).containsOnly(0f);
            String ffi = text(t.getElement(row, 11));
            assertThat(ffi).hasSize(38).matches("tess2018\\d{9}-s0001-4-3-0120-s_ffi");
        }
        int flagged = 0;
        for (int row = 0; row < 1266; row++) {
            int q = flatInts(t.getElement(row, 8))[0];
            assertThat(q).isIn(0, 32);
            flagged += q == 32 ? 1 : 0;
        }
        assertThat(flagged).as("a desaturation every 150 cadences").isEqualTo(8);

        ImageHDU a = (ImageHDU) hdus[2];
        Header ah = a.getHeader();
        assertThat(ah.getStringValue("EXTNAME")).isEqualTo("APERTURE");
        assertThat(ah.getIntValue("BITPIX")).isEqualTo(32);
        assertThat(ah.getIntValue("NAXIS1")).isEqualTo(7);
        assertThat(ah.getIntValue("NAXIS2")).isEqualTo(5);
        assertThat(ah.getStringValue("CTYPE1")).isEqualTo("RA---TAN");
        assertThat(ah.getStringValue("CTYPE2")).isEqualTo("DEC--TAN");
        assertThat(ah.getDoubleValue("WCS_MSEP")).isEqualTo(0.0);
        // Far from the CCD's edges: every pixel is on it.
        assertThat(Arrays.stream((int[][]) a.getKernel()).flatMapToInt(Arrays::stream))
                .containsOnly(1);
    }

    @Test
    void brightStarsAreWhereTheSkyHasThemWithTheirFlux() throws Exception {
        // The brightest TIC star within a degree of (107.27, -70) that has no star within 4 magnitudes of it within
        // 5 arcmin: an 11 x 11 cutout centred on it has it in the centre pixel, and its flux (15,000 e-/s at Tmag
        // 10, README) over the background.
        List<double[]> stars = mast.sky().ticStarsInCone(107.27, -70.0, 1.0);
        double[] star = null;
        for (double[] s : stars) {
            boolean alone = stars.stream()
                    .noneMatch(o -> o != s
                            && o[2] < s[2] + 4
                            && org.mastspark.emulator.sky.SyntheticSky.separation(s[0], s[1], o[0], o[1]) < 5.0 / 60);
            if (alone && (star == null || s[2] < star[2])) {
                star = s;
            }
        }
        assertThat(star).isNotNull();
        assertThat(star[2]).isLessThan(12);
        byte[] zip = get("astrocut", "ra=" + star[0] + "&dec=" + star[1] + "&y=11&x=11&units=px&sector=1")
                .body();
        BasicHDU<?>[] hdus = read(unzip(zip).values().iterator().next());
        BinaryTableHDU t = (BinaryTableHDU) hdus[1];
        float[] flux = flatFloats(t.getElement(100, 4));
        int brightest = 0;
        for (int k = 0; k < flux.length; k++) {
            brightest = flux[k] > flux[brightest] ? k : brightest;
        }
        // astrocut's limits round the centre, so the star is in one of the four central pixels: the one the
        // APERTURE WCS (gnomonic formulas here) puts it in.
        double[] p = worldToPixel(hdus[2].getHeader(), star[0], star[1]);
        int column = (int) Math.round(p[0] - 1);
        int row = (int) Math.round(p[1] - 1);
        assertThat(column).isBetween(5, 6);
        assertThat(row).isBetween(5, 6);
        assertThat(brightest).isEqualTo(row * 11 + column);
        float[] corners = {flux[0], flux[10], flux[110], flux[120]};
        Arrays.sort(corners);
        double background = (corners[1] + corners[2]) / 2;
        double total = 0;
        for (float f : flux) {
            total += f - background;
        }
        double expected = 15_000 * Math.pow(10, -0.4 * (star[2] - 10));
        assertThat(total).isCloseTo(expected, within(expected * 0.05 + 121 * 5));
    }

    @Test
    void cutoutsOverTheLimitOf10000PixelsAreRefused() throws Exception {
        HttpResponse<byte[]> r = get("astrocut", "ra=107.27&dec=-70.0&y=101&x=100&units=px&sector=1");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("msg").asText())
                .isEqualTo("Cutout of 101 x 100 = 10100 pixels exceeds the limit of 10000 pixels per cutout: request a"
                        + " smaller y and x (for example y=100&x=100&units=px)");
        // 0.6 deg = 102.9 px: 103 x 103 pixels
        assertThat(get("astrocut", "ra=107.27&dec=-70.0&y=0.6&x=0.6&units=d&sector=1")
                        .statusCode())
                .isEqualTo(400);
        assertThat(get("astrocut", "ra=107.27&dec=-70.0&y=100&x=100&units=px&sector=1")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void noCoverageIsA200WithTheNoFfisMessage() throws Exception {
        String expected = "{\"msg\":\"No FFIs found for input target. Cutout not performed.\"}";
        HttpResponse<byte[]> ecliptic = get("astrocut", "ra=0.0&dec=0.0&y=5&x=5&units=px");
        assertThat(ecliptic.statusCode()).isEqualTo(200);
        assertThat(new String(ecliptic.body(), StandardCharsets.UTF_8)).isEqualTo(expected);
        // A sector that does not hold the position.
        assertThat(new String(
                        get("astrocut", "ra=107.27&dec=-70.0&y=5&x=5&units=px&sector=14")
                                .body(),
                        StandardCharsets.UTF_8))
                .isEqualTo(expected);
        assertThat(new String(
                        post("moving_target/astrocut", "obj_id=Eleonora&y=5&x=5&units=px&sector=7")
                                .body(),
                        StandardCharsets.UTF_8))
                .isEqualTo(expected);
    }

    @Test
    void movingTargetCutoutsArePathFocusedFilesPerSector() throws Exception {
        HttpResponse<byte[]> r = get("moving_target/astrocut", "obj_id=Eleonora&y=5&x=5&units=px");
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, byte[]> members = unzip(r.body());
        assertThat(members.keySet())
                .containsExactly(
                        "Eleonora_1462.29-1489.665_5-x-5_astrocut.fits",
                        "Eleonora_2202.09-2229.465_5-x-5_astrocut.fits");
        BasicHDU<?>[] hdus = read(members.values().iterator().next());
        assertThat(hdus).hasSize(2);
        Header p = hdus[0].getHeader();
        assertThat(p.getStringValue("OBJECT")).isEqualTo("Eleonora");
        assertThat(p.containsKey("RA_OBJ")).isFalse();
        assertThat(p.getIntValue("SECTOR")).isEqualTo(6);
        BinaryTableHDU t = (BinaryTableHDU) hdus[1];
        assertThat(t.getHeader().getIntValue("TFIELDS")).isEqualTo(16);
        assertThat(t.getHeader().getStringValue("TTYPE13")).isEqualTo("TGT_X");
        assertThat(t.getHeader().getStringValue("TTYPE16")).isEqualTo("TGT_DEC");
        assertThat(t.getHeader().getIntValue("NAXIS1")).isEqualTo(66 + 20 * 25 + 32);
        // The target is in one of the four central pixels of every row (the cutout limits round its position), and
        // its position follows the model's path.
        for (int row : new int[] {0, 700, 1265}) {
            float[] flux = flatFloats(t.getElement(row, 4));
            int brightest = 0;
            for (int k = 0; k < flux.length; k++) {
                brightest = flux[k] > flux[brightest] ? k : brightest;
            }
            assertThat(brightest).isIn(12, 13, 17, 18);
            double ra = ((double[]) t.getElement(row, 14))[0];
            double dec = ((double[]) t.getElement(row, 15))[0];
            assertThat(org.mastspark.emulator.sky.TessFootprints.locate(ra, dec).stream()
                            .map(x -> x.ccd().sectorName()))
                    .contains("tess-s0006-1-1");
        }
        assertThat(get("moving_target/astrocut", "obj_id=Eleonora&y=5&x=5&units=px")
                        .body())
                .isEqualTo(r.body());
    }

    @Test
    void faultsTurnTheNextCutoutsIntoNoFfisAnswersAndGatewayTimeouts() throws Exception {
        String q = "ra=107.27&dec=-70.0&y=3&x=3&units=px&sector=1";
        String noFfis = "{\"msg\":\"No FFIs found for input target. Cutout not performed.\"}";
        try {
            mast.faults().noFfisNext(2);
            for (int k = 0; k < 2; k++) {
                HttpResponse<byte[]> r = get("astrocut", q);
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(noFfis);
            }
            assertThat(mast.faults().noFfisLeft()).isZero();
            assertThat(get("astrocut", q).headers().firstValue("Content-Type")).hasValue("application/zip");

            mast.faults().gatewayTimeoutNext(1);
            HttpResponse<byte[]> timeout = get("astrocut", q);
            assertThat(timeout.statusCode()).isEqualTo(504);
            assertThat(new String(timeout.body(), StandardCharsets.US_ASCII)).contains("504 Gateway Time-out");
            assertThat(get("astrocut", q).statusCode()).isEqualTo(200);
        } finally {
            mast.faults().reset();
        }
    }

    /** FITS pixel coordinates (1-based) of (ra, dec) under a linear TAN WCS header (CDELT 1, PC in degrees). */
    static double[] worldToPixel(Header h, double ra, double dec) {
        double a0 = Math.toRadians(h.getDoubleValue("CRVAL1"));
        double d0 = Math.toRadians(h.getDoubleValue("CRVAL2"));
        double a = Math.toRadians(ra);
        double d = Math.toRadians(dec);
        double cosc = Math.sin(d0) * Math.sin(d) + Math.cos(d0) * Math.cos(d) * Math.cos(a - a0);
        double xi = Math.toDegrees(Math.cos(d) * Math.sin(a - a0) / cosc);
        double eta =
                Math.toDegrees((Math.cos(d0) * Math.sin(d) - Math.sin(d0) * Math.cos(d) * Math.cos(a - a0)) / cosc);
        double p11 = h.getDoubleValue("PC1_1");
        double p12 = h.getDoubleValue("PC1_2");
        double p21 = h.getDoubleValue("PC2_1");
        double p22 = h.getDoubleValue("PC2_2");
        double det = p11 * p22 - p12 * p21;
        return new double[] {
            h.getDoubleValue("CRPIX1") + (p22 * xi - p12 * eta) / det,
            h.getDoubleValue("CRPIX2") + (-p21 * xi + p11 * eta) / det
        };
    }

    /** Equatorial {ra, dec} of ecliptic (lambda, beta), degrees (Meeus 13.3-13.4, obliquity 23.4392911). */
    static double[] equatorial(double lambda, double beta) {
        double eps = Math.toRadians(23.4392911);
        double l = Math.toRadians(lambda);
        double b = Math.toRadians(beta);
        double ra = Math.toDegrees(Math.atan2(Math.sin(l) * Math.cos(eps) - Math.tan(b) * Math.sin(eps), Math.cos(l)));
        double dec = Math.asin(Math.sin(b) * Math.cos(eps) + Math.cos(b) * Math.sin(eps) * Math.sin(l));
        return new double[] {ra < 0 ? ra + 360 : ra, Math.toDegrees(dec)};
    }

    static int[] flatInts(Object o) {
        if (o instanceof int[] a) {
            return a;
        }
        return Arrays.stream((int[][]) o).flatMapToInt(Arrays::stream).toArray();
    }

    static float[] flatFloats(Object o) {
        if (o instanceof float[] a) {
            return a;
        }
        float[][] m = (float[][]) o;
        float[] out = new float[m.length * m[0].length];
        for (int j = 0; j < m.length; j++) {
            System.arraycopy(m[j], 0, out, j * m[0].length, m[0].length);
        }
        return out;
    }

    static String text(Object o) {
        if (o instanceof String s) {
            return s;
        }
        if (o instanceof String[] a) {
            return a[0];
        }
        return new String((byte[]) o, StandardCharsets.US_ASCII);
    }
}
