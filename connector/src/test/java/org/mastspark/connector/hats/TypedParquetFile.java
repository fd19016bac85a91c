package org.mastspark.connector.hats;

import static org.apache.parquet.schema.LogicalTypeAnnotation.dateType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.decimalType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.enumType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.intType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.jsonType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.listType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.mapType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.stringType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.timestampType;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BOOLEAN;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.DOUBLE;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.FLOAT;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT96;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;

/**
 * A Parquet file written with parquet-java's example writer, holding every flat type, lists of both layouts,
 * a struct and a map, with nulls, NaN, signed zeros and a dictionary-encoded string column, in several row
 * groups. Row {@code i}'s values are a function of {@code i} ({@link #expected}), so a read is checked
 * against values computed here, not by the reader.
 */
public final class TypedParquetFile {
    public static final MessageType SCHEMA = Types.buildMessage()
            .required(INT64)
            .named("id")
            .optional(BOOLEAN)
            .named("flag")
            .optional(INT32)
            .as(intType(8, true))
            .named("i8")
            .optional(INT32)
            .as(intType(16, true))
            .named("i16")
            .optional(INT32)
            .named("i32")
            .optional(INT64)
            .named("i64")
            .optional(INT32)
            .as(intType(8, false))
            .named("u8")
            .optional(INT32)
            .as(intType(16, false))
            .named("u16")
            .optional(INT32)
            .as(intType(32, false))
            .named("u32")
            .optional(INT64)
            .as(intType(64, false))
            .named("u64")
            .optional(FLOAT)
            .named("f")
            .optional(DOUBLE)
            .named("d")
            .optional(BINARY)
            .as(stringType())
            .named("s")
            .optional(BINARY)
            .as(stringType())
            .named("band")
            .optional(BINARY)
            .as(enumType())
            .named("e")
            .optional(BINARY)
            .as(jsonType())
            .named("j")
            .optional(BINARY)
            .named("bin")
            .optional(FIXED_LEN_BYTE_ARRAY)
            .length(4)
            .named("fixed")
            .optional(INT32)
            .as(dateType())
            .named("day")
            .optional(INT64)
            .as(timestampType(true, TimeUnit.MILLIS))
            .named("ts_ms")
            .optional(INT64)
            .as(timestampType(true, TimeUnit.MICROS))
            .named("ts_us")
            .optional(INT64)
            .as(timestampType(false, TimeUnit.NANOS))
            .named("ts_ns_local")
            .optional(INT96)
            .named("ts96")
            .optional(INT32)
            .as(decimalType(2, 9))
            .named("dec32")
            .optional(INT64)
            .as(decimalType(4, 18))
            .named("dec64")
            .optional(FIXED_LEN_BYTE_ARRAY)
            .length(16)
            .as(decimalType(10, 38))
            .named("dec_fixed")
            .optional(BINARY)
            .as(decimalType(0, 40))
            .named("dec_wide")
            .optionalGroup()
            .as(listType())
            .repeatedGroup()
            .optional(DOUBLE)
            .named("element")
            .named("list")
            .named("arr3")
            .optionalGroup()
            .as(listType())
            .repeated(INT32)
            .named("array")
            .named("arr2")
            .repeated(INT64)
            .named("rep")
            .optionalGroup()
            .optional(INT64)
            .named("a")
            .optional(BINARY)
            .as(stringType())
            .named("b")
            .named("st")
            .optionalGroup()
            .as(mapType())
            .repeatedGroup()
            .required(BINARY)
            .as(stringType())
            .named("key")
            .optional(INT64)
            .named("value")
            .named("key_value")
            .named("m")
            .named("typed");

    public static final List<String> COLUMNS =
            SCHEMA.getFields().stream().map(t -> t.getName()).toList();

    static final String[] BANDS = {"g", "r", "i", "z", "y"};
    static final long EPOCH_MILLIS = 1_700_000_000_123L;

    private TypedParquetFile() {}

    /** Writes {@code rows} rows in small row groups (several per file for a few thousand rows). */
    public static void write(Configuration conf, Path file, int rows) throws IOException {
        SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(file)
                .withConf(conf)
                .withType(SCHEMA)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withRowGroupSize(16 * 1024)
                .withPageSize(1024)
                .withDictionaryEncoding(true)
                .build()) {
            for (int i = 0; i < rows; i++) {
                w.write(group(groups, i));
            }
        }
    }

    /** Whether row i's optional columns are null (every seventh row, and more for some). */
    public static boolean nullRow(int i) {
        return i % 7 == 3;
    }

    private static Group group(SimpleGroupFactory groups, int i) {
        Group g = groups.newGroup();
        g.append("id", (long) i);
        if (nullRow(i)) {
            g.append("rep", (long) i); // a repeated field has no null: one occurrence
            return g;
        }
        g.append("flag", i % 2 == 0);
        g.append("i8", (int) (byte) (i * 37));
        g.append("i16", (int) (short) (i * 1_237));
        g.append("i32", i * 100_003);
        g.append("i64", (long) i * 10_000_000_019L);
        g.append("u8", i % 256);
        g.append("u16", 65_535 - i % 65_536);
        g.append("u32", (int) (4_294_967_295L - i)); // stored as the signed int with those bits
        g.append("u64", -1L - i); // 2^64 - 1 - i
        g.append("f", floatOf(i));
        g.append("d", doubleOf(i));
        g.append("s", "row " + i + " été");
        g.append("band", BANDS[i % BANDS.length]);
        g.append("e", i % 3 == 0 ? "RED" : "BLUE");
        g.append("j", "{\"i\":" + i + "}");
        g.append("bin", Binary.fromConstantByteArray(binOf(i)));
        g.append(
                "fixed",
                Binary.fromConstantByteArray(ByteBuffer.allocate(4).putInt(i).array()));
        g.append("day", 19_000 + i);
        g.append("ts_ms", EPOCH_MILLIS + i);
        g.append("ts_us", EPOCH_MILLIS * 1000 + i);
        g.append("ts_ns_local", EPOCH_MILLIS * 1_000_000 + i);
        g.add("ts96", Binary.fromConstantByteArray(int96(i)));
        g.append("dec32", i * 101 - 5000);
        g.append("dec64", (long) i * 1_000_003L - 7L);
        g.append(
                "dec_fixed",
                Binary.fromConstantByteArray(twosComplement(decFixedOf(i).unscaledValue(), 16)));
        g.append(
                "dec_wide",
                Binary.fromConstantByteArray(decWideOf(i).toBigInteger().toByteArray()));
        Group arr3 = g.addGroup("arr3");
        for (int k = 0; k < i % 4; k++) {
            Group e = arr3.addGroup("list");
            if (k != 1) {
                e.append("element", i + k / 2.0);
            }
        }
        Group arr2 = g.addGroup("arr2");
        for (int k = 0; k < i % 3; k++) {
            arr2.append("array", i * 10 + k);
        }
        for (int k = 0; k < i % 3; k++) {
            g.append("rep", (long) i + k);
        }
        Group st = g.addGroup("st");
        st.append("a", (long) -i);
        if (i % 2 == 1) {
            st.append("b", "b" + i);
        }
        Group m = g.addGroup("m");
        for (int k = 0; k < i % 3; k++) {
            Group kv = m.addGroup("key_value");
            kv.append("key", "k" + k);
            if (k != 1) {
                kv.append("value", (long) i * k);
            }
        }
        return g;
    }

    static float floatOf(int i) {
        return switch (i % 11) {
            case 0 -> Float.NaN;
            case 1 -> -0.0f;
            case 2 -> 0.0f;
            default -> (i - 500) / 10.0f;
        };
    }

    static double doubleOf(int i) {
        return switch (i % 13) {
            case 0 -> Double.NaN;
            case 1 -> -0.0;
            case 2 -> 0.0;
            case 5 -> Double.NEGATIVE_INFINITY;
            default -> (i - 700) / 3.0;
        };
    }

    static byte[] binOf(int i) {
        return new byte[] {(byte) i, (byte) 0xFF, 0, (byte) (i >> 8)};
    }

    static BigDecimal decFixedOf(int i) {
        return new BigDecimal(BigInteger.valueOf(i).pow(9).negate().add(BigInteger.TEN.pow(20)), 10);
    }

    static BigDecimal decWideOf(int i) {
        return new BigDecimal(BigInteger.TEN.pow(39).add(BigInteger.valueOf(i)));
    }

    /** The INT96 bytes of 2023-11-14T22:13:20Z plus i seconds and 123456789 ns. */
    static byte[] int96(int i) {
        long nanosOfDay = (80_000L + i) * 1_000_000_000L + 123_456_789L;
        int julianDay = 2_440_588 + 19_675;
        return ByteBuffer.allocate(12)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(nanosOfDay)
                .putInt(julianDay)
                .array();
    }

    private static byte[] twosComplement(BigInteger v, int length) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[length];
        Arrays.fill(out, v.signum() < 0 ? (byte) 0xFF : 0);
        System.arraycopy(raw, 0, out, length - raw.length, raw.length);
        return out;
    }

    /**
     * Row i as {@link ParquetRows} documents its values (a cursor opened without a sink), in {@link #COLUMNS}
     * order.
     */
    public static Object[] expected(int i) {
        Object[] row = new Object[COLUMNS.size()];
        row[0] = (long) i;
        if (nullRow(i)) {
            row[COLUMNS.indexOf("rep")] = new Object[] {(long) i};
            return row;
        }
        int c = 1;
        row[c++] = i % 2 == 0;
        row[c++] = (long) (byte) (i * 37);
        row[c++] = (long) (short) (i * 1_237);
        row[c++] = (long) i * 100_003;
        row[c++] = (long) i * 10_000_000_019L;
        row[c++] = (long) (i % 256);
        row[c++] = (long) (65_535 - i % 65_536);
        row[c++] = 4_294_967_295L - i;
        row[c++] =
                new BigDecimal(BigInteger.TWO.pow(64).subtract(BigInteger.ONE).subtract(BigInteger.valueOf(i)));
        row[c++] = (double) floatOf(i);
        row[c++] = doubleOf(i);
        row[c++] = "row " + i + " été";
        row[c++] = BANDS[i % BANDS.length];
        row[c++] = i % 3 == 0 ? "RED" : "BLUE";
        row[c++] = "{\"i\":" + i + "}";
        row[c++] = binOf(i);
        row[c++] = ByteBuffer.allocate(4).putInt(i).array();
        row[c++] = LocalDate.ofEpochDay(19_000 + i);
        row[c++] = Instant.ofEpochMilli(EPOCH_MILLIS + i);
        row[c++] = Instant.ofEpochMilli(EPOCH_MILLIS).plusNanos(i * 1000L);
        row[c++] = Instant.ofEpochMilli(EPOCH_MILLIS).plusNanos(i);
        row[c++] = Instant.parse("2023-11-14T22:13:20.123456789Z").plusSeconds(i);
        row[c++] = BigDecimal.valueOf(i * 101L - 5000, 2);
        row[c++] = BigDecimal.valueOf(i * 1_000_003L - 7L, 4);
        row[c++] = decFixedOf(i);
        row[c++] = decWideOf(i).toPlainString();
        List<Object> arr3 = new ArrayList<>();
        for (int k = 0; k < i % 4; k++) {
            arr3.add(k == 1 ? null : i + k / 2.0);
        }
        row[c++] = arr3.toArray();
        List<Object> arr2 = new ArrayList<>();
        for (int k = 0; k < i % 3; k++) {
            arr2.add((long) i * 10 + k);
        }
        row[c++] = arr2.toArray();
        List<Object> rep = new ArrayList<>();
        for (int k = 0; k < i % 3; k++) {
            rep.add((long) i + k);
        }
        row[c++] = rep.toArray();
        row[c++] = new Object[] {(long) -i, i % 2 == 1 ? "b" + i : null};
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int k = 0; k < i % 3; k++) {
            m.put("k" + k, k == 1 ? null : (long) i * k);
        }
        row[c++] = m;
        return row;
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
