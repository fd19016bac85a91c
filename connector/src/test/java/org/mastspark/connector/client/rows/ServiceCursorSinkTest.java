package org.mastspark.connector.client.rows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.client.MastDataException;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.missions.MissionClient;
import org.mastspark.connector.client.missions.MissionCursor;
import org.mastspark.connector.client.missions.MissionSearch;
import org.mastspark.connector.client.panstarrs.PanstarrsClient;
import org.mastspark.connector.client.panstarrs.PanstarrsQuery;
import org.mastspark.connector.stub.RecordedStub;
import org.mastspark.connector.stub.RecordedStub.Answer;
import org.mastspark.emulator.MastEmulator;

/**
 * The Mission Search and Pan-STARRS cursors handing rows to a {@link RowSink}: the sink gets, call by
 * call, the values the array form returns, numbers and booleans through their unboxed calls, strings as
 * UTF-8; a row re-read after an answer broke off inside it starts afresh.
 */
class ServiceCursorSinkTest {
    private static final String SEARCH = "/search/hst/api/v0.1/search";
    private static final String PRODUCTS = "/search/hst/api/v0.1/post_list_products";
    private static final String MEAN = "/api/v0.1/panstarrs/dr2/mean.json";

    /** Every conversion of a value to its column's type, and keys in another case, unknown or missing. */
    private static final String MIXED_ROWS = "["
            + "{\"s\": \"plain\", \"d\": 1.5, \"l\": 42, \"b\": true, \"t\": \"2017-06-21T01:02:03.5\","
            + " \"dt\": \"2017-06-21\"},"
            + "{\"S\": 12345, \"D\": \"2.5\", \"L\": \"7\", \"B\": 0, \"T\": null, \"extra\": [1, {\"x\": 2}]},"
            + "{\"s\": {\"a\": [1, \"x\"]}, \"d\": true, \"l\": 3.0, \"b\": \"yes\"},"
            + "{\"s\": \"\u00e9\u20ac\ud83d\ude00\", \"d\": \"NaN\", \"l\": false, \"b\": false},"
            + "{\"s\": \"\\ud800x\", \"l\": 9007199254740993},"
            + "{\"s\": \"\", \"d\": \"\", \"l\": \"\", \"b\": \"\"}"
            + "]";

    /** The calls each row of {@link #MIXED_ROWS} makes, in order. */
    private static final List<List<String>> MIXED_CALLS = List.of(
            List.of(
                    "utf8 0 plain",
                    "double 1 1.5",
                    "long 2 42",
                    "boolean 3 true",
                    "value 4 Instant 2017-06-21T01:02:03.500Z",
                    "value 5 LocalDate 2017-06-21"),
            List.of("utf8 0 12345", "double 1 2.5", "long 2 7", "boolean 3 false", "null 4"),
            List.of("value 0 String {\"a\":[1,\"x\"]}", "double 1 1.0", "long 2 3", "boolean 3 true"),
            List.of("utf8 0 \u00e9\u20ac\ud83d\ude00", "double 1 NaN", "long 2 0", "boolean 3 false"),
            List.of("value 0 String \ud800x", "long 2 9007199254740993"),
            List.of("utf8 0 ", "null 1", "null 2", "null 3"));

    private RecordedStub stub;

    @BeforeEach
    void start() {
        stub = new RecordedStub();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private static RowLayout mixedLayout() {
        return RowLayout.builder()
                .add("s", MastType.STRING)
                .add("d", MastType.DOUBLE)
                .add("l", MastType.LONG)
                .add("b", MastType.BOOLEAN)
                .add("t", MastType.TIMESTAMP)
                .add("dt", MastType.DATE)
                .add("missing", MastType.STRING)
                .build();
    }

    private static String missionAnswer(String rows) {
        return "{\"messages\": [], \"totalResults\": 6, \"results\": " + rows + "}";
    }

    @Test
    void everyConversionReachesTheSinkThroughItsTypedCallWithTheArrayFormsValue() {
        stub.on(SEARCH, r -> Answer.ok(missionAnswer(MIXED_ROWS)));
        MissionClient client = new MissionClient(stub.quickRetries());
        RowLayout layout = mixedLayout();
        Compared both = compare(
                () -> client.search(MissionSearch.of("hst"), -1, layout, new ClientMetrics()),
                sink -> client.search(MissionSearch.of("hst"), -1, layout, new ClientMetrics(), sink),
                layout.size());
        assertThat(both.sink.rowCalls).isEqualTo(MIXED_CALLS);
        assertThat(both.sink.starts).isEqualTo(6);
        assertThat(both.arrays.get(4)[0]).isEqualTo("\ud800x");
        assertThat(both.arrays.get(3)[1]).isEqualTo(Double.NaN);
    }

    @Test
    void aRowBrokenOffAfterSomeValuesIsStartedAgainAndNothingIsRepeatedOrLost() {
        String full = missionAnswer(MIXED_ROWS);
        // inside the third row, after its string and double went to the sink
        int cut = full.indexOf("\"l\": 3.0");
        AtomicInteger calls = new AtomicInteger();
        stub.on(
                SEARCH,
                r -> calls.getAndIncrement() == 0
                        ? new Answer(200, full.substring(0, cut).getBytes(StandardCharsets.UTF_8))
                        : Answer.ok(full));
        MissionClient client = new MissionClient(stub.quickRetries());
        RecordingSink sink = new RecordingSink(mixedLayout().size());
        ClientMetrics metrics = new ClientMetrics();
        readSink(sink, client.search(MissionSearch.of("hst"), -1, mixedLayout(), metrics, sink));
        assertThat(sink.rowCalls).isEqualTo(MIXED_CALLS);
        // six rows and the third once more: the rows before it were skipped without reaching the sink
        assertThat(sink.starts).isEqualTo(7);
        assertThat(sink.abandoned).containsExactly(List.of("value 0 String {\"a\":[1,\"x\"]}", "double 1 1.0"));
        assertThat(metrics.retries()).isEqualTo(1);
        assertThat(stub.requests()).hasSize(2);
    }

    @Test
    void aValueThatDoesNotConvertFailsWithTheArrayFormsMessage() {
        stub.on(SEARCH, r -> Answer.ok(missionAnswer("[{\"s\": \"a\"}, {\"l\": 2.5}]")));
        MissionClient client = new MissionClient(stub.quickRetries());
        RowLayout layout = mixedLayout();
        String message = "Column 'l': value '2.5' is not a valid long; give the column another type with"
                + " .schema(...) to read it as it is";
        assertThatThrownBy(
                        () -> readArrays(() -> client.search(MissionSearch.of("hst"), -1, layout, new ClientMetrics())))
                .isInstanceOf(MastDataException.class)
                .hasMessage(message);
        RecordingSink sink = new RecordingSink(layout.size());
        assertThatThrownBy(() ->
                        readSink(sink, client.search(MissionSearch.of("hst"), -1, layout, new ClientMetrics(), sink)))
                .isInstanceOf(MastDataException.class)
                .hasMessage(message);
        assertThat(sink.rowCalls).containsExactly(List.of("utf8 0 a"));
    }

    @Test
    void positionalRowsGoToTheSlotsTheirInfoNamesIgnoringCase() {
        stub.on(
                MEAN,
                r -> Answer.ok("{\"info\": [{\"name\": \"objName\"}, {\"name\": \"objid\"}, {\"name\": \"skipMe\"},"
                        + " {\"name\": \"raMean\"}], \"data\": [[\"a\", 1, \"x\", 1.5], [\"b\", \"2\", [3], \"3\"],"
                        + " [\"c\"], [null, null, null, null, \"beyond info\"]]}"));
        PanstarrsClient client = new PanstarrsClient(stub.quickRetries());
        PanstarrsQuery q = new PanstarrsQuery("dr2", "mean", null, null, null, null, null, null, 10);
        RowLayout layout = RowLayout.builder()
                .add("objName", MastType.STRING)
                .add("objID", MastType.LONG)
                .add("raMean", MastType.DOUBLE)
                .add("flag", MastType.BOOLEAN)
                .build();
        Compared both = compare(
                () -> client.query(q, 1, 1, layout, new ClientMetrics()),
                sink -> client.query(q, 1, 1, layout, new ClientMetrics(), sink),
                layout.size());
        assertThat(both.sink.rowCalls)
                .containsExactly(
                        List.of("utf8 0 a", "long 1 1", "double 2 1.5"),
                        List.of("utf8 0 b", "long 1 2", "double 2 3.0"),
                        List.of("utf8 0 c"),
                        List.of("null 0", "null 1", "null 2"));
    }

    @Test
    void nestedProductArraysAreFlattenedIntoTheSink() {
        stub.on(
                PRODUCTS,
                r -> Answer.ok("{\"products\": [[{\"filename\": \"a.fits\", \"size\": 1}],"
                        + " [{\"filename\": \"b.fits\", \"size\": 2}, [{\"Filename\": \"c.fits\"}]]]}"));
        MissionClient client = new MissionClient(stub.quickRetries());
        RowLayout layout = RowLayout.builder()
                .add("filename", MastType.STRING)
                .add("size", MastType.LONG)
                .build();
        Compared both = compare(
                () -> client.products("hst", List.of("X"), layout, new ClientMetrics()),
                sink -> client.products("hst", List.of("X"), layout, new ClientMetrics(), sink),
                layout.size());
        assertThat(both.sink.rowCalls)
                .containsExactly(
                        List.of("utf8 0 a.fits", "long 1 1"),
                        List.of("utf8 0 b.fits", "long 1 2"),
                        List.of("utf8 0 c.fits"));
    }

    @Test
    void currentIsRefusedWhenTheRowsGoToASink() {
        stub.on(SEARCH, r -> Answer.ok(missionAnswer("[{\"s\": \"a\"}]")));
        MissionClient client = new MissionClient(stub.quickRetries());
        try (MissionCursor c =
                client.search(MissionSearch.of("hst"), -1, mixedLayout(), new ClientMetrics(), new RecordingSink(7))) {
            assertThat(c.next()).isTrue();
            assertThatThrownBy(c::current)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("this cursor hands its rows to a RowSink");
        }
    }

    /**
     * Every column of three pages of synthetic hst datasets, read into a sink from an emulator that drops
     * the connection inside the answer, equals the array form's rows from a fault-free one.
     */
    @Test
    void emulatedMissionPagesBrokenOffMidAnswerGiveTheArrayFormsRowsAndTypes() {
        try (MastEmulator fine = MastEmulator.builder().seed(3).scale(0.02).build();
                MastEmulator faulty = MastEmulator.builder().seed(3).scale(0.02).build()) {
            faulty.faults()
                    .pathPrefix(SEARCH)
                    .resetMidBodyRate(1.0)
                    .resetAtByte(40_000)
                    .resetLimit(1);
            MissionClient fineClient = new MissionClient(quick(fine.baseUrl()));
            MissionClient faultyClient = new MissionClient(quick(faulty.baseUrl()));
            RowLayout.Builder b = RowLayout.builder();
            fineClient.columns("hst", new ClientMetrics()).forEach(col -> b.add(col.name(), col.type()));
            RowLayout layout = b.build();
            MissionSearch search =
                    MissionSearch.of("hst").withSelectCols(List.of("*")).withPage(200, 0);
            ClientMetrics metrics = new ClientMetrics();
            Compared both = compare(
                    () -> fineClient.search(search, 600, layout, new ClientMetrics()),
                    sink -> faultyClient.search(search, 600, layout, metrics, sink),
                    layout.size());
            assertThat(both.arrays).hasSize(600);
            assertThat(faulty.faults().injectedResets()).containsExactly(40_000L);
            // the drop fell inside a row, after some of its values reached the sink
            assertThat(both.sink.abandoned).hasSize(1);
            assertThat(both.sink.abandoned.get(0)).isNotEmpty();
            assertThat(metrics.retries()).isEqualTo(1);
            assertThat(both.sink.rowCalls.get(0)).anyMatch(s -> s.startsWith("double "));
            assertThat(both.sink.rowCalls.get(0)).anyMatch(s -> s.startsWith("long "));
            assertThat(both.sink.rowCalls.get(0)).anyMatch(s -> s.startsWith("value ") && s.contains(" Instant "));
        }
    }

    /** The same for Pan-STARRS pages of positional rows. */
    @Test
    void emulatedPanstarrsPagesBrokenOffMidAnswerGiveTheArrayFormsRowsAndTypes() {
        try (MastEmulator fine = MastEmulator.builder().seed(3).scale(0.02).build();
                MastEmulator faulty = MastEmulator.builder().seed(3).scale(0.02).build()) {
            faulty.faults()
                    .pathPrefix(MEAN)
                    .resetMidBodyRate(1.0)
                    .resetAtByte(30_000)
                    .resetLimit(1);
            PanstarrsClient fineClient = new PanstarrsClient(quick(fine.baseUrl()));
            PanstarrsClient faultyClient = new PanstarrsClient(quick(faulty.baseUrl()));
            RowLayout.Builder b = RowLayout.builder();
            fineClient.metadata("dr2", "mean", new ClientMetrics()).forEach(col -> b.add(col.name(), col.mastType()));
            RowLayout layout = b.build();
            PanstarrsQuery q = new PanstarrsQuery("dr2", "mean", 150.1, 2.2, 0.2, null, null, null, 300);
            ClientMetrics metrics = new ClientMetrics();
            Compared both = compare(
                    () -> fineClient.query(q, 1, 1, layout, new ClientMetrics()),
                    sink -> faultyClient.query(q, 1, 1, layout, metrics, sink),
                    layout.size());
            assertThat(both.arrays).hasSizeGreaterThan(300);
            assertThat(faulty.faults().injectedResets()).containsExactly(30_000L);
            // the drop fell inside a row, after some of its values reached the sink
            assertThat(both.sink.abandoned).hasSize(1);
            assertThat(both.sink.abandoned.get(0)).isNotEmpty();
            assertThat(metrics.retries()).isEqualTo(1);
            assertThat(both.sink.rowCalls.get(0)).anyMatch(s -> s.startsWith("double "));
            assertThat(both.sink.rowCalls.get(0)).anyMatch(s -> s.startsWith("long "));
        }
    }

    private static MastClientConfig quick(String baseUrl) {
        return MastClientConfig.builder()
                .baseUrl(baseUrl)
                .initialBackoff(Duration.ofMillis(1))
                .maxBackoff(Duration.ofMillis(5))
                .build();
    }

    private record Compared(List<Object[]> arrays, RecordingSink sink) {}

    /**
     * Reads the rows both ways and checks them value by value and type by type: the same values of the
     * same classes, a {@code Long} through {@code putLong}, a {@code Double} through {@code putDouble}, a
     * {@code Boolean} through {@code putBoolean}, a string through {@code putUtf8} (or, for a JSON
     * structure or text UTF-8 cannot carry, {@code putValue}), each slot at most once per row.
     */
    private static Compared compare(Supplier<RowCursor> arrayForm, Function<RowSink, RowCursor> sinkForm, int width) {
        List<Object[]> arrays = readArrays(arrayForm);
        RecordingSink sink = new RecordingSink(width);
        List<Object[]> sunk = readSink(sink, sinkForm.apply(sink));
        assertThat(sunk).hasSameSizeAs(arrays);
        for (int r = 0; r < arrays.size(); r++) {
            List<String> calls = sink.rowCalls.get(r);
            for (int i = 0; i < width; i++) {
                Object want = arrays.get(r)[i];
                Object got = sunk.get(r)[i];
                String where = "row " + r + " slot " + i;
                assertThat(got).as(where).isEqualTo(want);
                String slot = Integer.toString(i);
                List<String> kinds = calls.stream()
                        .map(c -> c.split(" ", 3))
                        .filter(c -> c[1].equals(slot))
                        .map(c -> c[0])
                        .toList();
                assertThat(kinds).as(where).hasSizeLessThanOrEqualTo(1);
                if (want == null) {
                    assertThat(kinds).as(where).isSubsetOf("null");
                    continue;
                }
                assertThat(got.getClass()).as(where).isEqualTo(want.getClass());
                String kind = kinds.get(0);
                if (want instanceof Long) {
                    assertThat(kind).as(where).isEqualTo("long");
                } else if (want instanceof Double) {
                    assertThat(kind).as(where).isEqualTo("double");
                } else if (want instanceof Boolean) {
                    assertThat(kind).as(where).isEqualTo("boolean");
                } else if (want instanceof String) {
                    assertThat(kind).as(where).isIn("utf8", "value");
                } else {
                    assertThat(kind).as(where).isEqualTo("value");
                }
            }
        }
        return new Compared(arrays, sink);
    }

    private static List<Object[]> readArrays(Supplier<RowCursor> open) {
        List<Object[]> rows = new ArrayList<>();
        try (RowCursor c = open.get()) {
            while (c.next()) {
                rows.add(c.current());
            }
        }
        return rows;
    }

    private static List<Object[]> readSink(RecordingSink sink, RowCursor cursor) {
        List<Object[]> rows = new ArrayList<>();
        try (RowCursor c = cursor) {
            while (c.next()) {
                rows.add(sink.values);
                sink.rowCalls.add(sink.calls);
            }
        }
        return rows;
    }

    /**
     * Records each row's calls in order ({@code "<kind> <slot> <value>"}) and its values as the calls gave
     * them; the calls of a row started again before it was returned are kept as abandoned.
     */
    private static final class RecordingSink implements RowSink {
        private final int width;
        final List<List<String>> rowCalls = new ArrayList<>();
        final List<List<String>> abandoned = new ArrayList<>();
        List<String> calls;
        Object[] values;
        int starts;

        RecordingSink(int width) {
            this.width = width;
        }

        @Override
        public void startRow() {
            if (calls != null && calls != lastReturned()) {
                abandoned.add(calls);
            }
            starts++;
            calls = new ArrayList<>();
            values = new Object[width];
        }

        private List<String> lastReturned() {
            return rowCalls.isEmpty() ? null : rowCalls.get(rowCalls.size() - 1);
        }

        @Override
        public void putNull(int slot) {
            calls.add("null " + slot);
            values[slot] = null;
        }

        @Override
        public void putUtf8(int slot, byte[] bytes, int offset, int length) {
            String s = new String(bytes, offset, length, StandardCharsets.UTF_8);
            calls.add("utf8 " + slot + " " + s);
            values[slot] = s;
        }

        @Override
        public void putDouble(int slot, double value) {
            calls.add("double " + slot + " " + value);
            values[slot] = value;
        }

        @Override
        public void putLong(int slot, long value) {
            calls.add("long " + slot + " " + value);
            values[slot] = value;
        }

        @Override
        public void putBoolean(int slot, boolean value) {
            calls.add("boolean " + slot + " " + value);
            values[slot] = value;
        }

        @Override
        public void putValue(int slot, Object value) {
            calls.add("value " + slot + " " + value.getClass().getSimpleName() + " " + value);
            values[slot] = value;
        }
    }
}
