package org.mastspark.connector.read.hats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mastspark.connector.hats.ParquetReadStats;
import org.mastspark.connector.hats.ParquetRows;
import org.mastspark.connector.hats.TypedParquetFile;
import org.mastspark.connector.read.SparkRowSink;

/** Spark's types for every Parquet type, and rows of them through {@link SparkRowSink} into UnsafeRows. */
class ParquetSchemasTest {
    private static final StructType SPARK = ParquetSchemas.toSpark(TypedParquetFile.SCHEMA);

    @TempDir
    java.nio.file.Path dir;

    @Test
    void everyParquetTypeHasSparksType() {
        assertThat(SPARK.treeString()).isEqualTo("""
                root
                 |-- id: long (nullable = false)
                 |-- flag: boolean (nullable = true)
                 |-- i8: byte (nullable = true)
                 |-- i16: short (nullable = true)
                 |-- i32: integer (nullable = true)
                 |-- i64: long (nullable = true)
                 |-- u8: short (nullable = true)
                 |-- u16: integer (nullable = true)
                 |-- u32: long (nullable = true)
                 |-- u64: decimal(20,0) (nullable = true)
                 |-- f: float (nullable = true)
                 |-- d: double (nullable = true)
                 |-- s: string (nullable = true)
                 |-- band: string (nullable = true)
                 |-- e: string (nullable = true)
                 |-- j: string (nullable = true)
                 |-- bin: binary (nullable = true)
                 |-- fixed: binary (nullable = true)
                 |-- day: date (nullable = true)
                 |-- ts_ms: timestamp (nullable = true)
                 |-- ts_us: timestamp (nullable = true)
                 |-- ts_ns_local: timestamp_ntz (nullable = true)
                 |-- ts96: timestamp (nullable = true)
                 |-- dec32: decimal(9,2) (nullable = true)
                 |-- dec64: decimal(18,4) (nullable = true)
                 |-- dec_fixed: decimal(38,10) (nullable = true)
                 |-- dec_wide: string (nullable = true)
                 |-- arr3: array (nullable = true)
                 |    |-- element: double (containsNull = true)
                 |-- arr2: array (nullable = true)
                 |    |-- element: integer (containsNull = false)
                 |-- rep: array (nullable = false)
                 |    |-- element: long (containsNull = false)
                 |-- st: struct (nullable = true)
                 |    |-- a: long (nullable = true)
                 |    |-- b: string (nullable = true)
                 |-- m: map (nullable = true)
                 |    |-- key: string
                 |    |-- value: long (valueContainsNull = true)
                """);
        assertThat(SPARK.apply("u8").metadata().getString(ParquetSchemas.PARQUET_TYPE))
                .isEqualTo("int32 (INTEGER(8,false))");
        assertThat(SPARK.apply("fixed").metadata().getString(ParquetSchemas.PARQUET_TYPE))
                .isEqualTo("fixed_len_byte_array(4)");
        assertThat(SPARK.apply("arr3").metadata().getString(ParquetSchemas.PARQUET_TYPE))
                .isEqualTo("group (LIST)");
    }

    @Test
    void rowsOfEveryTypeReachUnsafeRowsAsSparkStoresThem() throws IOException {
        Configuration conf = new Configuration();
        Path file = new Path(dir.resolve("typed.parquet").toUri());
        int n = 300;
        TypedParquetFile.write(conf, file, n);
        SparkRowSink sink = new SparkRowSink(SPARK, SPARK.size());
        List<String> columns = TypedParquetFile.COLUMNS;
        try (ParquetRows rows =
                ParquetRows.open(conf, file, 0, Long.MAX_VALUE, columns, null, sink, new ParquetReadStats())) {
            for (int i = 0; i < n; i++) {
                assertThat(rows.next()).isTrue();
                UnsafeRow row = sink.finishRow();
                Object[] e = TypedParquetFile.expected(i);
                for (int c = 0; c < columns.size(); c++) {
                    check(row, c, columns.get(c), e[c], "row " + i + " " + columns.get(c));
                }
            }
            assertThat(rows.next()).isFalse();
        }
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    private static void check(InternalRow row, int c, String column, Object e, String what) {
        if (e == null) {
            assertThat(row.isNullAt(c)).as(what).isTrue();
            return;
        }
        assertThat(row.isNullAt(c)).as(what).isFalse();
        switch (column) {
            case "id", "i64", "u32" -> assertThat(row.getLong(c)).as(what).isEqualTo(e);
            case "flag" -> assertThat(row.getBoolean(c)).as(what).isEqualTo(e);
            case "i8" -> assertThat((long) row.getByte(c)).as(what).isEqualTo(e);
            case "i16", "u8" -> assertThat((long) row.getShort(c)).as(what).isEqualTo(e);
            case "i32", "u16" -> assertThat((long) row.getInt(c)).as(what).isEqualTo(e);
            case "u64" ->
                assertThat(row.getDecimal(c, 20, 0).toJavaBigDecimal()).as(what).isEqualTo(e);
            case "dec32" ->
                assertThat(row.getDecimal(c, 9, 2).toJavaBigDecimal()).as(what).isEqualTo(e);
            case "dec64" ->
                assertThat(row.getDecimal(c, 18, 4).toJavaBigDecimal()).as(what).isEqualTo(e);
            case "dec_fixed" ->
                assertThat(row.getDecimal(c, 38, 10).toJavaBigDecimal())
                        .as(what)
                        .isEqualByComparingTo((BigDecimal) e);
            // boxed, so that NaN equals NaN and -0.0 differs from 0.0
            case "f" ->
                assertThat((Object) Float.valueOf(row.getFloat(c))).as(what).isEqualTo(Float.valueOf((float)
                        (double) (Double) e));
            case "d" ->
                assertThat((Object) Double.valueOf(row.getDouble(c))).as(what).isEqualTo(e);
            case "s", "band", "e", "j", "dec_wide" ->
                assertThat(row.getUTF8String(c).toString()).as(what).isEqualTo(e);
            case "bin", "fixed" -> assertThat(row.getBinary(c)).as(what).isEqualTo(e);
            case "day" -> assertThat((long) row.getInt(c)).as(what).isEqualTo(((LocalDate) e).toEpochDay());
            case "ts_ms", "ts_us", "ts_ns_local", "ts96" ->
                assertThat(row.getLong(c)).as(what).isEqualTo(micros((Instant) e));
            case "arr3" -> {
                Object[] items = (Object[]) e;
                ArrayData a = row.getArray(c);
                assertThat(a.numElements()).as(what).isEqualTo(items.length);
                for (int k = 0; k < items.length; k++) {
                    if (items[k] == null) {
                        assertThat(a.isNullAt(k)).as(what).isTrue();
                    } else {
                        assertThat(a.getDouble(k)).as(what).isEqualTo(items[k]);
                    }
                }
            }
            case "arr2" -> {
                Object[] items = (Object[]) e;
                ArrayData a = row.getArray(c);
                assertThat(a.numElements()).as(what).isEqualTo(items.length);
                for (int k = 0; k < items.length; k++) {
                    assertThat((long) a.getInt(k)).as(what).isEqualTo(items[k]);
                }
            }
            case "rep" ->
                assertThat(row.getArray(c).toLongArray())
                        .as(what)
                        .containsExactly(java.util.Arrays.stream((Object[]) e)
                                .mapToLong(x -> (Long) x)
                                .toArray());
            case "st" -> {
                Object[] f = (Object[]) e;
                InternalRow st = row.getStruct(c, 2);
                assertThat(st.getLong(0)).as(what).isEqualTo(f[0]);
                if (f[1] == null) {
                    assertThat(st.isNullAt(1)).as(what).isTrue();
                } else {
                    assertThat(st.getUTF8String(1).toString()).as(what).isEqualTo(f[1]);
                }
            }
            case "m" -> {
                Map<?, ?> m = (Map<?, ?>) e;
                MapData got = row.getMap(c);
                assertThat(got.numElements()).as(what).isEqualTo(m.size());
                int k = 0;
                for (Map.Entry<?, ?> entry : m.entrySet()) {
                    assertThat(got.keyArray().getUTF8String(k).toString())
                            .as(what)
                            .isEqualTo(entry.getKey());
                    if (entry.getValue() == null) {
                        assertThat(got.valueArray().isNullAt(k)).as(what).isTrue();
                    } else {
                        assertThat(got.valueArray().getLong(k)).as(what).isEqualTo(entry.getValue());
                    }
                    k++;
                }
            }
            default -> throw new AssertionError("no check for " + column);
        }
    }
}
