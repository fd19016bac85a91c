package org.mastspark.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SANTA resolver endpoint: recorded answers, resolver choice, catalog names, unknown names. */
class SantaTest {
    private static MastEmulator mast;

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(2).scale(0.01).build();
    }

    @AfterAll
    static void stop() {
        mast.close();
    }

    private static JsonNode santa(String query) throws Exception {
        return Http.JSON.readTree(
                Http.get(mast.baseUrl() + "/Santa-war/query?" + query).body());
    }

    @Test
    void resolvingTheRecordedNamesWithResolveAllGivesTheRecordedAnswer() throws Exception {
        // The query that produced resolver.json (astroquery's test data README).
        JsonNode answer = santa("outputFormat=json&resolveAll=true&name=TIC+307210830&name=Barnard%27s+Star&name=M1"
                + "&name=M101&name=M103&name=M8&name=M10");
        assertThat(answer).isEqualTo(RecordedResponsesTest.recorded("resolver.json"));
    }

    @Test
    void withoutResolveAllEachNameGetsItsFirstResolver() throws Exception {
        JsonNode answer = santa("outputFormat=json&resolveAll=False&name=M101&name=m1");
        List<String> got = new ArrayList<>();
        answer.path("resolvedCoordinate")
                .forEach(e -> got.add(e.path("searchString").asText() + "/"
                        + e.path("resolver").asText()));
        assertThat(got).containsExactly("m101/SIMBAD", "m1/SIMBAD");
    }

    @Test
    void namedResolversAreReturnedInTheirOrder() throws Exception {
        JsonNode answer = santa("outputFormat=json&resolveAll=False&resolver=NED&resolver=SIMBAD&name=M101");
        assertThat(answer.path("resolvedCoordinate")).hasSize(2);
        assertThat(answer.path("resolvedCoordinate").get(0).path("resolver").asText())
                .isEqualTo("NED");
        assertThat(answer.path("resolvedCoordinate").get(0).path("ra").asDouble())
                .isEqualTo(210.80227);
    }

    @Test
    void famousObjectsHaveSimbadAndNedPositionsThatDifferSlightly() throws Exception {
        JsonNode entries = santa("outputFormat=json&resolveAll=true&name=Vega").path("resolvedCoordinate");
        assertThat(entries).hasSize(2);
        double dDec = Math.abs(entries.get(0).path("decl").asDouble()
                        - entries.get(1).path("decl").asDouble())
                * 3600;
        assertThat(dDec).isBetween(0.3, 0.5);
    }

    @Test
    void syntheticTicNamesResolveToTheirStars() throws Exception {
        JsonNode cone = Http.invokeJson(
                mast.baseUrl(),
                Http.request("Mast.Catalogs.Tic.Cone", "{\"ra\": 150.1, \"dec\": 2.2, \"radius\": 1.0}", 10, 1, null));
        JsonNode star = cone.path("data").get(0);
        JsonNode entry = santa("outputFormat=json&resolveAll=False&resolver=TIC&name=TIC+"
                        + star.path("ID").asText())
                .path("resolvedCoordinate")
                .get(0);
        assertThat(entry.path("resolver").asText()).isEqualTo("TIC");
        assertThat(entry.path("ra").asDouble()).isEqualTo(star.path("ra").asDouble());
        assertThat(entry.path("decl").asDouble()).isEqualTo(star.path("dec").asDouble());
    }

    @Test
    void unknownNamesGetNoEntry() throws Exception {
        assertThat(santa("outputFormat=json&resolveAll=true&name=Not+A+Galaxy&name=TIC+1")
                        .path("resolvedCoordinate"))
                .isEmpty();
    }

    @Test
    void messierObjectsAnswerToTheirNumberDesignationAndCommonName() throws Exception {
        // M 42 under four names: one position, SIMBAD's canonical name and NED's MESSIER 042
        JsonNode all = santa("outputFormat=json&resolveAll=true&name=Orion+Nebula&name=NGC+1976&name=Messier+42"
                        + "&name=m+42")
                .path("resolvedCoordinate");
        assertThat(all).hasSize(8);
        for (JsonNode e : all) {
            assertThat(e.path("ra").asDouble()).isEqualTo(83.82208);
            assertThat(e.path("canonicalName").asText()).isIn("M  42", "MESSIER 042");
        }
        // an object not among the famous ones: the SEDS position of M 81 (09h55.6m +69d04m)
        JsonNode m81 = santa("outputFormat=json&resolveAll=False&resolver=SIMBAD&name=Bode%27s+Galaxy")
                .path("resolvedCoordinate")
                .get(0);
        assertThat(m81.path("searchString").asText()).isEqualTo("bode's galaxy");
        assertThat(m81.path("canonicalName").asText()).isEqualTo("M  81");
        assertThat(m81.path("ra").asDouble()).isEqualTo(148.8996);
        assertThat(m81.path("decl").asDouble()).isEqualTo(69.0667);
        assertThat(m81.path("objectType").asText()).isEqualTo("Galaxy");
        // a recorded object keeps its recorded position under every alias
        JsonNode crab = santa("outputFormat=json&resolveAll=False&resolver=SIMBAD&name=NGC+1952")
                .path("resolvedCoordinate")
                .get(0);
        assertThat(crab.path("ra").asDouble()).isEqualTo(83.6324);
        // and bright objects beyond Messier's list, under each of their names
        JsonNode omega = santa("outputFormat=json&resolveAll=true&name=omega+centauri&name=NGC+5139")
                .path("resolvedCoordinate");
        assertThat(omega).hasSize(4);
        assertThat(omega.get(0).path("canonicalName").asText()).isEqualTo("NGC 5139");
        assertThat(omega.get(0).path("ra").asDouble()).isEqualTo(201.705);
        assertThat(omega.get(2).path("decl").asDouble()).isEqualTo(-47.483);
        assertThat(NameTable.size()).isGreaterThanOrEqualTo(350);
    }

    @Test
    void kicAndEpicNamesResolveByTheirCatalogResolvers() throws Exception {
        JsonNode cone = Http.invokeJson(
                mast.baseUrl(),
                Http.request("Mast.Catalogs.Tic.Cone", "{\"ra\": 150.1, \"dec\": 2.2, \"radius\": 1.0}", 10, 1, null));
        JsonNode star = cone.path("data").get(0);
        long tic = star.path("ID").asLong();
        long kic = tic - 20_000_000_000L;
        long epic = tic - 19_800_000_000L;
        JsonNode entries = santa("outputFormat=json&resolveAll=true&name=KIC+" + kic + "&name=EPIC+" + epic)
                .path("resolvedCoordinate");
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).path("resolver").asText()).isEqualTo("KEPLER");
        assertThat(entries.get(0).path("canonicalName").asText()).isEqualTo("KIC " + kic);
        assertThat(entries.get(1).path("resolver").asText()).isEqualTo("K2");
        assertThat(entries.get(1).path("searchString").asText()).isEqualTo("epic " + epic);
        for (JsonNode e : entries) {
            assertThat(e.path("ra").asDouble()).isEqualTo(star.path("ra").asDouble());
            assertThat(e.path("decl").asDouble()).isEqualTo(star.path("dec").asDouble());
        }
        assertThat(santa("outputFormat=json&resolveAll=true&name=KIC+0&name=EPIC+x")
                        .path("resolvedCoordinate"))
                .isEmpty();
    }
}
