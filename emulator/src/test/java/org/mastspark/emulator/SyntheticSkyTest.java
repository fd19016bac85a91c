package org.mastspark.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mastspark.emulator.sky.ProductFile;
import org.mastspark.emulator.sky.SyntheticSky;

/**
 * Cones and filters served over HTTP equal a brute-force evaluation over every synthetic observation
 * (read row by row from {@link SyntheticSky#observation}); products carry valid, deterministic files.
 */
class SyntheticSkyTest {
    private static MastEmulator mast;
    private static List<Map<String, Object>> all;

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(5).scale(0.01).build();
        all = new java.util.ArrayList<>();
        for (long i = 0; i < mast.sky().observationCount(); i++) {
            all.add(mast.sky().observation(i));
        }
    }

    @AfterAll
    static void stop() {
        mast.close();
    }

    private static double sep(double ra1, double dec1, double ra2, double dec2) {
        double x = Math.sin(Math.toRadians(dec1)) * Math.sin(Math.toRadians(dec2))
                + Math.cos(Math.toRadians(dec1)) * Math.cos(Math.toRadians(dec2)) * Math.cos(Math.toRadians(ra1 - ra2));
        double y = Math.hypot(
                Math.cos(Math.toRadians(dec2)) * Math.sin(Math.toRadians(ra2 - ra1)),
                Math.cos(Math.toRadians(dec1)) * Math.sin(Math.toRadians(dec2))
                        - Math.sin(Math.toRadians(dec1))
                                * Math.cos(Math.toRadians(dec2))
                                * Math.cos(Math.toRadians(ra2 - ra1)));
        return Math.toDegrees(Math.atan2(y, x));
    }

    private static Set<String> expected(Predicate<Map<String, Object>> keep) {
        Set<String> ids = new HashSet<>();
        for (Map<String, Object> o : all) {
            if (keep.test(o)) {
                ids.add(o.get("obsid").toString());
            }
        }
        return ids;
    }

    private static Set<String> served(String service, String params) throws Exception {
        JsonNode r = Http.invokeJson(mast.baseUrl(), Http.request(service, params, 100_000, 1, null));
        assertThat(r.path("status").asText()).isEqualTo("COMPLETE");
        Set<String> ids = new HashSet<>();
        r.path("data").forEach(o -> ids.add(o.path("obsid").asText()));
        assertThat(ids).hasSize(r.path("data").size());
        return ids;
    }

    @ParameterizedTest(name = "cone {0} {1} r={2}")
    @CsvSource({
        "210.802429, 54.34875, 0.5",
        "10.684708, 41.26875, 1.0",
        "0.2, 0.1, 3.0",
        "359.9, -10, 4.0",
        "45, 89.5, 2.0",
        "200, -88, 5.0",
        "80.89417, -69.75611, 1.5"
    })
    void conesEqualABruteForceScan(double ra, double dec, double radius) throws Exception {
        Set<String> want = expected(o -> sep(ra, dec, (Double) o.get("s_ra"), (Double) o.get("s_dec")) <= radius);
        assertThat(served("Mast.Caom.Cone", "{\"ra\": " + ra + ", \"dec\": " + dec + ", \"radius\": " + radius + "}"))
                .isEqualTo(want);
    }

    @Test
    void coneDistanceIsTheSeparationInArcsec() throws Exception {
        JsonNode r = Http.invokeJson(
                mast.baseUrl(),
                Http.request(
                        "Mast.Caom.Cone",
                        "{\"ra\": 210.802429, \"dec\": 54.34875, \"radius\": 0.5}",
                        100_000,
                        1,
                        null));
        assertThat(r.path("data").size()).isGreaterThan(5);
        for (JsonNode o : r.path("data")) {
            assertThat(o.path("distance").asDouble())
                    .isCloseTo(
                            sep(
                                            210.802429,
                                            54.34875,
                                            o.path("s_ra").asDouble(),
                                            o.path("s_dec").asDouble())
                                    * 3600,
                            within(1e-6));
        }
    }

    @Test
    void discreteFreeTextAndRangeFiltersEqualABruteForceScan() throws Exception {
        String params =
                "{\"columns\": \"*\", \"filters\": [{\"paramName\": \"obs_collection\", \"values\": [\"hst\", \"JWST\"]},"
                        + " {\"paramName\": \"instrument_name\", \"values\": [], \"freeText\": \"%C%\"},"
                        + " {\"paramName\": \"t_exptime\", \"values\": [{\"min\": 100, \"max\": 2000}]}]}";
        Set<String> want = expected(o -> (o.get("obs_collection").equals("HST")
                        || o.get("obs_collection").equals("JWST"))
                && o.get("instrument_name").toString().toUpperCase().contains("C")
                && (Double) o.get("t_exptime") >= 100
                && (Double) o.get("t_exptime") <= 2000);
        assertThat(want).hasSizeGreaterThan(20);
        assertThat(served("Mast.Caom.Filtered", params)).isEqualTo(want);
    }

    @Test
    void separatorFiltersMatchAnyPartOfMultiValuedCells() throws Exception {
        String params =
                "{\"columns\": \"*\", \"filters\": [{\"paramName\": \"filters\", \"separator\": \";\", \"values\": [\"F814W\"]}]}";
        Set<String> want =
                expected(o -> List.of(o.get("filters").toString().split(";")).contains("F814W"));
        assertThat(want)
                .anyMatch(id -> all.stream()
                        .anyMatch(o -> o.get("obsid").toString().equals(id)
                                && o.get("filters").toString().contains(";")));
        assertThat(served("Mast.Caom.Filtered", params)).isEqualTo(want);
    }

    @Test
    void positionAndFiltersCombine() throws Exception {
        String params =
                "{\"columns\": \"*\", \"filters\": [{\"paramName\": \"calib_level\", \"values\": [\"2\", \"3\"]}],"
                        + " \"position\": \"10.684708, 41.26875, 1.2\"}";
        Set<String> want =
                expected(o -> sep(10.684708, 41.26875, (Double) o.get("s_ra"), (Double) o.get("s_dec")) <= 1.2
                        && ((Integer) o.get("calib_level") == 2 || (Integer) o.get("calib_level") == 3));
        assertThat(want).hasSizeGreaterThan(10);
        assertThat(served("Mast.Caom.Filtered.Position", params)).isEqualTo(want);
    }

    @Test
    void columnsSelectsColumnsInTheGivenOrder() throws Exception {
        JsonNode r = Http.invokeJson(
                mast.baseUrl(),
                Http.request(
                        "Mast.Caom.Filtered",
                        "{\"columns\": \"obsid,s_dec\", \"filters\": [{\"paramName\": \"s_dec\", \"values\": [{\"min\": 1, \"max\": 2}]}]}",
                        10,
                        1,
                        null));
        assertThat(r.path("fields").toString())
                .isEqualTo("[{\"name\":\"obsid\",\"type\":\"string\"},{\"name\":\"s_dec\",\"type\":\"float\"}]");
        assertThat(r.path("data").get(0).size()).isEqualTo(2);
    }

    @Test
    void theSameSeedGivesTheSameSkyAndAnotherSeedAnother() {
        SyntheticSky again = new SyntheticSky(5, 0.01);
        SyntheticSky other = new SyntheticSky(6, 0.01);
        assertThat(again.observation(123)).isEqualTo(all.get(123));
        assertThat(other.observation(123)).isNotEqualTo(all.get(123));
    }

    @Test
    void productFilesAreValidFitsOfTheListedSizeAndDeterministic() throws Exception {
        long obsid = Long.parseLong(all.get(77).get("obsid").toString());
        List<Map<String, Object>> products = mast.sky().productsOf(obsid);
        assertThat(products).hasSizeBetween(3, 10);
        for (Map<String, Object> p : products) {
            String uri = (String) p.get("dataURI");
            ProductFile f = mast.sky().product(uri).orElseThrow();
            assertThat(f.size()).isEqualTo((Long) p.get("size"));
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            f.write(0, f.size(), whole);
            assertThat(whole.size()).isEqualTo((int) f.size());
            ByteArrayOutputStream parts = new ByteArrayOutputStream();
            long cut = f.size() / 3;
            f.write(0, cut, parts);
            f.write(cut, f.size(), parts);
            assertThat(parts.toByteArray()).isEqualTo(whole.toByteArray());
            if (uri.endsWith(".fits")) {
                assertThat(f.size() % 2880).isZero();
                String header = new String(whole.toByteArray(), 0, 2880, StandardCharsets.US_ASCII);
                assertThat(header).startsWith("SIMPLE  =                    T");
                assertThat(header).contains("NAXIS1  = " + String.format("%20d", f.size() - 2880));
                assertThat(header).contains("END     ");
            }
        }
    }

    @Test
    void catalogConesHoldOnlySourcesInsideAndGaiaCounterpartsSitWithinOneArcsec() throws Exception {
        JsonNode tic = Http.invokeJson(
                mast.baseUrl(),
                Http.request(
                        "Mast.Catalogs.Tic.Cone", "{\"ra\": 150.1, \"dec\": 2.2, \"radius\": 1.0}", 100_000, 1, null));
        JsonNode gaia = Http.invokeJson(
                mast.baseUrl(),
                Http.request(
                        "Mast.Catalogs.GaiaDR3.Cone",
                        "{\"ra\": 150.1, \"dec\": 2.2, \"radius\": 1.01}",
                        100_000,
                        1,
                        null));
        assertThat(tic.path("data").size()).isGreaterThan(10);
        Map<String, JsonNode> gaiaById = new java.util.HashMap<>();
        gaia.path("data").forEach(g -> gaiaById.put(g.path("source_id").asText(), g));
        int matched = 0;
        for (JsonNode star : tic.path("data")) {
            assertThat(sep(
                            150.1,
                            2.2,
                            star.path("ra").asDouble(),
                            star.path("dec").asDouble()))
                    .isLessThanOrEqualTo(1.0);
            assertThat(star.path("dstArcSec").asDouble())
                    .isCloseTo(
                            sep(
                                            150.1,
                                            2.2,
                                            star.path("ra").asDouble(),
                                            star.path("dec").asDouble())
                                    * 3600,
                            within(1e-6));
            var counterpart = mast.sky().gaiaCounterpart(star.path("ID").asText());
            if (counterpart.isPresent()) {
                JsonNode g = gaiaById.get(counterpart.get());
                assertThat(g)
                        .as("Gaia counterpart of TIC %s", star.path("ID").asText())
                        .isNotNull();
                assertThat(sep(
                                        star.path("ra").asDouble(),
                                        star.path("dec").asDouble(),
                                        g.path("ra").asDouble(),
                                        g.path("dec").asDouble())
                                * 3600)
                        .isBetween(0.05, 1.0);
                matched++;
            }
        }
        assertThat(matched).isGreaterThan(tic.path("data").size() / 5);
    }
}
