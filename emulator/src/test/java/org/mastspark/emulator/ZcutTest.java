package org.mastspark.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Zcut's {@code survey} endpoint: the recorded answer at its recorded position, the documented default radius,
 * unit suffixes, bad units, positions outside every field.
 */
class ZcutTest {
    /** The position of astroquery's recorded Zcut answers (zcut_survey.json, astrocut_189.49206_62.20615_*.zip). */
    static final double[] RECORDED = {189.49206, 62.20615};

    static MastEmulator mast;

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(42).scale(0.05).build();
    }

    @AfterAll
    static void stop() {
        mast.close();
    }

    static HttpResponse<byte[]> postForm(String path, String form) throws IOException, InterruptedException {
        return Http.CLIENT.send(
                HttpRequest.newBuilder(URI.create(mast.baseUrl() + path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonNode json(HttpResponse<byte[]> r) throws IOException {
        return Http.JSON.readTree(r.body());
    }

    private static List<String> surveys(HttpResponse<byte[]> r) throws IOException {
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
        List<String> out = new ArrayList<>();
        json(r).path("surveys").forEach(s -> out.add(s.asText()));
        return out;
    }

    private static JsonNode recorded(String name) throws IOException {
        try (InputStream in = ZcutTest.class.getResourceAsStream("/org/mastspark/emulator/recorded/" + name)) {
            return Http.JSON.readTree(in);
        }
    }

    @Test
    void theRecordedPositionAnswersExactlyTheRecordedSurveys() throws Exception {
        List<String> expected = new ArrayList<>();
        recorded("zcut_survey.json").path("surveys").forEach(s -> expected.add(s.asText()));
        assertThat(expected).containsExactly("candels_gn_60mas", "candels_gn_30mas", "goods_north");

        // astroquery 0.4.6: a form POST with the radius in bare degrees (its default "0d" sent as 0.0)
        assertThat(surveys(postForm(ZcutHandler.SURVEY_PATH, "ra=189.49206&dec=62.20615&radius=0.0")))
                .isEqualTo(expected);
        // the documented GET, with a suffixed radius
        assertThat(surveys(Http.get(mast.baseUrl() + ZcutHandler.SURVEY_PATH + "?ra=189.49206&dec=62.20615&radius=0d")))
                .isEqualTo(expected);
    }

    @Test
    void theDefaultRadiusIsTheDocumentedPointTwoDegrees() throws Exception {
        String at = mast.baseUrl() + ZcutHandler.SURVEY_PATH + "?ra=189.49206&dec=62.20615";
        // 3D-HST's GOODS-N footprint ends 0.1 degrees east of the field centre: the recorded position is
        // 0.0228 degrees (in the TAN plane) outside it, so 0.2 degrees reaches it, 0.02 does not.
        assertThat(surveys(Http.get(at)))
                .containsExactly("candels_gn_60mas", "candels_gn_30mas", "goods_north", "3dhst_goods-n");
        assertThat(surveys(Http.get(at + "&radius=0.2d"))).isEqualTo(surveys(Http.get(at)));
        assertThat(surveys(Http.get(at + "&radius=72s"))).isEqualTo(surveys(Http.get(at + "&radius=0.02")));
        assertThat(surveys(Http.get(at + "&radius=1.2m"))).isEqualTo(surveys(Http.get(at + "&radius=0.02d")));
        assertThat(surveys(Http.get(at + "&radius=0.02d")))
                .containsExactly("candels_gn_60mas", "candels_gn_30mas", "goods_north");
        assertThat(surveys(Http.get(at + "&radius=0.023d")))
                .containsExactly("candels_gn_60mas", "candels_gn_30mas", "goods_north", "3dhst_goods-n");
    }

    @Test
    void otherFieldsAndPositionsOutsideEveryField() throws Exception {
        // the GOODS-S centre
        assertThat(surveys(postForm(ZcutHandler.SURVEY_PATH, "ra=53.122751&dec=-27.805089&radius=0.0")))
                .containsExactly("candels_gs_60mas", "candels_gs_30mas", "goods_south", "3dhst_goods-s");
        // astroquery's remote test position that "should always return no results"
        assertThat(surveys(postForm(ZcutHandler.SURVEY_PATH, "ra=57.10523&dec=-30.08085&radius=0.0")))
                .isEmpty();
        HttpResponse<byte[]> m103 = postForm(ZcutHandler.SURVEY_PATH, "ra=23.34086&dec=60.658&radius=0.0");
        assertThat(new String(m103.body())).isEqualTo("{\"surveys\":[]}");
        // where astroquery's remote tests cut 3dhst_goods-n and find nothing in candels_gn_30mas
        assertThat(surveys(postForm(ZcutHandler.SURVEY_PATH, "ra=189.28065571&dec=62.17415175&radius=0.0")))
                .containsExactly("candels_gn_60mas", "goods_north", "3dhst_goods-n");
    }

    @Test
    void badUnitsAndMissingPositionsAre400NamingTheParameter() throws Exception {
        HttpResponse<byte[]> r = Http.get(mast.baseUrl() + ZcutHandler.SURVEY_PATH + "?ra=189.4&dec=62.2&radius=3x");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("msg").asText())
                .isEqualTo("Invalid value '3x' for parameter 'radius': expected an angle >= 0 in degrees (d, the"
                        + " default), arcminutes (m) or arcseconds (s), such as '0.2d', '3m' or '30s'");
        assertThat(Http.get(mast.baseUrl() + ZcutHandler.SURVEY_PATH + "?ra=189.4&dec=62.2&radius=2px")
                        .statusCode())
                .isEqualTo(400);
        assertThat(Http.get(mast.baseUrl() + ZcutHandler.SURVEY_PATH + "?ra=189.4&dec=62.2&radius=-1d")
                        .statusCode())
                .isEqualTo(400);
        HttpResponse<byte[]> noRa = postForm(ZcutHandler.SURVEY_PATH, "dec=62.2");
        assertThat(noRa.statusCode()).isEqualTo(400);
        assertThat(json(noRa).path("msg").asText()).isEqualTo("Missing required parameter 'ra'");
        HttpResponse<byte[]> badDec = postForm(ZcutHandler.SURVEY_PATH, "ra=1&dec=91");
        assertThat(json(badDec).path("msg").asText())
                .isEqualTo("Invalid value '91' for parameter 'dec': expected degrees between -90 and 90");
    }

    @Test
    void theRequestLogNamesTheService() throws Exception {
        postForm(ZcutHandler.SURVEY_PATH, "ra=53.122751&dec=-27.805089&radius=0.0");
        assertThat(mast.requestLog().entries()).anySatisfy(e -> {
            assertThat(e.service()).isEqualTo("zcut.survey");
            assertThat(e.rows()).isEqualTo(4);
        });
    }
}
