package org.mastspark.emulator.hats;

import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.mastspark.emulator.sky.Field;
import org.mastspark.emulator.sky.SyntheticSky;

/**
 * A synthetic catalog as a HATS table: its Parquet columns ({@code _healpix_29} first, as hats-import writes it,
 * then the service's columns in the service's order) and, per catalog cell, its sources' positions and values.
 * Values are those the service serves, typed: ids the Portal sends as strings become int64, every floating
 * column is a double (the exact value a client parses from the service's JSON), integer columns keep the width
 * of their catalogs-API datatype.
 */
final class SourceTable {
    /** The catalogs the emulator writes. */
    enum Kind {
        GAIA,
        PS1_OTMO
    }

    /** One Parquet column: its physical type and, for strings and narrow integers, its logical type. */
    record Column(String name, PrimitiveTypeName type, LogicalTypeAnnotation logical) {}

    static final String HEALPIX = "_healpix_29";

    private final Kind kind;
    private final SyntheticSky sky;
    private final List<Column> columns;
    private final MessageType schema;

    SourceTable(Kind kind, SyntheticSky sky) {
        this.kind = kind;
        this.sky = sky;
        List<Column> cols = new ArrayList<>();
        cols.add(new Column(HEALPIX, PrimitiveTypeName.INT64, null));
        List<Field> fields = kind == Kind.GAIA ? sky.gaiaFields() : SyntheticSky.panstarrsFields("mean");
        for (Field f : fields) {
            cols.add(column(f));
        }
        this.columns = List.copyOf(cols);
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (Column c : columns) {
            Types.PrimitiveBuilder<?> p = c.name().equals(HEALPIX)
                    ? Types.primitive(c.type(), Type.Repetition.REQUIRED)
                    : Types.primitive(c.type(), Type.Repetition.OPTIONAL);
            if (c.logical() != null) {
                p = p.as(c.logical());
            }
            b.addField((Type) p.named(c.name()));
        }
        this.schema = b.named("schema");
    }

    private Column column(Field f) {
        String t = f.type();
        if (kind == Kind.GAIA) {
            if (f.name().equals("source_id") || f.name().equals("solution_id")) {
                return new Column(f.name(), PrimitiveTypeName.INT64, null);
            }
            return t.equals("string")
                    ? new Column(f.name(), PrimitiveTypeName.BINARY, LogicalTypeAnnotation.stringType())
                    : new Column(f.name(), PrimitiveTypeName.DOUBLE, null);
        }
        return switch (t) {
            case "char" -> new Column(f.name(), PrimitiveTypeName.BINARY, LogicalTypeAnnotation.stringType());
            case "long" -> new Column(f.name(), PrimitiveTypeName.INT64, null);
            case "int" -> new Column(f.name(), PrimitiveTypeName.INT32, null);
            case "short", "unsignedByte" ->
                new Column(f.name(), PrimitiveTypeName.INT32, LogicalTypeAnnotation.intType(16, true));
            default -> new Column(f.name(), PrimitiveTypeName.DOUBLE, null);
        };
    }

    String raColumn() {
        return kind == Kind.GAIA ? "ra" : "raMean";
    }

    String decColumn() {
        return kind == Kind.GAIA ? "dec" : "decMean";
    }

    /** How far (degrees) a source may lie outside its catalog cell: Gaia counterparts of TIC stars up to 1 arcsec. */
    double slack() {
        return kind == Kind.GAIA ? 1.5 / 3600 : 0;
    }

    List<Column> columns() {
        return columns;
    }

    MessageType schema() {
        return schema;
    }

    int countIn(int cell) {
        return kind == Kind.GAIA ? sky.gaiaCountIn(cell) : sky.panstarrsObjectsIn(cell);
    }

    double[] position(int cell, int j) {
        return kind == Kind.GAIA ? sky.gaiaPosition(cell, j) : sky.panstarrsPosition(cell, j);
    }

    /** A row's Parquet values in {@link #columns()} order: Long, Integer, Double, String or null. */
    Object[] values(int cell, int j, long healpix29) {
        Object[] v = kind == Kind.GAIA ? sky.gaiaValues(cell, j) : sky.panstarrsValues("mean", cell, j);
        Object[] out = new Object[columns.size()];
        out[0] = healpix29;
        for (int c = 1; c < out.length; c++) {
            Object x = v[c - 1];
            if (x == null) {
                continue;
            }
            out[c] = switch (columns.get(c).type()) {
                case INT64 -> x instanceof String s ? Long.parseLong(s) : ((Number) x).longValue();
                case INT32 -> ((Number) x).intValue();
                case DOUBLE -> ((Number) x).doubleValue();
                default -> x.toString();
            };
        }
        return out;
    }
}
