package org.mastspark.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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

    private static String names(List<String> names) {
        StringBuilder q = new StringBuilder();
        for (String n : names) {
            q.append("&name=").append(URLEncoder.encode(n, StandardCharsets.UTF_8));
        }
        return q.toString();
    }

    private static JsonNode nameLookup(String name) throws Exception {
        String request = "{\"service\": \"Mast.Name.Lookup\", \"params\": {\"input\": "
                + Http.JSON.writeValueAsString(name) + ", \"format\": \"json\"}}";
        return Http.JSON.readTree(Http.get(mast.baseUrl() + "/api/v0/invoke?request=" + Http.quote(request))
                .body());
    }

    /** An entry without its searchString (which echoes the name asked), for comparing aliases' answers. */
    private static JsonNode position(JsonNode entry, String expectedSearchString) {
        assertThat(entry.path("searchString").asText()).isEqualTo(expectedSearchString);
        ObjectNode copy = entry.deepCopy();
        copy.remove("searchString");
        return copy;
    }

    private static String echo(String name) {
        return name.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    /** The entries of a SANTA answer grouped by the name they answer (consecutive equal searchStrings). */
    private static List<List<JsonNode>> byName(JsonNode entries) {
        List<List<JsonNode>> out = new ArrayList<>();
        String last = null;
        for (JsonNode e : entries) {
            String s = e.path("searchString").asText();
            if (!s.equals(last)) {
                out.add(new ArrayList<>());
                last = s;
            }
            out.get(out.size() - 1).add(e);
        }
        return out;
    }

    @Test
    void everyAliasOfEveryObjectGetsTheSameAnswerFromEachResolver() throws Exception {
        List<NameTable.SkyObject> objects = NameTable.objects();
        List<String> all = new ArrayList<>();
        objects.forEach(o -> all.addAll(o.names()));
        assertThat(all).hasSize(NameTable.size());
        assertThat(objects.size()).isGreaterThanOrEqualTo(130);

        // every resolver's entries for every name of the table, in one request
        List<List<JsonNode>> answers =
                byName(santa("outputFormat=json&resolveAll=true" + names(all)).path("resolvedCoordinate"));
        assertThat(answers).hasSize(all.size());
        // and each resolver pinned, for every name
        Set<String> resolvers = new LinkedHashSet<>();
        answers.forEach(a -> a.forEach(e -> resolvers.add(e.path("resolver").asText())));
        assertThat(resolvers).contains("SIMBAD", "NED");
        java.util.Map<String, List<List<JsonNode>>> pinned = new java.util.HashMap<>();
        for (String resolver : resolvers) {
            pinned.put(
                    resolver,
                    byName(santa("outputFormat=json&resolveAll=False&resolver=" + resolver + names(all))
                            .path("resolvedCoordinate")));
        }

        int at = 0;
        java.util.Map<String, Integer> pinnedAt = new java.util.HashMap<>();
        for (NameTable.SkyObject object : objects) {
            List<String> names = object.names();
            String main = names.get(0);
            List<JsonNode> reference = answers.get(at);
            Set<String> objectResolvers = new LinkedHashSet<>();
            reference.forEach(e -> objectResolvers.add(e.path("resolver").asText()));
            assertThat(objectResolvers).as("%s: one entry per resolver", main).hasSize(reference.size());
            for (String alias : names) {
                List<JsonNode> got = answers.get(at++);
                assertThat(got).as("%s as '%s'", main, alias).hasSize(reference.size());
                for (int i = 0; i < got.size(); i++) {
                    assertThat(position(got.get(i), echo(alias)))
                            .as("%s as '%s'", main, alias)
                            .isEqualTo(position(reference.get(i), echo(main)));
                }
                // each resolver pinned: its own entry, labelled with its name
                for (JsonNode expected : reference) {
                    String resolver = expected.path("resolver").asText();
                    int i = pinnedAt.merge(resolver, 1, Integer::sum) - 1;
                    List<JsonNode> one = pinned.get(resolver).get(i);
                    assertThat(one)
                            .as("%s as '%s' by %s", main, alias, resolver)
                            .hasSize(1);
                    assertThat(one.get(0).path("resolver").asText()).isEqualTo(resolver);
                    assertThat(position(one.get(0), echo(alias)))
                            .as("%s as '%s' by %s", main, alias, resolver)
                            .isEqualTo(position(expected, echo(main)));
                }
            }
            // Name.Lookup (the table's answer, as PortalHandler serves it; over HTTP the ~400 requests
            // would dominate the test): one answer for all aliases, the entry of the resolver it names
            JsonNode lookup = NameTable.lookup(main).path("resolvedCoordinate");
            assertThat(lookup).as(main).hasSize(1);
            String label = lookup.get(0).path("resolver").asText();
            assertThat(objectResolvers).as("%s: Name.Lookup's resolver", main).contains(label);
            JsonNode sameResolver = reference.get(new ArrayList<>(objectResolvers).indexOf(label));
            assertThat(lookup.get(0).path("ra").asDouble())
                    .isEqualTo(sameResolver.path("ra").asDouble());
            assertThat(lookup.get(0).path("decl").asDouble())
                    .isEqualTo(sameResolver.path("decl").asDouble());
            for (String alias : names.subList(1, names.size())) {
                assertThat(position(
                                NameTable.lookup(alias)
                                        .path("resolvedCoordinate")
                                        .get(0),
                                echo(alias)))
                        .as("Name.Lookup of '%s'", alias)
                        .isEqualTo(position(lookup.get(0), echo(main)));
            }
        }
        for (String resolver : resolvers) {
            assertThat(pinned.get(resolver)).hasSize(pinnedAt.get(resolver));
        }
    }

    @Test
    void aliasesOfRecordedObjectsGetTheRecordedPositionsOfEachResolver() throws Exception {
        // resolver.json: M103 is 23.339 +60.659 by SIMBAD, 23.34086 +60.658 by NED
        JsonNode m103 = santa("outputFormat=json&resolveAll=true" + names(List.of("M 103", "Messier 103", "NGC 581")))
                .path("resolvedCoordinate");
        assertThat(m103).hasSize(6);
        for (int i = 0; i < 6; i += 2) {
            assertThat(m103.get(i).path("resolver").asText()).isEqualTo("SIMBAD");
            assertThat(m103.get(i).path("ra").asDouble()).isEqualTo(23.339);
            assertThat(m103.get(i).path("decl").asDouble()).isEqualTo(60.659);
            assertThat(m103.get(i + 1).path("resolver").asText()).isEqualTo("NED");
            assertThat(m103.get(i + 1).path("ra").asDouble()).isEqualTo(23.34086);
            assertThat(m103.get(i + 1).path("decl").asDouble()).isEqualTo(60.658);
        }
        JsonNode byDefault = santa("outputFormat=json&resolveAll=False" + names(List.of("Messier 103")))
                .path("resolvedCoordinate");
        assertThat(byDefault).singleElement().satisfies(e -> {
            assertThat(e.path("resolver").asText()).isEqualTo("SIMBAD");
            assertThat(e.path("ra").asDouble()).isEqualTo(23.339);
        });
        // 0.4.6's recorded Name.Lookup answer for M103 is NED's entry: its aliases get it too, labelled NED
        JsonNode lookup = nameLookup("Messier 103").path("resolvedCoordinate").get(0);
        assertThat(lookup.path("resolver").asText()).isEqualTo("NED");
        assertThat(lookup.path("ra").asDouble()).isEqualTo(23.34086);
        // M8's NGC number and common name get its recorded SIMBAD and NED positions
        JsonNode m8 = santa("outputFormat=json&resolveAll=true" + names(List.of("NGC 6523", "Lagoon Nebula")))
                .path("resolvedCoordinate");
        assertThat(m8).hasSize(4);
        for (int i = 0; i < 4; i += 2) {
            assertThat(m8.get(i).path("ra").asDouble()).isEqualTo(270.904);
            assertThat(m8.get(i).path("decl").asDouble()).isEqualTo(-24.387);
            assertThat(m8.get(i + 1).path("resolver").asText()).isEqualTo("NED");
            assertThat(m8.get(i + 1).path("ra").asDouble()).isEqualTo(270.92194);
            assertThat(m8.get(i + 1).path("canonicalName").asText()).isEqualTo("MESSIER 008");
        }
        // and the Crab Nebula NED's recorded M1 position, not SIMBAD's moved north
        JsonNode crab = santa("outputFormat=json&resolveAll=False&resolver=NED" + names(List.of("Crab Nebula")))
                .path("resolvedCoordinate")
                .get(0);
        assertThat(crab.path("ra").asDouble()).isEqualTo(83.63311);
        assertThat(crab.path("decl").asDouble()).isEqualTo(22.01449);
    }
}
