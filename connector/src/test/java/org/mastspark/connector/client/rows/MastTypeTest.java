package org.mastspark.connector.client.rows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mastspark.connector.client.MastDataException;
import org.mastspark.connector.client.http.MastHttp;

class MastTypeTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "string, STRING",
        "char, STRING",
        "VARCHAR(32), STRING",
        "datetime, TIMESTAMP",
        "date, DATE",
        "float, DOUBLE",
        "double, DOUBLE",
        "decimal, DOUBLE",
        "REAL, DOUBLE",
        "int, LONG",
        "short, LONG",
        "long, LONG",
        "number, LONG",
        "BIGINT, LONG",
        "unsignedByte, LONG",
        "boolean, BOOLEAN",
        "binary, BOOLEAN"
    })
    void mapsMastTypeNames(String mast, MastType expected) {
        assertThat(MastType.fromMast(mast)).isEqualTo(expected);
    }

    @Test
    void unknownTypeNameIsAnErrorNamingIt() {
        assertThatThrownBy(() -> MastType.fromMast("complex128"))
                .hasMessageStartingWith("Unknown MAST column type 'complex128'");
    }

    @ParameterizedTest(name = "{0} as {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "2003585980|STRING|2003585980",
                "\"HST\"|STRING|HST",
                "293.09734393044442|DOUBLE|293.0973439304444",
                "\"44.5\"|DOUBLE|44.5",
                "1500|DOUBLE|1500.0",
                "3|LONG|3",
                "\"599\"|LONG|599",
                "3.0|LONG|3",
                "true|BOOLEAN|true",
                "\"false\"|BOOLEAN|false",
                "1|BOOLEAN|true"
            })
    void convertsValuesAsAstroqueryDoes(String json, MastType type, String expected) throws IOException {
        Object value = read(json, type);
        assertThat(String.valueOf(value)).isEqualTo(expected);
    }

    @Test
    void nullStaysNullForEveryType() throws IOException {
        for (MastType type : MastType.values()) {
            assertThat(read("null", type)).as(type.name()).isNull();
        }
    }

    @Test
    void readsMastDateTimes() throws IOException {
        assertThat(read("\"1993-09-24T21:00:16.633000\"", MastType.TIMESTAMP))
                .isEqualTo(Instant.parse("1993-09-24T21:00:16.633Z"));
        assertThat(read("\"2017-06-21 14:20:37\"", MastType.TIMESTAMP))
                .isEqualTo(Instant.parse("2017-06-21T14:20:37Z"));
        assertThat(read("\"2017-06-21\"", MastType.DATE)).isEqualTo(LocalDate.of(2017, 6, 21));
    }

    @Test
    void unconvertibleValueNamesColumnAndValue() {
        assertThatThrownBy(() -> read("\"abc\"", MastType.LONG))
                .isInstanceOf(MastDataException.class)
                .hasMessageStartingWith("Column 'col': value 'abc' is not a valid long");
        assertThatThrownBy(() -> read("2.5", MastType.LONG))
                .isInstanceOf(MastDataException.class)
                .hasMessageStartingWith("Column 'col': value '2.5' is not a valid long");
    }

    private static Object read(String json, MastType type) throws IOException {
        try (JsonParser p = MastHttp.JSON.createParser(json)) {
            p.nextToken();
            return type.read(p, "col");
        }
    }
}
