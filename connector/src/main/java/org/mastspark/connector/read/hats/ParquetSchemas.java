package org.mastspark.connector.read.hats;

import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Spark's view of a Parquet schema, as {@code ParquetRows} reads it and as Spark's own Parquet reader types
 * it: int8/int16/int32/int64 as byte/short/int/long, unsigned 8 and 16-bit as short and int (widened so every
 * value fits), unsigned 32-bit as long, unsigned 64-bit as decimal(20,0), float, double, boolean, UTF-8
 * strings, enums and JSON as string, other binaries as binary, dates, timestamps (UTC-adjusted as timestamp,
 * local as timestamp_ntz; INT96 as timestamp), decimals of up to 38 digits as decimal (wider ones as string),
 * TIME as its int or long value, lists as arrays, groups as structs and maps as maps. A column is nullable
 * unless REQUIRED; each field's metadata key {@value #PARQUET_TYPE} holds the Parquet type it came from.
 */
public final class ParquetSchemas {
    /** Field metadata key: the column's Parquet type, e.g. {@code "int64 (INTEGER(64,true))"} or {@code "group (LIST)"}. */
    public static final String PARQUET_TYPE = "parquet_type";

    private ParquetSchemas() {}

    /** The Spark schema of a Parquet file's top-level columns, in file order. */
    public static StructType toSpark(MessageType parquet) {
        List<StructField> fields = new ArrayList<>();
        for (Type t : parquet.getFields()) {
            fields.add(field(t));
        }
        return new StructType(fields.toArray(new StructField[0]));
    }

    private static StructField field(Type t) {
        boolean repeated = t.isRepetition(Type.Repetition.REPEATED);
        DataType type = repeated ? DataTypes.createArrayType(type(t), false) : type(t);
        Metadata metadata =
                new MetadataBuilder().putString(PARQUET_TYPE, describe(t)).build();
        return new StructField(t.getName(), type, t.isRepetition(Type.Repetition.OPTIONAL), metadata);
    }

    private static String describe(Type t) {
        LogicalTypeAnnotation a = t.getLogicalTypeAnnotation();
        String base = t.isPrimitive()
                ? t.asPrimitiveType().getPrimitiveTypeName().name().toLowerCase(java.util.Locale.ROOT)
                : "group";
        if (t.isPrimitive()
                && t.asPrimitiveType().getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
            base += "(" + t.asPrimitiveType().getTypeLength() + ")";
        }
        return a == null ? base : base + " (" + a + ")";
    }

    /** The Spark type of one value of a field (a REPEATED field's element type). */
    private static DataType type(Type t) {
        if (t.isPrimitive()) {
            return primitive(t.asPrimitiveType());
        }
        GroupType g = t.asGroupType();
        LogicalTypeAnnotation a = g.getLogicalTypeAnnotation();
        if (a instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation
                && g.getFieldCount() == 1
                && g.getType(0).isRepetition(Type.Repetition.REPEATED)) {
            Type r = g.getType(0);
            if (r.isPrimitive() || repeatedGroupIsElement(r.asGroupType(), g.getName())) {
                return DataTypes.createArrayType(type(r), false);
            }
            Type element = r.asGroupType().getType(0);
            return DataTypes.createArrayType(type(element), !element.isRepetition(Type.Repetition.REQUIRED));
        }
        if ((a instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
                        || a instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation)
                && g.getFieldCount() == 1
                && !g.getType(0).isPrimitive()
                && g.getType(0).asGroupType().getFieldCount() == 2) {
            GroupType kv = g.getType(0).asGroupType();
            Type value = kv.getType(1);
            return DataTypes.createMapType(
                    type(kv.getType(0)), type(value), !value.isRepetition(Type.Repetition.REQUIRED));
        }
        // a struct, and also what is not a well-formed LIST or MAP: reading such a column names it and fails
        List<StructField> fields = new ArrayList<>();
        for (Type f : g.getFields()) {
            fields.add(field(f));
        }
        return new StructType(fields.toArray(new StructField[0]));
    }

    private static boolean repeatedGroupIsElement(GroupType repeated, String listName) {
        return repeated.getFieldCount() != 1
                || repeated.getName().equals("array")
                || repeated.getName().equals(listName + "_tuple");
    }

    private static DataType primitive(PrimitiveType t) {
        LogicalTypeAnnotation a = t.getLogicalTypeAnnotation();
        if (a instanceof DecimalLogicalTypeAnnotation d) {
            return d.getPrecision() > 38
                    ? DataTypes.StringType
                    : DataTypes.createDecimalType(d.getPrecision(), d.getScale());
        }
        switch (t.getPrimitiveTypeName()) {
            case BOOLEAN:
                return DataTypes.BooleanType;
            case INT32:
                if (a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
                    return DataTypes.DateType;
                } else if (a instanceof IntLogicalTypeAnnotation i) {
                    return switch (i.getBitWidth()) {
                        case 8 -> i.isSigned() ? DataTypes.ByteType : DataTypes.ShortType;
                        case 16 -> i.isSigned() ? DataTypes.ShortType : DataTypes.IntegerType;
                        default -> i.isSigned() ? DataTypes.IntegerType : DataTypes.LongType;
                    };
                }
                return DataTypes.IntegerType;
            case INT64:
                if (a instanceof IntLogicalTypeAnnotation i && !i.isSigned()) {
                    return DecimalType.apply(20, 0);
                } else if (a instanceof TimestampLogicalTypeAnnotation ts) {
                    return ts.isAdjustedToUTC() ? DataTypes.TimestampType : DataTypes.TimestampNTZType;
                }
                return DataTypes.LongType;
            case INT96:
                return DataTypes.TimestampType;
            case FLOAT:
                return DataTypes.FloatType;
            case DOUBLE:
                return DataTypes.DoubleType;
            default:
                return a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                                || a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                                || a instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation
                        ? DataTypes.StringType
                        : DataTypes.BinaryType;
        }
    }
}
