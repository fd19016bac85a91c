package org.mastspark.connector.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SparkRowSinkTest {
    private static final StructType SCHEMA = new StructType()
            .add("s", DataTypes.StringType)
            .add("d", DataTypes.DoubleType)
            .add("f", DataTypes.FloatType)
            .add("l", DataTypes.LongType)
            .add("i", DataTypes.IntegerType)
            .add("h", DataTypes.ShortType)
            .add("b", DataTypes.ByteType)
            .add("z", DataTypes.BooleanType)
            .add("t", DataTypes.TimestampType)
            .add("n", DataTypes.TimestampNTZType)
            .add("day", DataTypes.DateType);

    @Test
    void writesEveryTypeUnboxedAndConvertsAsTheSchemaAsks() {
        SparkRowSink sink = new SparkRowSink(SCHEMA, SCHEMA.size() + 1);
        sink.startRow();
        byte[] text = "xx été yy".getBytes(StandardCharsets.UTF_8);
        sink.putUtf8(0, text, 3, text.length - 6);
        sink.putDouble(1, 293.09734393044442);
        sink.putDouble(2, 0.1);
        sink.putLong(3, 9_223_372_036_854_775_807L);
        sink.putLong(4, -2_147_483_648L);
        sink.putLong(5, 32_767L);
        sink.putLong(6, -128L);
        sink.putBoolean(7, true);
        sink.putValue(8, Instant.parse("1993-09-24T21:00:16.633Z"));
        sink.putValue(9, Instant.parse("2017-06-21T14:20:37Z"));
        sink.putValue(10, LocalDate.of(2017, 6, 21));
        sink.putDouble(11, 54.5);
        assertThat(sink.hasValue(11)).isTrue();
        assertThat(sink.getDouble(11)).isEqualTo(54.5);
        assertThat(sink.getDouble(2)).isEqualTo(0.1f);
        UnsafeRow row = sink.finishRow();

        assertThat(row.numFields()).isEqualTo(11);
        assertThat(row.getUTF8String(0).toString()).isEqualTo("été");
        assertThat(row.getDouble(1)).isEqualTo(293.09734393044442);
        assertThat(row.getFloat(2)).isEqualTo(0.1f);
        assertThat(row.getLong(3)).isEqualTo(Long.MAX_VALUE);
        assertThat(row.getInt(4)).isEqualTo(Integer.MIN_VALUE);
        assertThat(row.getShort(5)).isEqualTo(Short.MAX_VALUE);
        assertThat(row.getByte(6)).isEqualTo(Byte.MIN_VALUE);
        assertThat(row.getBoolean(7)).isTrue();
        assertThat(row.getLong(8)).isEqualTo(748_904_416_633_000L);
        assertThat(row.getLong(9)).isEqualTo(1_498_054_837_000_000L);
        assertThat(row.getInt(10)).isEqualTo(17_338);
    }

    @Test
    void missingKeysAreNullAndTheLastValueOfARepeatedKeyWins() {
        SparkRowSink sink = new SparkRowSink(SCHEMA, SCHEMA.size());
        sink.startRow();
        for (int i = 0; i < 8; i++) {
            sink.putLong(3, i);
        }
        sink.putValue(0, "first");
        UnsafeRow first = sink.finishRow().copy();
        assertThat(first.getUTF8String(0).toString()).isEqualTo("first");
        assertThat(first.getLong(3)).isEqualTo(7L);

        sink.startRow();
        sink.putLong(3, 5);
        sink.putNull(3);
        sink.putNull(1);
        sink.putDouble(1, 2.5);
        UnsafeRow second = sink.finishRow();
        for (int i = 0; i < SCHEMA.size(); i++) {
            assertThat(second.isNullAt(i)).as(SCHEMA.fields()[i].name()).isEqualTo(i != 1);
        }
        assertThat(second.getDouble(1)).isEqualTo(2.5);
        assertThat(sink.hasValue(3)).isFalse();
        assertThat(sink.hasValue(0)).isFalse();
    }

    @Test
    void aValueThatDoesNotFitANarrowColumnNamesColumnValueAndFix() {
        SparkRowSink sink = new SparkRowSink(SCHEMA, SCHEMA.size());
        sink.startRow();
        assertThatThrownBy(() -> sink.putLong(4, 3_000_000_000L))
                .hasMessage("Column 'i': value 3000000000 does not fit int; read it as long with .schema(...)");
        assertThatThrownBy(() -> sink.putLong(6, 128))
                .hasMessage("Column 'b': value 128 does not fit tinyint; read it as long with .schema(...)");
    }

    @Test
    void binaryDecimalAndNestedValuesBecomeSparksValues() {
        StructType schema = new StructType()
                .add("bin", DataTypes.BinaryType)
                .add("dec", DataTypes.createDecimalType(5, 2))
                .add("arr", DataTypes.createArrayType(DataTypes.IntegerType, true))
                .add("st", new StructType().add("a", DataTypes.LongType).add("b", DataTypes.StringType))
                .add("m", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType));
        SparkRowSink sink = new SparkRowSink(schema, schema.size());
        sink.startRow();
        sink.putValue(0, new byte[] {1, -1, 0});
        sink.putValue(1, new java.math.BigDecimal("-123.4"));
        sink.putValue(2, new Object[] {7L, null, -2L});
        sink.putValue(3, new Object[] {5L, "é"});
        java.util.Map<Object, Object> m = new java.util.LinkedHashMap<>();
        m.put("x", 1.5);
        m.put("y", null);
        sink.putValue(4, m);
        UnsafeRow row = sink.finishRow();
        assertThat(row.getBinary(0)).containsExactly(1, -1, 0);
        assertThat(row.getDecimal(1, 5, 2).toJavaBigDecimal()).isEqualTo(new java.math.BigDecimal("-123.40"));
        assertThat(row.getArray(2).numElements()).isEqualTo(3);
        assertThat(row.getArray(2).getInt(0)).isEqualTo(7);
        assertThat(row.getArray(2).isNullAt(1)).isTrue();
        assertThat(row.getArray(2).getInt(2)).isEqualTo(-2);
        assertThat(row.getStruct(3, 2).getLong(0)).isEqualTo(5L);
        assertThat(row.getStruct(3, 2).getUTF8String(1).toString()).isEqualTo("é");
        assertThat(row.getMap(4).keyArray().getUTF8String(1).toString()).isEqualTo("y");
        assertThat(row.getMap(4).valueArray().getDouble(0)).isEqualTo(1.5);
        assertThat(row.getMap(4).valueArray().isNullAt(1)).isTrue();

        sink.startRow();
        assertThatThrownBy(() -> sink.putValue(1, new java.math.BigDecimal("1234.5")))
                .isInstanceOf(org.mastspark.connector.client.MastException.class)
                .hasMessage("Column 'dec': value 1234.5 does not fit decimal(5,2); read it with a wider decimal with"
                        + " .schema(...)");
        assertThatThrownBy(() -> sink.putValue(2, new Object[] {1L << 40}))
                .isInstanceOf(org.mastspark.connector.client.MastException.class)
                .hasMessage(
                        "Column 'arr': value 1099511627776 does not fit int in array<int>; read it with a wider type"
                                + " with .schema(...)");
    }
}
