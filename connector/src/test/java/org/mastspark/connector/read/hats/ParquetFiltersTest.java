package org.mastspark.connector.read.hats;

import static org.apache.parquet.schema.LogicalTypeAnnotation.decimalType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.intType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.stringType;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BOOLEAN;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.DOUBLE;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.FLOAT;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mastspark.connector.hats.ParquetReadStats;
import org.mastspark.connector.hats.ParquetRows;
import org.mastspark.connector.read.Comparison;

/**
 * Every pushed filter keeps exactly the rows Spark's predicate keeps, on a file with nulls, NaN and both
 * zeros in several row groups (NaN first in the first group); what cannot be pushed exactly gives null.
 * The expected rows come from Spark's comparison rules written out here: null never matches, NaN equals
 * NaN and is above every number, -0.0 equals 0.0, a float column compares as a double.
 */
class ParquetFiltersTest {
    private static final int ROWS = 2000;
    private static final Configuration CONF = new Configuration();
    private static final MessageType SCHEMA = Types.buildMessage()
            .required(INT64)
            .named("id")
            .optional(INT32)
            .named("i32")
            .optional(INT32)
            .as(intType(8, false))
            .named("u8")
            .optional(INT32)
            .as(intType(16, false))
            .named("u16")
            .optional(INT32)
            .as(intType(32, false))
            .named("u32")
            .optional(FLOAT)
            .named("f")
            .optional(DOUBLE)
            .named("d")
            .optional(BINARY)
            .as(stringType())
            .named("s")
            .optional(BOOLEAN)
            .named("b")
            .optional(INT64)
            .as(decimalType(2, 10))
            .named("dec")
            .named("filters");
    private static final StructType SPARK = ParquetSchemas.toSpark(SCHEMA);

    @TempDir
    static java.nio.file.Path dir;

    private static Path file;

    private static boolean nul(int i) {
        return i % 9 == 4;
    }

    private static int i32(int i) {
        return (i * 7919) % 1000 - 500;
    }

    private static int u8(int i) {
        return i % 256;
    }

    private static int u16(int i) {
        return (i * 37) % 65536;
    }

    private static float f(int i) {
        return switch (i % 10) {
            case 0 -> Float.NaN;
            case 1 -> -0.0f;
            case 2 -> 0.0f;
            case 3 -> 0.1f;
            case 5 -> 0.5f;
            default -> (i % 100 - 50) / 8.0f;
        };
    }

    private static double d(int i) {
        return switch (i % 12) {
            case 0 -> Double.NaN;
            case 1 -> -0.0;
            case 2 -> 0.0;
            case 3 -> Double.POSITIVE_INFINITY;
            default -> (i % 100 - 50) / 3.0;
        };
    }

    private static String s(int i) {
        return i % 4 == 0 ? "é" + i % 50 : "s" + i % 50;
    }

    @BeforeAll
    static void write() throws IOException {
        file = new Path(dir.resolve("filters.parquet").toUri());
        SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(file)
                .withConf(CONF)
                .withType(SCHEMA)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withRowGroupSize(4 * 1024)
                .withPageSize(512)
                .build()) {
            for (int i = 0; i < ROWS; i++) {
                Group g = groups.newGroup();
                g.append("id", (long) i);
                if (!nul(i)) {
                    g.append("i32", i32(i));
                    g.append("u8", u8(i));
                    g.append("u16", u16(i));
                    g.append("u32", (int) (4_000_000_000L + i));
                    g.append("f", f(i));
                    g.append("d", d(i));
                    g.append("s", s(i));
                    g.append("b", i % 3 == 0);
                    g.append("dec", (long) i);
                }
                w.write(g);
            }
        }
    }

    private static Comparison cmp(String op, String column, Object... values) {
        return new Comparison(op, SPARK.apply(column), List.of(values));
    }

    private static List<Long> read(FilterPredicate filter) {
        List<Long> ids = new ArrayList<>();
        ParquetReadStats stats = new ParquetReadStats();
        try (ParquetRows rows = ParquetRows.open(CONF, file, 0, Long.MAX_VALUE, List.of("id"), filter, null, stats)) {
            while (rows.next()) {
                ids.add((Long) rows.current()[0]);
            }
        }
        return ids;
    }

    /** The ids of the rows where p holds, and the column (every one but the required id) is not null. */
    private static List<Long> where(String column, Predicate<Integer> p) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            if ((column.equals("id") || !nul(i)) && p.test(i)) {
                ids.add((long) i);
            }
        }
        return ids;
    }

    /** Spark's order of doubles: NaN = NaN, NaN above all, -0.0 = 0.0. */
    private static int spark(double x, double y) {
        return x == y ? 0 : Double.compare(x, y);
    }

    private static void assertKeeps(Comparison c, Predicate<Integer> spark) {
        FilterPredicate filter = ParquetFilters.of(c, SCHEMA);
        assertThat(filter).as(c.toString()).isNotNull();
        assertThat(read(filter)).as(c + " as " + filter).containsExactlyElementsOf(where(c.column(), spark));
    }

    @Test
    void integerComparisonsKeepSparksRows() {
        assertKeeps(cmp("=", "id", 17L), i -> i == 17);
        assertKeeps(cmp("!=", "i32", -3), i -> i32(i) != -3);
        assertKeeps(cmp("<", "i32", -100), i -> i32(i) < -100);
        assertKeeps(cmp("<=", "i32", -100), i -> i32(i) <= -100);
        assertKeeps(cmp(">", "id", 1500L), i -> i > 1500);
        assertKeeps(cmp(">=", "id", 1500L), i -> i >= 1500);
        assertKeeps(cmp("IN", "i32", 1, -3, 499), i -> List.of(1, -3, 499).contains(i32(i)));
        // unsigned 8 and 16-bit columns, with literals above the signed range of their width
        assertKeeps(cmp(">", "u8", (short) 200), i -> u8(i) > 200);
        assertKeeps(cmp("<=", "u16", 40_000), i -> u16(i) <= 40_000);
    }

    @Test
    void stringAndBooleanComparisonsKeepSparksRows() {
        UTF8String e7 = UTF8String.fromString("é8");
        assertKeeps(cmp("=", "s", e7), i -> s(i).equals("é8"));
        assertKeeps(cmp("!=", "s", e7), i -> !s(i).equals("é8"));
        // UTF-8 byte order: "é" (0xC3 0xA9) sorts after every ASCII letter
        assertKeeps(cmp(">=", "s", UTF8String.fromString("s4")), i -> bytesCompare(s(i), "s4") >= 0);
        assertKeeps(cmp("<", "s", UTF8String.fromString("s4")), i -> bytesCompare(s(i), "s4") < 0);
        assertKeeps(
                cmp("IN", "s", UTF8String.fromString("s1"), UTF8String.fromString("é0")),
                i -> s(i).equals("s1") || s(i).equals("é0"));
        assertKeeps(cmp("=", "b", true), i -> i % 3 == 0);
        assertKeeps(cmp("!=", "b", true), i -> i % 3 != 0);
        assertKeeps(cmp("IN", "b", false), i -> i % 3 != 0);
    }

    private static int bytesCompare(String a, String b) {
        return UTF8String.fromString(a).compareTo(UTF8String.fromString(b));
    }

    @Test
    void floatingComparisonsKeepSparksRowsWithNanAndSignedZeros() {
        // NaN rows come first in the first row group: statistics must not hide the rows after them
        assertKeeps(cmp("<", "d", 5.0), i -> spark(d(i), 5.0) < 0);
        assertKeeps(cmp("<=", "d", -0.0), i -> spark(d(i), 0.0) <= 0);
        assertKeeps(cmp("<", "d", 0.0), i -> spark(d(i), 0.0) < 0);
        assertKeeps(cmp("=", "d", 0.0), i -> spark(d(i), 0.0) == 0);
        assertKeeps(
                cmp("IN", "d", -0.0, 1.0, Double.POSITIVE_INFINITY),
                i -> spark(d(i), 0.0) == 0 || spark(d(i), 1.0) == 0 || spark(d(i), Double.POSITIVE_INFINITY) == 0);
        assertKeeps(cmp("=", "f", 0.0f), i -> spark(f(i), 0.0) == 0);
        assertKeeps(cmp("<", "f", -0.0f), i -> spark(f(i), 0.0) < 0);
        // a double literal on a float column: Spark compares the float widened to double
        assertKeeps(cmp("<", "f", 0.1), i -> spark(f(i), 0.1) < 0);
        assertKeeps(cmp("<=", "f", 0.1), i -> spark(f(i), 0.1) <= 0);
        assertKeeps(cmp("<=", "f", (double) 0.1f), i -> spark(f(i), (double) 0.1f) <= 0);
        assertKeeps(
                cmp("IN", "f", 0.5, 0.1, (double) 0.1f), i -> spark(f(i), 0.5) == 0 || spark(f(i), (double) 0.1f) == 0);
    }

    @Test
    void whatCannotBeExactIsNotPushed() {
        // NaN rows match these in Spark, but Arrow leaves NaN out of min/max statistics
        assertThat(ParquetFilters.of(cmp(">", "d", 1.0), SCHEMA)).isNull();
        assertThat(ParquetFilters.of(cmp(">=", "f", 1.0f), SCHEMA)).isNull();
        assertThat(ParquetFilters.of(cmp("!=", "d", 1.0), SCHEMA)).isNull();
        assertThat(ParquetFilters.of(cmp("=", "d", Double.NaN), SCHEMA)).isNull();
        // no float is equal to 0.1
        assertThat(ParquetFilters.of(cmp("=", "f", 0.1), SCHEMA)).isNull();
        // unsigned 32-bit values are compared unsigned by Parquet
        assertThat(ParquetFilters.of(cmp("<", "u32", 4_000_000_100L), SCHEMA)).isNull();
        // a negative literal on an unsigned column
        assertThat(ParquetFilters.of(cmp(">", "u8", (short) -1), SCHEMA)).isNull();
        assertThat(ParquetFilters.of(cmp("=", "dec", org.apache.spark.sql.types.Decimal.apply(1)), SCHEMA))
                .isNull();
        assertThat(ParquetFilters.of(cmp("STARTS_WITH", "s", UTF8String.fromString("s")), SCHEMA))
                .isNull();
        assertThat(ParquetFilters.of(cmp("<", "b", true), SCHEMA)).isNull();
        assertThat(ParquetFilters.of(cmp("=", "i32", 3_000_000_000L), SCHEMA)).isNull();
        assertThat(ParquetFilters.of(
                        new Comparison(
                                "=",
                                new org.apache.spark.sql.types.StructField(
                                        "nope",
                                        org.apache.spark.sql.types.DataTypes.LongType,
                                        true,
                                        org.apache.spark.sql.types.Metadata.empty()),
                                List.of(1L)),
                        SCHEMA))
                .isNull();
    }

    @Test
    void notEqualDemandsANonNullValueAsSparkDoes() {
        assertThat(ParquetFilters.of(cmp("!=", "id", 5L), SCHEMA)).hasToString("and(noteq(id, 5), noteq(id, null))");
    }

    @Test
    void isNotNullOnEveryPrimitiveColumn() {
        for (String c : List.of("i32", "u8", "u32", "f", "d", "s", "b", "dec")) {
            assertThat(read(ParquetFilters.notNull(c, SCHEMA))).as(c).containsExactlyElementsOf(where(c, i -> true));
        }
        assertThat(read(ParquetFilters.notNull("id", SCHEMA))).hasSize(ROWS);
        assertThat(ParquetFilters.notNull("nope", SCHEMA)).isNull();
    }
}
