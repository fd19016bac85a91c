package org.mastspark.emulator.sky;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mastspark.emulator.MastEmulator;

/**
 * {@link CaomRowWriter} writes byte for byte what the reference rendering writes: {@link Caom#row} written
 * value by value with {@link Caom#write} (the way every other table is written), through a generator configured
 * as the Portal's. Checked on rows directly, on whole pages served over HTTP, and on the rendering itself, which
 * must not change at all (the synthetic data is a fixed function of seed and index).
 */
class CaomRowWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** As the Portal's generator factory. */
    private static final JsonFactory FACTORY = JSON.getFactory()
            .copy()
            .setCodec(JSON)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER.mappedFeature());

    private static final int DISTANCE = Caom.FIELDS.size();
    private static final int[] ALL_WITH_DISTANCE = allColumns(true);

    /** The row writer of {@code SyntheticSky}'s CAOM table before the row writer: the reference. */
    private static void writeReference(Caom caom, long i, int[] columns, double[] cone, JsonGenerator gen)
            throws IOException {
        Object[] row = caom.row(i);
        gen.writeStartObject();
        for (int c : columns) {
            if (c == DISTANCE) {
                double d =
                        cone == null ? 0 : Sky.separation(cone[0], cone[1], (Double) row[10], (Double) row[11]) * 3600;
                gen.writeNumberField("distance", d);
            } else {
                Caom.write(gen, Caom.NAMES[c], row[c]);
            }
        }
        gen.writeEndObject();
    }

    private interface RowWriter {
        void write(long index, JsonGenerator gen) throws IOException;
    }

    /** The rows of {@code indexes} as one JSON array, as a page's {@code data} holds them. */
    private static String render(JsonFactory factory, long[] indexes, RowWriter w) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartArray();
            for (long i : indexes) {
                w.write(i, g);
            }
            g.writeEndArray();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int[] allColumns(boolean distance) {
        int[] cols = new int[Caom.FIELDS.size() + (distance ? 1 : 0)];
        for (int k = 0; k < cols.length; k++) {
            cols[k] = k;
        }
        return cols;
    }

    /** The first 10,000 observations and 10,000 spread over the indexes of scale 1000 (2e9 rows). */
    private static long[] indexes() {
        long[] out = new long[20_000];
        for (int k = 0; k < out.length; k++) {
            out[k] = k < 10_000 ? k : (k - 10_000) * 199_999L + 7;
        }
        return out;
    }

    private static void assertSameRows(Caom caom, long[] indexes, int[] columns, double[] cone, JsonFactory factory)
            throws IOException {
        CaomRowWriter writer = new CaomRowWriter();
        String expected = render(factory, indexes, (i, g) -> writeReference(caom, i, columns, cone, g));
        String actual = render(factory, indexes, (i, g) -> writer.write(caom, i, columns, cone, g));
        if (!actual.equals(expected)) {
            // Narrow the failure down to the first differing row.
            for (long i : indexes) {
                long[] one = {i};
                assertThat(render(factory, one, (j, g) -> writer.write(caom, j, columns, cone, g)))
                        .as("observation %d", i)
                        .isEqualTo(render(factory, one, (j, g) -> writeReference(caom, j, columns, cone, g)));
            }
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void theReferenceRenderingIsUnchanged() throws Exception {
        Caom caom = new Caom(42);
        String rows = render(
                FACTORY,
                indexes(),
                (i, g) -> writeReference(caom, i, ALL_WITH_DISTANCE, new double[] {83.8, -5.4, 2.0}, g));
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(rows.getBytes(StandardCharsets.UTF_8));
        assertThat(HexFormat.of().formatHex(digest))
                .isEqualTo("e19adb90ba0ff2f597dca76a120955672480fcc09721bc63f5823adc3c22de72");
    }

    @Test
    void writesEveryColumnAsTheReference() throws IOException {
        for (long seed : new long[] {42, 5, -7_123_456_789L}) {
            Caom caom = new Caom(seed);
            assertSameRows(caom, indexes(), allColumns(false), null, FACTORY);
            assertSameRows(caom, indexes(), ALL_WITH_DISTANCE, new double[] {210.8, 54.3, 1.0}, FACTORY);
        }
    }

    @Test
    void writesProjectionsAsTheReference() throws IOException {
        Caom caom = new Caom(42);
        long[] indexes = Arrays.copyOf(indexes(), 5_000);
        int[][] projections = {
            {},
            {DISTANCE},
            {31, 9, 26, 24, 30, DISTANCE, 10, 11},
            {20, 7, 25, 25, 22, 2, 0, 28, 29, 32, 17},
            {DISTANCE, 17, 30, 14}
        };
        for (int[] columns : projections) {
            assertSameRows(caom, indexes, columns, null, FACTORY);
            assertSameRows(caom, indexes, columns, new double[] {0.0, -89.9, 180.0}, FACTORY);
        }
    }

    @Test
    void aGeneratorTheWriterCannotMatchGetsTheReferenceRendering() throws IOException {
        SyntheticSky sky = new SyntheticSky(42, 0.01);
        ResultTable table = sky.query("Mast.Caom.Cone", JSON.readTree("{\"ra\": 83.8, \"dec\": -5.4, \"radius\": 1.0}"))
                .orElseThrow();
        JsonFactory pretty = FACTORY.copy().setCodec(JSON);
        long[] rows = rowIndexes((int) table.rowCount());
        JsonNode served = JSON.readTree(render(FACTORY, rows, table::writeRow));
        long[] ids = new long[rows.length];
        for (int k = 0; k < ids.length; k++) {
            ids[k] = served.get(k).get("obsid").asLong() - Caom.BASE_OBSID;
        }
        Caom caom = new Caom(42);
        RowWriter prettily = (i, g) -> {
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            table.writeRow(i, g);
        };
        RowWriter referencePrettily = (i, g) -> {
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            writeReference(caom, ids[(int) i], ALL_WITH_DISTANCE, new double[] {83.8, -5.4, 1.0}, g);
        };
        assertThat(ids).isNotEmpty();
        assertThat(render(pretty, rows, prettily)).contains("\n").isEqualTo(render(pretty, rows, referencePrettily));
    }

    private static long[] rowIndexes(int n) {
        long[] out = new long[n];
        for (int k = 0; k < n; k++) {
            out[k] = k;
        }
        return out;
    }

    @Test
    void doublesAreWrittenAsTheGeneratorWritesThem() throws IOException {
        SplittableRandom random = new SplittableRandom(1);
        List<Double> values = new ArrayList<>(List.of(
                0.0,
                -0.0,
                1e-3,
                Math.nextDown(1e-3),
                0.01,
                0.05,
                1e7,
                Math.nextDown(1e7),
                9_999_999.99,
                5000.0,
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                Double.MIN_VALUE,
                Double.MAX_VALUE));
        for (int k = 0; k < 300_000; k++) {
            values.add(random.nextLong(1_000_000_000L) / 100.0);
            values.add((double) random.nextLong(20_000_000L));
            values.add(random.nextDouble(-1e8, 1e8));
            values.add(Math.scalb(random.nextDouble(1, 2), random.nextInt(-9, 25)));
            values.add(Math.scalb(1.0, random.nextInt(-9, 25)));
            values.add(Double.longBitsToDouble(random.nextLong()));
        }
        JsonBytes bytes = new JsonBytes();
        for (double v : values) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
                g.writeNumber(v);
            }
            bytes.clear();
            bytes.putDouble(v);
            assertThat(bytes.getValue()).as("%s", v).isEqualTo(out.toString(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void servedPagesAreTheReferenceRendering() throws Exception {
        try (MastEmulator mast = MastEmulator.builder().seed(11).scale(0.02).build()) {
            Caom caom = new Caom(11);
            String south = "[{\"paramName\": \"s_dec\", \"values\": [{\"min\": -90, \"max\": -30}]}]";
            String projection = "obs_id, distance, s_ra, jpegURL, srcDen, sequence_number, obs_title, s_region, obsid";
            assertServedAsReference(
                    mast, caom, "Mast.Caom.Filtered", "{\"columns\": \"*\", \"filters\": " + south + "}", null, 2);
            assertServedAsReference(
                    mast,
                    caom,
                    "Mast.Caom.Filtered",
                    "{\"columns\": \"" + projection + "\", \"filters\": " + south + "}",
                    null,
                    3);
            assertServedAsReference(
                    mast,
                    caom,
                    "Mast.Caom.Cone",
                    "{\"ra\": 83.8, \"dec\": -5.4, \"radius\": 3}",
                    new double[] {83.8, -5.4, 3},
                    1);
            assertServedAsReference(
                    mast,
                    caom,
                    "Mast.Caom.Filtered.Position",
                    "{\"columns\": \"" + projection + "\", \"filters\": [], \"position\": \"10.68, 41.27, 2.5\"}",
                    new double[] {10.68, 41.27, 2.5},
                    1);
        }
    }

    /**
     * Page {@code page} (of 2,000 rows) of a query served over HTTP begins with the reference rendering of its
     * rows, which are found by asking the same query for every column.
     */
    private static void assertServedAsReference(
            MastEmulator mast, Caom caom, String service, String params, double[] cone, int page) throws Exception {
        JsonNode p = JSON.readTree(params);
        ((ObjectNode) p).put("columns", "*");
        JsonNode all = JSON.readTree(invoke(mast, service, p.toString(), page)).get("data");
        long[] ids = new long[all.size()];
        for (int k = 0; k < ids.length; k++) {
            ids[k] = all.get(k).get("obsid").asLong() - Caom.BASE_OBSID;
        }
        assertThat(ids.length).isGreaterThan(100);

        String columnsText = JSON.readTree(params).get("columns") == null
                ? "*"
                : JSON.readTree(params).get("columns").asText();
        int[] columns;
        if (columnsText.equals("*")) {
            columns = allColumns(cone != null);
        } else {
            String[] names = columnsText.split(",");
            columns = new int[names.length];
            for (int k = 0; k < names.length; k++) {
                String n = names[k].trim();
                columns[k] = n.equals("distance") ? DISTANCE : Caom.column(n);
            }
        }
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(expected, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("status", "COMPLETE");
            g.writeStringField("msg", "");
            g.writeArrayFieldStart("data");
            for (long i : ids) {
                writeReference(caom, i, columns, cone, g);
            }
            g.writeEndArray();
        }
        String served = invoke(mast, service, params, page);
        String prefix = expected.toString(StandardCharsets.UTF_8);
        assertThat(served.substring(0, Math.min(served.length(), prefix.length())))
                .isEqualTo(prefix);
        assertThat(served.substring(prefix.length())).startsWith(",\"fields\":[");
    }

    private static String invoke(MastEmulator mast, String service, String params, int page) throws Exception {
        String request = "{\"service\": \"" + service + "\", \"params\": " + params
                + ", \"format\": \"json\", \"pagesize\": 2000, \"page\": " + page + "}";
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(mast.baseUrl() + "/api/v0/invoke"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "request=" + URLEncoder.encode(request, StandardCharsets.UTF_8)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
