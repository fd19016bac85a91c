package org.mastspark.connector.client.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PortalRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void encodesTheBodyExactlyAsAstroquerySendsIt() throws Exception {
        // Raw body recorded from astroquery (docs/mast-api.md section 3.1).
        String recorded = "request=%7B%22service%22%3A%20%22Test.Paging%22%2C%20%22params%22%3A%20%7B%7D%2C%20"
                + "%22format%22%3A%20%22json%22%2C%20%22pagesize%22%3A%202%2C%20%22page%22%3A%201%2C%20"
                + "%22cacheBreaker%22%3A%20%221c2724e4-4869-4c00-b2b7-add2890f1f97%22%7D";
        PortalRequest request = PortalRequest.of(
                "Test.Paging", JSON.createObjectNode(), "json", 2, "1c2724e4-4869-4c00-b2b7-add2890f1f97");

        assertThat(request.formBody(1)).isEqualTo(recorded);
    }

    @Test
    void writesFiltersWithPythonSeparatorsAndKeyOrder() throws Exception {
        JsonNode params = JSON.readTree("{\"columns\":\"*\",\"filters\":[{\"paramName\":\"dataproduct_type\","
                + "\"values\":[\"image\"]},{\"paramName\":\"proposal_pi\",\"values\":[],\"freeText\":\"Ost%\"},"
                + "{\"paramName\":\"s_dec\",\"values\":[{\"min\":43.5,\"max\":45.5}]}]}");
        PortalRequest request = PortalRequest.of("Mast.Caom.Filtered", params, "json", 50000, "cb");

        assertThat(request.toJson(3))
                .isEqualTo("{\"service\": \"Mast.Caom.Filtered\", \"params\": {\"columns\": \"*\", \"filters\": "
                        + "[{\"paramName\": \"dataproduct_type\", \"values\": [\"image\"]}, {\"paramName\": "
                        + "\"proposal_pi\", \"values\": [], \"freeText\": \"Ost%\"}, {\"paramName\": \"s_dec\", "
                        + "\"values\": [{\"min\": 43.5, \"max\": 45.5}]}]}, \"format\": \"json\", \"pagesize\": "
                        + "50000, \"page\": 3, \"cacheBreaker\": \"cb\"}");
        String body = request.formBody(3);
        assertThat(body).doesNotContain("+").contains("%20");
        assertThat(URLDecoder.decode(body.substring("request=".length()), StandardCharsets.UTF_8))
                .isEqualTo(request.toJson(3));
    }

    @ParameterizedTest
    @CsvSource({"0.2, 0.2", "23.34086, 23.34086", "1.0E-5, 1e-05", "2.5E20, 2.5e+20", "1.0E22, 1e+22"})
    void formatsFloatsAsPythonRepr(double value, String python) {
        assertThat(PortalRequest.PythonJson.pythonFloat(value)).isEqualTo(python);
    }

    @Test
    void escapesNonAsciiAsPythonEnsureAscii() {
        StringBuilder sb = new StringBuilder();
        PortalRequest.PythonJson.writeString(sb, "Barnard\u2019s \"Star\"\n");
        assertThat(sb).hasToString("\"Barnard\\u2019s \\\"Star\\\"\\n\"");
    }

    @Test
    void rejectsBadPageSizeNamingTheOption() {
        assertThatThrownBy(() -> PortalRequest.of("Mast.Caom.Cone", JSON.createObjectNode(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value '0' for option 'pagesize': expected a positive number of rows");
    }
}
