package org.mastspark.connector.client.rows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.client.MastDataException;
import org.mastspark.connector.client.http.MastHttp;

/**
 * The row scanner against Jackson: random rows of every kind of JSON value, read into every column type,
 * must give exactly what {@link MastType#read} gives for Jackson's tokens (values, nulls and errors),
 * whatever the chunks the body arrives in.
 */
class RowScannerTest {
    private static final MastType[] TYPES = MastType.values();

    private static final String[] VALUES = {
        "\"HST\"",
        "\"\"",
        "\"  \"",
        "\"WFC3/UVIS\"",
        "\"quote \\\" backslash \\\\ slash \\/ tab \\t newline \\n\"",
        "\"\\u00e9t\\u00E9 \\ud83d\\ude00\"",
        "\"été 😀 中文\"",
        "\"{not: [an object]}\"",
        "\"44.5\"",
        "\" 599 \"",
        "\"-3\"",
        "\"1e3\"",
        "\"true\"",
        "\"f\"",
        "\"nan\"",
        "\"-Infinity\"",
        "\"2017-06-21 14:20:37\"",
        "\"1993-09-24T21:00:16.633000\"",
        "\"2017-06-21\"",
        "0",
        "-0",
        "7",
        "-42",
        "2003585980",
        "9223372036854775807",
        "-9223372036854775808",
        "9223372036854775808",
        "123456789012345678901234567890",
        "0.5",
        "-0.0",
        "3.0",
        "293.09734393044442",
        "54.348750000000003",
        "0.1",
        "0.000123",
        "1e3",
        "1E-3",
        "2.5e+10",
        "1e400",
        "1e-400",
        "4.9e-324",
        "1.7976931348623157e308",
        "12345678901234567",
        "9007199254740993",
        "9999999999999999999",
        "18446744073709551615.5",
        "0.9999999999999999999",
        "-1234567890123456.7",
        "0.30000000000000004",
        "true",
        "false",
        "null",
        "NaN",
        "Infinity",
        "-Infinity",
        "{\"a\": [1, 2, {\"b\": \"]}\\\"\"}], \"c\": null}",
        "[]",
        "[1, \"two\", [3.0]]",
        "{}"
    };

    @Test
    void everyValueOfEveryTypeReadsAsJacksonReadsIt() throws IOException {
        for (String value : VALUES) {
            for (MastType type : TYPES) {
                RowLayout layout = RowLayout.builder().add("v", type).build();
                String json = "{\"v\": " + value + "}]";
                Object expected;
                try {
                    expected = jackson(json, layout)[0];
                } catch (MastDataException e) {
                    String message = e.getMessage();
                    assertThatThrownBy(() -> scan(json, layout, 1 << 20))
                            .as("%s as %s", value, type)
                            .isInstanceOf(MastDataException.class)
                            .hasMessage(message);
                    continue;
                } catch (IOException e) {
                    // Jackson cannot read the value as this type (a long out of range): neither returns a value
                    assertThatThrownBy(() -> scan(json, layout, 1 << 20))
                            .as("%s as %s", value, type)
                            .isInstanceOfAny(MastDataException.class, IOException.class);
                    continue;
                }
                assertThat(scan(json, layout, 1 << 20).get(0)[0])
                        .as("%s as %s", value, type)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void randomRowsInAnyChunkingEqualJacksonsRows() throws IOException {
        Random random = new Random(20261129);
        String[] names = {"obsid", "s_ra", "s_dec", "target_name", "t_min", "calib_level", "dataRights", "flag"};
        MastType[] types = {
            MastType.STRING,
            MastType.DOUBLE,
            MastType.DOUBLE,
            MastType.STRING,
            MastType.DOUBLE,
            MastType.LONG,
            MastType.STRING,
            MastType.BOOLEAN
        };
        RowLayout.Builder b = RowLayout.builder();
        for (int i = 0; i < names.length; i++) {
            b.add(names[i], types[i]);
        }
        RowLayout layout = b.build();
        for (int trial = 0; trial < 40; trial++) {
            StringBuilder json = new StringBuilder();
            int rows = 1 + random.nextInt(60);
            for (int r = 0; r < rows; r++) {
                json.append(r == 0 ? "" : random.nextBoolean() ? "," : " ,\n ").append('{');
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < names.length + 1; i++) {
                    order.add(i);
                }
                if (random.nextInt(10) == 0) {
                    Collections.shuffle(order, random);
                }
                boolean firstKey = true;
                for (int i : order) {
                    if (random.nextInt(12) == 0) {
                        continue; // a missing key
                    }
                    json.append(firstKey ? "" : random.nextBoolean() ? ", " : ",")
                            .append(random.nextBoolean() ? "" : " ");
                    firstKey = false;
                    if (i == names.length) {
                        json.append("\"unused\": ").append(VALUES[random.nextInt(VALUES.length)]);
                    } else {
                        json.append('"').append(names[i]).append("\":").append(value(types[i], random));
                    }
                }
                json.append('}');
            }
            json.append("], \"paging\": {\"rows\": ").append(rows).append("}}");
            String text = json.toString();
            List<Object[]> expected = new ArrayList<>();
            try (JsonParser p = MastHttp.JSON.createParser("[" + text)) {
                p.nextToken();
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    expected.add(row(p, layout));
                }
            }
            for (int chunk : new int[] {1, 3, 17, 1 << 20}) {
                List<Object[]> got = scan(text, layout, chunk);
                assertThat(got).as("trial %d, chunks of %d", trial, chunk).hasSameSizeAs(expected);
                for (int r = 0; r < expected.size(); r++) {
                    assertThat(got.get(r)).as("trial %d row %d", trial, r).containsExactly(expected.get(r));
                }
            }
        }
    }

    @Test
    void aValueLargerThanTheBufferIsReadWhole() throws IOException {
        String big = "x".repeat(200_000) + "é";
        RowLayout layout = RowLayout.builder().add("s", MastType.STRING).build();
        List<Object[]> rows = scan("{\"s\": \"" + big + "\"}, {\"s\": \"y\"}]", layout, 4096);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)[0]).isEqualTo(big);
        assertThat(rows.get(1)[0]).isEqualTo("y");
    }

    @Test
    void theRestOfTheAnswerAfterTheRowsIsAnObjectOfTheFollowingFields() throws IOException {
        RowLayout layout = RowLayout.builder().add("a", MastType.LONG).build();
        RowScanner scanner = new RowScanner(layout);
        byte[] body = "{\"a\": 1}] , \"paging\": {\"rows\": 1}}".getBytes(StandardCharsets.UTF_8);
        scanner.start(body, 5, new ByteArrayInputStream(body, 5, body.length - 5));
        assertThat(scanner.nextRow(RowScanner.DISCARD)).isTrue();
        assertThat(scanner.nextRow(RowScanner.DISCARD)).isFalse();
        assertThat(new String(scanner.rest().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("{ \"paging\": {\"rows\": 1}}");

        scanner.start(new byte[0], 0, new ByteArrayInputStream("]}".getBytes(StandardCharsets.UTF_8)));
        assertThat(scanner.nextRow(RowScanner.DISCARD)).isFalse();
        assertThat(new String(scanner.rest().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("{}");
    }

    @Test
    void truncatedOrMalformedRowsAreIoErrorsSoThePageIsAskedAgain() {
        RowLayout layout = RowLayout.builder()
                .add("a", MastType.DOUBLE)
                .add("b", MastType.STRING)
                .build();
        assertThatThrownBy(() -> scan("{\"a\": 1.5, \"b\": \"cut", layout, 5))
                .isInstanceOf(IOException.class)
                .hasMessage("answer ended early");
        assertThatThrownBy(() -> scan("{\"a\": 1.5, \"b\"", layout, 5))
                .isInstanceOf(IOException.class)
                .hasMessage("answer ended early");
        for (String bad : new String[] {"01", "1.", "-", "1e", "1.5.2", "--1", ".5", "tru", "nul", "\"a\u0001\""}) {
            assertThatThrownBy(() -> scan("{\"a\": " + bad + "}]", layout, 1 << 20))
                    .as(bad)
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("malformed answer: expected ");
        }
        assertThatThrownBy(() -> scan("{\"a\": 1 \"b\": 2}]", layout, 1 << 20))
                .isInstanceOf(IOException.class)
                .hasMessage("malformed answer: expected ',' or '}' in a row");
        assertThatThrownBy(() -> scan("{\"b\": \"\\q\"}]", layout, 1 << 20))
                .isInstanceOf(IOException.class)
                .hasMessage("malformed answer: expected a valid escape, not \\q");
    }

    private static String value(MastType type, Random random) {
        if (random.nextInt(8) == 0) {
            return "null";
        }
        return switch (type) {
            case DOUBLE ->
                switch (random.nextInt(5)) {
                    case 0 -> Double.toString(random.nextDouble() * 360);
                    case 1 -> Double.toString((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20));
                    case 2 -> Long.toString(random.nextInt(100_000) - 50_000);
                    case 3 -> String.format(Locale.ROOT, "%.6f", random.nextDouble() * 90);
                    default -> new BigDecimal(random.nextDouble() * 60_000).toPlainString();
                };
            case LONG -> Integer.toString(random.nextInt(7) - 1);
            case BOOLEAN -> random.nextBoolean() ? "true" : "false";
            default -> {
                int pick = random.nextInt(4);
                yield pick == 0
                        ? Long.toString(100_000_000L + random.nextInt(1_000_000))
                        : pick == 1 ? "\"NGC " + random.nextInt(7000) + "\"" : VALUES[random.nextInt(8)];
            }
        };
    }

    /** The rows of a {@code data} array body (starting after its {@code [}), read as Jackson reads them. */
    private static Object[] jackson(String rows, RowLayout layout) throws IOException {
        try (JsonParser p = MastHttp.JSON.createParser("[" + rows)) {
            p.nextToken();
            p.nextToken();
            return row(p, layout);
        }
    }

    private static Object[] row(JsonParser p, RowLayout layout) throws IOException {
        Object[] row = new Object[layout.size()];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            int i = layout.indexOf(name);
            if (i < 0) {
                p.skipChildren();
            } else {
                row[i] = layout.type(i).read(p, name);
            }
        }
        return row;
    }

    private static List<Object[]> scan(String rows, RowLayout layout, int chunk) throws IOException {
        byte[] bytes = rows.getBytes(StandardCharsets.UTF_8);
        int head = Math.min(chunk, bytes.length);
        RowScanner scanner = new RowScanner(layout);
        scanner.start(bytes, head, new Chunked(Arrays.copyOfRange(bytes, head, bytes.length), chunk));
        List<Object[]> out = new ArrayList<>();
        ArrayRowSink sink = new ArrayRowSink(layout.size());
        while (scanner.nextRow(sink)) {
            out.add(sink.row());
        }
        return out;
    }

    /** A body that arrives at most {@code chunk} bytes per read. */
    private static final class Chunked extends InputStream {
        private final byte[] bytes;
        private final int chunk;
        private int at;

        Chunked(byte[] bytes, int chunk) {
            this.bytes = bytes;
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return at < bytes.length ? bytes[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (at >= bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, chunk), bytes.length - at);
            System.arraycopy(bytes, at, b, off, n);
            at += n;
            return n;
        }
    }
}
