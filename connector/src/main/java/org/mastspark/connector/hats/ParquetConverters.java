package org.mastspark.connector.hats;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.mastspark.connector.client.rows.RowSink;

/**
 * parquet-java converters that hand each value straight to a {@link RowSink} slot: top-level primitives
 * unboxed ({@code putLong}, {@code putDouble}, {@code putUtf8}, {@code putBoolean}), everything else as the
 * Java value {@link ParquetRows} documents. Nested values (lists, structs, maps) are built as Java objects
 * and handed whole when their group ends.
 */
final class ParquetConverters {
    /** Decimals wider than this are handed as plain text: Spark's decimals stop at 38 digits. */
    static final int MAX_DECIMAL_PRECISION = 38;

    private static final long JULIAN_DAY_OF_EPOCH = 2_440_588L;
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;

    private ParquetConverters() {}

    /** How a primitive column's values become sink values. */
    enum Kind {
        BOOLEAN,
        /** Signed integers (and TIME values), as longs. */
        INTEGER,
        /** Unsigned 8, 16 and 32-bit integers, as non-negative longs. */
        UNSIGNED_INT,
        /** Unsigned 64-bit integers, as {@code BigDecimal} (Spark's decimal(20,0)). */
        UNSIGNED_LONG,
        FLOAT,
        DOUBLE,
        STRING,
        BINARY,
        DATE,
        TIMESTAMP_MILLIS,
        TIMESTAMP_MICROS,
        TIMESTAMP_NANOS,
        INT96_TIMESTAMP,
        /** An int32 or int64 unscaled decimal. */
        DECIMAL_INTEGER,
        /** A binary or fixed-length two's-complement decimal. */
        DECIMAL_BINARY
    }

    /** The way values of a primitive type are read. */
    static Kind kind(PrimitiveType t) {
        LogicalTypeAnnotation a = t.getLogicalTypeAnnotation();
        switch (t.getPrimitiveTypeName()) {
            case BOOLEAN:
                return Kind.BOOLEAN;
            case INT32:
                if (a instanceof DecimalLogicalTypeAnnotation) {
                    return Kind.DECIMAL_INTEGER;
                } else if (a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
                    return Kind.DATE;
                } else if (a instanceof IntLogicalTypeAnnotation i && !i.isSigned()) {
                    return Kind.UNSIGNED_INT;
                }
                return Kind.INTEGER;
            case INT64:
                if (a instanceof DecimalLogicalTypeAnnotation) {
                    return Kind.DECIMAL_INTEGER;
                } else if (a instanceof IntLogicalTypeAnnotation i && !i.isSigned()) {
                    return Kind.UNSIGNED_LONG;
                } else if (a instanceof TimestampLogicalTypeAnnotation ts) {
                    return switch (ts.getUnit()) {
                        case MILLIS -> Kind.TIMESTAMP_MILLIS;
                        case MICROS -> Kind.TIMESTAMP_MICROS;
                        case NANOS -> Kind.TIMESTAMP_NANOS;
                    };
                }
                return Kind.INTEGER;
            case INT96:
                return Kind.INT96_TIMESTAMP;
            case FLOAT:
                return Kind.FLOAT;
            case DOUBLE:
                return Kind.DOUBLE;
            case BINARY:
            case FIXED_LEN_BYTE_ARRAY:
            default:
                if (a instanceof DecimalLogicalTypeAnnotation) {
                    return Kind.DECIMAL_BINARY;
                } else if (isText(a)) {
                    return Kind.STRING;
                }
                return Kind.BINARY;
        }
    }

    /** Whether a binary annotation means UTF-8 text (Spark reads these as strings). */
    static boolean isText(LogicalTypeAnnotation a) {
        return a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                || a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                || a instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation;
    }

    /**
     * In a repeated group under a LIST annotation, whether the group itself is the element (the backward
     * compatibility rules of the Parquet format's LogicalTypes.md) rather than a wrapper of the element.
     */
    static boolean repeatedGroupIsElement(GroupType repeated, String listName) {
        return repeated.getFieldCount() != 1
                || repeated.getName().equals("array")
                || repeated.getName().equals(listName + "_tuple");
    }

    /**
     * The converter of one field whose values go to {@code out}'s {@code slot}. A REPEATED field's converter
     * puts each occurrence; the caller collects them.
     *
     * @throws UnsupportedOperationException with the type, when the field's layout is not readable
     */
    static Converter of(Type type, RowSink out, int slot) {
        if (type.isPrimitive()) {
            return new Primitive(type.asPrimitiveType(), out, slot);
        }
        GroupType g = type.asGroupType();
        LogicalTypeAnnotation a = g.getLogicalTypeAnnotation();
        if (a instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
            if (g.getFieldCount() != 1 || !g.getType(0).isRepetition(Type.Repetition.REPEATED)) {
                throw new UnsupportedOperationException("a LIST without its one repeated field");
            }
            return new ListConverter(g, out, slot);
        }
        if (a instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
                || a instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation) {
            if (g.getFieldCount() != 1
                    || g.getType(0).isPrimitive()
                    || !g.getType(0).isRepetition(Type.Repetition.REPEATED)
                    || g.getType(0).asGroupType().getFieldCount() != 2) {
                throw new UnsupportedOperationException("a MAP without its repeated key_value group of two fields");
            }
            return new MapConverter(g, out, slot);
        }
        return new StructConverter(g, out, slot);
    }

    /** A sink that passes each value of slot 0 to a consumer: the adapter nested converters write through. */
    private abstract static class Collector implements RowSink {
        @Override
        public void startRow() {}

        @Override
        public void putNull(int slot) {}
    }

    /** One primitive column. */
    static final class Primitive extends PrimitiveConverter {
        private final Kind kind;
        private final RowSink out;
        private final int slot;
        private final int scale;
        private final boolean wide;
        private byte[][] dictionary;

        Primitive(PrimitiveType type, RowSink out, int slot) {
            this.kind = kind(type);
            this.out = out;
            this.slot = slot;
            if (type.getLogicalTypeAnnotation() instanceof DecimalLogicalTypeAnnotation d) {
                this.scale = d.getScale();
                this.wide = d.getPrecision() > MAX_DECIMAL_PRECISION;
            } else {
                this.scale = 0;
                this.wide = false;
            }
        }

        @Override
        public boolean hasDictionarySupport() {
            return kind == Kind.STRING;
        }

        // decoded once per column chunk, so a repeated value costs no decoding
        @Override
        public void setDictionary(Dictionary dict) {
            int n = dict.getMaxId() + 1;
            byte[][] values = new byte[n][];
            for (int i = 0; i < n; i++) {
                values[i] = dict.decodeToBinary(i).getBytes();
            }
            this.dictionary = values;
        }

        @Override
        public void addValueFromDictionary(int id) {
            byte[] v = dictionary[id];
            out.putUtf8(slot, v, 0, v.length);
        }

        @Override
        public void addBoolean(boolean value) {
            out.putBoolean(slot, value);
        }

        @Override
        public void addInt(int value) {
            switch (kind) {
                case INTEGER -> out.putLong(slot, value);
                case UNSIGNED_INT -> out.putLong(slot, Integer.toUnsignedLong(value));
                case DATE -> out.putValue(slot, LocalDate.ofEpochDay(value));
                case DECIMAL_INTEGER -> decimal(BigDecimal.valueOf(value, scale));
                default -> throw new IllegalStateException("int32 value for " + kind);
            }
        }

        @Override
        public void addLong(long value) {
            switch (kind) {
                case INTEGER -> out.putLong(slot, value);
                case UNSIGNED_LONG ->
                    out.putValue(
                            slot,
                            value >= 0
                                    ? BigDecimal.valueOf(value)
                                    : new BigDecimal(BigInteger.valueOf(value).add(BigInteger.ONE.shiftLeft(64))));
                case DECIMAL_INTEGER -> decimal(BigDecimal.valueOf(value, scale));
                case TIMESTAMP_MILLIS -> out.putValue(slot, Instant.ofEpochMilli(value));
                case TIMESTAMP_MICROS ->
                    out.putValue(
                            slot,
                            Instant.ofEpochSecond(
                                    Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L));
                case TIMESTAMP_NANOS ->
                    out.putValue(
                            slot,
                            Instant.ofEpochSecond(
                                    Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L)));
                default -> throw new IllegalStateException("int64 value for " + kind);
            }
        }

        @Override
        public void addFloat(float value) {
            out.putDouble(slot, value);
        }

        @Override
        public void addDouble(double value) {
            out.putDouble(slot, value);
        }

        @Override
        public void addBinary(Binary value) {
            switch (kind) {
                case STRING -> {
                    ByteBuffer b = value.toByteBuffer();
                    if (b.hasArray()) {
                        out.putUtf8(slot, b.array(), b.arrayOffset() + b.position(), b.remaining());
                    } else {
                        byte[] bytes = value.getBytesUnsafe();
                        out.putUtf8(slot, bytes, 0, bytes.length);
                    }
                }
                case BINARY -> out.putValue(slot, value.getBytes());
                case DECIMAL_BINARY -> decimal(new BigDecimal(new BigInteger(value.getBytesUnsafe()), scale));
                case INT96_TIMESTAMP -> out.putValue(slot, int96(value));
                default -> throw new IllegalStateException("binary value for " + kind);
            }
        }

        private void decimal(BigDecimal value) {
            out.putValue(slot, wide ? value.toPlainString() : value);
        }

        // Impala/Spark's legacy timestamp: nanoseconds of the day, then the Julian day, both little-endian
        private static Instant int96(Binary value) {
            ByteBuffer b = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            long nanosOfDay = b.getLong(b.position());
            long julianDay = Integer.toUnsignedLong(b.getInt(b.position() + 8));
            long nanos = (julianDay - JULIAN_DAY_OF_EPOCH) * NANOS_PER_DAY + nanosOfDay;
            return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        }
    }

    /**
     * A group's fields as an {@code Object[]} in field order (REPEATED fields as {@code Object[]} of their
     * occurrences), handed to its parent when the group ends.
     */
    static final class StructConverter extends GroupConverter {
        private final RowSink out;
        private final int slot;
        private final Converter[] fields;
        private final boolean[] repeated;
        private final List<List<Object>> occurrences;
        private Object[] values;

        StructConverter(GroupType type, RowSink out, int slot) {
            this.out = out;
            this.slot = slot;
            int n = type.getFieldCount();
            this.fields = new Converter[n];
            this.repeated = new boolean[n];
            this.occurrences = new ArrayList<>(n);
            RowSink into = new Collector() {
                @Override
                public void putValue(int field, Object value) {
                    if (repeated[field]) {
                        occurrences.get(field).add(value);
                    } else {
                        values[field] = value;
                    }
                }
            };
            for (int i = 0; i < n; i++) {
                Type field = type.getType(i);
                repeated[i] = field.isRepetition(Type.Repetition.REPEATED);
                occurrences.add(repeated[i] ? new ArrayList<>() : null);
                fields[i] = of(field, into, i);
            }
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return fields[fieldIndex];
        }

        @Override
        public void start() {
            values = new Object[fields.length];
            for (List<Object> o : occurrences) {
                if (o != null) {
                    o.clear();
                }
            }
        }

        @Override
        public void end() {
            for (int i = 0; i < fields.length; i++) {
                if (repeated[i]) {
                    values[i] = occurrences.get(i).toArray();
                }
            }
            out.putValue(slot, values);
        }
    }

    /** A LIST-annotated group as an {@code Object[]} of its elements (null elements included). */
    static final class ListConverter extends GroupConverter {
        private final RowSink out;
        private final int slot;
        private final List<Object> items = new ArrayList<>();
        private final Converter repeated;

        ListConverter(GroupType list, RowSink out, int slot) {
            this.out = out;
            this.slot = slot;
            Type r = list.getType(0);
            RowSink add = new Collector() {
                @Override
                public void putValue(int ignored, Object value) {
                    items.add(value);
                }
            };
            if (r.isPrimitive() || repeatedGroupIsElement(r.asGroupType(), list.getName())) {
                this.repeated = of(r, add, 0);
            } else {
                this.repeated = new ElementConverter(r.asGroupType(), items);
            }
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return repeated;
        }

        @Override
        public void start() {
            items.clear();
        }

        @Override
        public void end() {
            out.putValue(slot, items.toArray());
        }
    }

    /** The repeated wrapper of a 3-level list: one element per occurrence, null when the element is absent. */
    private static final class ElementConverter extends GroupConverter {
        private final List<Object> items;
        private final Converter element;
        private Object current;

        ElementConverter(GroupType wrapper, List<Object> items) {
            this.items = items;
            this.element = of(
                    wrapper.getType(0),
                    new Collector() {
                        @Override
                        public void putValue(int ignored, Object value) {
                            current = value;
                        }
                    },
                    0);
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return element;
        }

        @Override
        public void start() {
            current = null;
        }

        @Override
        public void end() {
            items.add(current);
        }
    }

    /** A MAP-annotated group as a {@code LinkedHashMap} in file order. */
    static final class MapConverter extends GroupConverter {
        private final RowSink out;
        private final int slot;
        private final GroupConverter entries;
        private Map<Object, Object> map;
        private Object key;
        private Object value;

        MapConverter(GroupType type, RowSink out, int slot) {
            this.out = out;
            this.slot = slot;
            GroupType kv = type.getType(0).asGroupType();
            RowSink into = new Collector() {
                @Override
                public void putValue(int field, Object v) {
                    if (field == 0) {
                        key = v;
                    } else {
                        value = v;
                    }
                }
            };
            Converter k = of(kv.getType(0), into, 0);
            Converter v = of(kv.getType(1), into, 1);
            this.entries = new GroupConverter() {
                @Override
                public Converter getConverter(int fieldIndex) {
                    return fieldIndex == 0 ? k : v;
                }

                @Override
                public void start() {
                    key = null;
                    value = null;
                }

                @Override
                public void end() {
                    map.put(key, value);
                }
            };
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return entries;
        }

        @Override
        public void start() {
            map = new LinkedHashMap<>();
        }

        @Override
        public void end() {
            out.putValue(slot, map);
        }
    }
}
