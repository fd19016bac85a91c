package org.mastspark.connector.read.meta;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.testing.Astroquery;

/**
 * The metadata tables equal what astroquery 0.4.6 makes of the same emulator's answers: {@code meta/missions} is
 * {@code Observations.list_missions()}, {@code meta/columns} of observations and products is
 * {@code Observations.get_metadata(...)} (names, labels, types, units, descriptions, examples, in order), of a
 * mission is {@code MastMissionsClass(mission).get_column_list()}, and {@code meta/session} is
 * {@code session_info()} without the token.
 */
class MetaAstroqueryAgreementTest {
    private static final String TOKEN = "agree-5b1e0c2d9f";

    @RegisterExtension
    static final Astroquery astroquery = new Astroquery();

    private static List<Row> read(String path, String where, String... options) {
        var df = SparkTestSession.mastReader(astroquery.baseUrl(), options).load(path);
        return where == null ? df.collectAsList() : df.where(where).collectAsList();
    }

    /** astroquery's text for an optional column: a missing column or "" is null, as meta/* writes it. */
    private static String text(JsonNode row, String column) {
        JsonNode v = row.get(column);
        return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }

    @Test
    void missionsAreListMissionsInTheSameOrder() throws Exception {
        List<String> expected = new ArrayList<>();
        astroquery
                .rowList("{\"call\": \"list_missions\"}")
                .forEach(r -> expected.add(r.path("mission").asText()));
        List<String> actual =
                read("meta/missions", null).stream().map(r -> r.getString(0)).toList();
        assertThat(expected).hasSize(15);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void observationColumnsAreGetMetadataObservations() throws Exception {
        assertSameAsGetMetadata("observations", 31);
    }

    @Test
    void productColumnsAreGetMetadataProducts() throws Exception {
        assertSameAsGetMetadata("products", 19);
    }

    private static void assertSameAsGetMetadata(String table, int columns) throws Exception {
        List<JsonNode> expected = astroquery.rowList("{\"call\": \"get_metadata\", \"query_type\": \"" + table + "\"}");
        List<Row> actual = new ArrayList<>(read("meta/columns", "table_name = '" + table + "'"));
        actual.sort(Comparator.comparingLong(r -> r.getLong(2)));
        assertThat(expected).hasSize(columns);
        assertThat(actual).hasSize(columns);
        for (int i = 0; i < columns; i++) {
            JsonNode want = expected.get(i);
            Row got = actual.get(i);
            String what =
                    table + " column " + i + " " + want.path("Column Name").asText();
            assertThat(got.<String>getAs("column_name")).as(what).isEqualTo(text(want, "Column Name"));
            assertThat(got.<String>getAs("label")).as(what).isEqualTo(text(want, "Column Label"));
            assertThat(got.<String>getAs("data_type")).as(what).isEqualTo(text(want, "Data Type"));
            assertThat(got.<String>getAs("units")).as(what).isEqualTo(text(want, "Units"));
            assertThat(got.<String>getAs("description")).as(what).isEqualTo(text(want, "Description"));
            assertThat(got.<String>getAs("examples")).as(what).isEqualTo(text(want, "Examples/Valid Values"));
        }
    }

    @Test
    void missionColumnsAreGetColumnList() throws Exception {
        for (String mission : List.of("hst", "jwst")) {
            List<JsonNode> expected =
                    astroquery.rowList("{\"call\": \"mission_column_list\", \"mission\": \"" + mission + "\"}");
            List<Row> actual = new ArrayList<>(read("meta/columns", "table_name = 'missions." + mission + "'"));
            actual.sort(Comparator.comparingLong(r -> r.getLong(2)));
            assertThat(actual).as(mission).hasSize(expected.size());
            assertThat(expected).as(mission).isNotEmpty();
            for (int i = 0; i < expected.size(); i++) {
                JsonNode want = expected.get(i);
                Row got = actual.get(i);
                assertThat(got.<String>getAs("column_name"))
                        .isEqualTo(want.path("name").asText());
                assertThat(got.<String>getAs("data_type"))
                        .isEqualTo(want.path("data_type").asText());
                // the connector's Mission Search client trims MAST's descriptions ("Search Position (RA and Dec)    ")
                assertThat(got.<String>getAs("description"))
                        .isEqualTo(want.path("description").asText().trim());
            }
        }
    }

    @Test
    void sessionIsSessionInfoWithoutTheToken() throws Exception {
        astroquery.emulator().addToken(TOKEN, "bob");
        JsonNode want = astroquery
                .rowList("{\"call\": \"session_info\", \"token\": \"" + TOKEN + "\"}")
                .get(0);
        // astroquery hands the whole answer on, the token's echo included; meta/session never does
        assertThat(want.path("token").asText()).isEqualTo(TOKEN);
        Row got = read("meta/session", null, "token", TOKEN).get(0);
        assertThat(got.<String>getAs("user")).isEqualTo(want.path("ezid").asText());
        assertThat(got.<String>getAs("eppn")).isEqualTo(want.path("eppn").asText());
        assertThat(got.<String>getAs("display_name"))
                .isEqualTo(want.path("attrib.display_name").asText());
        assertThat(got.<Boolean>getAs("anonymous")).isEqualTo(want.path("anon").asBoolean());
        List<String> scopes = new ArrayList<>();
        want.path("scopes").forEach(s -> scopes.add(s.asText()));
        assertThat(got.<String>getAs("scopes")).isEqualTo(String.join(" ", scopes));
        assertThat(got.<String>getAs("session")).isNull();
        assertThat(want.path("session").isNull()).isTrue();
        assertThat(got.toString()).doesNotContain(TOKEN);
    }
}
