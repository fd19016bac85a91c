package org.mastspark.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.mastspark.connector.testing.Astroquery.assertSameRows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.resolve.SantaClient;
import org.mastspark.connector.testing.Astroquery;
import org.mastspark.connector.testing.Astroquery.Columns;

/**
 * The same queries through the real client, astroquery 0.4.6, and through {@code format("mast")},
 * against one emulator, give the same rows and values. If they disagree, the connector or the emulator
 * is wrong.
 */
class AstroqueryAgreementTest {
    @RegisterExtension
    static final Astroquery astroquery = new Astroquery();

    @Test
    void criteriaQueryAgrees() throws Exception {
        Map<String, JsonNode> expected = astroquery.rows(
                "{\"call\": \"query_criteria\", \"kwargs\": {\"obs_collection\": \"GALEX\", \"t_exptime\": [100, 1000]}}",
                "obsid");
        Dataset<Row> df = SparkTestSession.get()
                .read()
                .format("mast")
                .option("baseUrl", astroquery.baseUrl())
                .load("observations")
                .where("obs_collection = 'GALEX' AND t_exptime BETWEEN 100 AND 1000")
                .drop("distance");
        assertSameRows(expected, df.collectAsList(), "obsid", Columns.SHARED);
    }

    @Test
    void coneQueryAgrees() throws Exception {
        Map<String, JsonNode> expected = astroquery.rows(
                "{\"call\": \"query_region\", \"coordinates\": \"210.802429 54.34875\", \"radius\": 0.3}", "obsid");
        Dataset<Row> df = SparkTestSession.get()
                .read()
                .format("mast")
                .option("baseUrl", astroquery.baseUrl())
                .option("coordinates", "210.802429 54.34875")
                .option("radius", "0.3deg")
                .load("observations");
        assertSameRows(expected, df.collectAsList(), "obsid", Columns.SHARED);
    }

    @Test
    void productListAgrees() throws Exception {
        List<Row> obs = SparkTestSession.get()
                .read()
                .format("mast")
                .option("baseUrl", astroquery.baseUrl())
                .option("coordinates", "10.684708 41.26875")
                .option("radius", "0.2deg")
                .load("observations")
                .select("obsid")
                .limit(8)
                .collectAsList();
        StringBuilder ids = new StringBuilder();
        for (Row r : obs) {
            ids.append(ids.length() == 0 ? "" : ",").append(r.getString(0));
        }
        Map<String, JsonNode> expected =
                astroquery.rows("{\"call\": \"get_product_list\", \"obsids\": \"" + ids + "\"}", "dataURI");
        Dataset<Row> products = MastProducts.forObservations(
                SparkTestSession.get().createDataFrame(obs, obs.get(0).schema()),
                Map.of("baseUrl", astroquery.baseUrl()));
        assertSameRows(expected, products.collectAsList(), "dataURI", Columns.SHARED);
    }

    @Test
    void nameResolutionAgrees() throws Exception {
        List<String> names = List.of(
                "M1",
                "M101",
                "M8",
                "M10",
                "Barnard's Star",
                "Vega",
                "Sirius",
                "M31",
                "NGC 2024",
                "Orion Nebula",
                "NGC 5457",
                "M81",
                "Sombrero",
                "Messier 13",
                "M 57",
                "Praesepe",
                "M110");
        StringBuilder spec = new StringBuilder("{\"call\": \"resolve_object\", \"names\": [");
        for (int i = 0; i < names.size(); i++) {
            spec.append(i == 0 ? "" : ", ").append('"').append(names.get(i)).append('"');
        }
        Map<String, JsonNode> expected = astroquery.rows(spec.append("]}").toString(), "name");
        var resolved = new SantaClient(MastClientConfig.forBaseUrl(astroquery.baseUrl()))
                .resolve(names, List.of(), false, new ClientMetrics());
        for (String name : names) {
            var r = resolved.get(SantaClient.key(name)).get(0);
            assertThat(r.ra()).as(name).isCloseTo(expected.get(name).path("ra").asDouble(), within(1e-9));
            assertThat(r.dec())
                    .as(name)
                    .isCloseTo(expected.get(name).path("dec").asDouble(), within(1e-9));
        }
    }
}
