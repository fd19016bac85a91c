package org.mastspark.connector;

import static org.mastspark.connector.testing.Astroquery.assertSameRows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mastspark.connector.testing.Astroquery;
import org.mastspark.connector.testing.Astroquery.Columns;

/**
 * Mission Search and Pan-STARRS reads through astroquery 0.4.6 ({@code MastMissions.query_region},
 * {@code Catalogs.query_region(catalog="panstarrs")}) and through {@code format("mast")}, against one
 * emulator, give the same rows and values.
 */
class MissionsAgreementTest {
    @RegisterExtension
    static final Astroquery astroquery = new Astroquery();

    @Test
    void missionConeQueryAgrees() throws Exception {
        Map<String, JsonNode> expected = astroquery.rows(
                "{\"call\": \"missions_query_region\", \"mission\": \"hst\", \"coordinates\": \"210.802429 54.34875\","
                        + " \"radius_arcmin\": 12, \"kwargs\": {\"select_cols\": [\"sci_data_set_name\","
                        + " \"sci_targname\", \"sci_ra\", \"sci_dec\", \"sci_pep_id\", \"sci_actual_duration\","
                        + " \"sci_instrume\"]}}",
                "sci_data_set_name");
        List<Row> rows = SparkTestSession.get()
                .read()
                .format("mast")
                .option("baseUrl", astroquery.baseUrl())
                .option("coordinates", "210.802429 54.34875")
                .option("radius", "12arcmin")
                .load("missions/hst")
                .select(
                        "sci_data_set_name",
                        "sci_targname",
                        "sci_ra",
                        "sci_dec",
                        "sci_pep_id",
                        "sci_actual_duration",
                        "sci_instrume")
                .collectAsList();
        assertSameRows(expected, rows, "sci_data_set_name", Columns.ALL);
    }

    @Test
    void panstarrsConeQueryAgrees() throws Exception {
        Map<String, JsonNode> expected = astroquery.rows(
                "{\"call\": \"panstarrs_query_region\", \"coordinates\": \"150.1 2.2\", \"radius\": 0.15,"
                        + " \"kwargs\": {\"table\": \"mean\", \"data_release\": \"dr2\", \"columns\": [\"objName\","
                        + " \"objID\", \"raMean\", \"decMean\", \"nDetections\", \"qualityFlag\"]}}",
                "objID");
        List<Row> rows = SparkTestSession.get()
                .read()
                .format("mast")
                .option("baseUrl", astroquery.baseUrl())
                .option("coordinates", "150.1 2.2")
                .option("radius", "0.15deg")
                .load("catalogs/panstarrs/dr2/mean")
                .select("objName", "objID", "raMean", "decMean", "nDetections", "qualityFlag")
                .collectAsList();
        assertSameRows(expected, rows, "objID", Columns.ALL);
    }
}
