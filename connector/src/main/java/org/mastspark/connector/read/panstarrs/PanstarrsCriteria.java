package org.mastspark.connector.read.panstarrs;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.client.PanstarrsQuery.Criterion;

/**
 * Turns Spark's V2 predicates into the catalogs API's decorated parameters:
 *
 * <ul>
 *   <li>{@code =} → {@code col=v}; {@code IN} → a repeated {@code col} (a JSON list); {@code >},
 *       {@code >=}, {@code <}, {@code <=} → {@code col.gt}, {@code .gte}, {@code .lt}, {@code .lte};
 *       {@code <>} → {@code col.ne};
 *   <li>exact on integer columns; re-checked by Spark on floating-point columns (MAST stores many as
 *       REAL), for strings (MAST's collation may ignore case) and for {@code <>} (NULLs);
 *   <li>everything else (OR, NOT, LIKE, IS NULL, a second predicate with the same parameter key) → Spark.
 * </ul>
 *
 * Single use, built on the driver.
 */
final class PanstarrsCriteria {
    private final StructType schema;
    private final Map<String, Criterion> criteria = new LinkedHashMap<>();
    private final List<Predicate> exact = new ArrayList<>();
    private final List<Predicate> recheck = new ArrayList<>();
    private final List<Predicate> spark = new ArrayList<>();

    PanstarrsCriteria(StructType schema) {
        this.schema = schema;
    }

    void add(Predicate[] predicates) {
        for (Predicate p : predicates) {
            add(p);
        }
    }

    private void add(Predicate p) {
        if (p.name().equals("AND")) {
            add((Predicate) p.children()[0]);
            add((Predicate) p.children()[1]);
            return;
        }
        Boolean exactly = convert(p);
        if (exactly == null) {
            spark.add(p);
        } else {
            (exactly ? exact : recheck).add(p);
        }
    }

    private Boolean convert(Predicate p) {
        String op = p.name();
        Predicate q = p;
        if (op.equals("NOT")
                && p.children()[0] instanceof Predicate inner
                && inner.name().equals("=")) {
            q = inner;
            op = "!=";
        }
        Expression[] c = q.children();
        if (c.length < 2 || !(c[0] instanceof NamedReference ref) || ref.fieldNames().length != 1) {
            return null;
        }
        StructField field = field(ref.fieldNames()[0]);
        if (field == null) {
            return null;
        }
        DataType type = field.dataType();
        boolean integral = type.equals(DataTypes.LongType)
                || type.equals(DataTypes.IntegerType)
                || type.equals(DataTypes.ShortType)
                || type.equals(DataTypes.ByteType);
        boolean floating = type.equals(DataTypes.DoubleType) || type.equals(DataTypes.FloatType);
        boolean string = type.equals(DataTypes.StringType);
        if (!(integral || floating || string)) {
            return null;
        }
        List<String> values = new ArrayList<>();
        for (int i = 1; i < c.length; i++) {
            if (!(c[i] instanceof Literal<?> lit) || lit.value() == null) {
                return null;
            }
            String v = string ? lit.value().toString() : number(lit.value(), integral);
            if (v == null) {
                return null;
            }
            values.add(v);
        }
        String decorator = switch (op) {
            case "=", "IN" -> null;
            case ">" -> "gt";
            case ">=" -> "gte";
            case "<" -> "lt";
            case "<=" -> "lte";
            case "!=" -> "ne";
            default -> "?";
        };
        if ("?".equals(decorator) || (string && decorator != null && !decorator.equals("ne"))) {
            return null;
        }
        Criterion criterion = new Criterion(field.name(), decorator, List.copyOf(new LinkedHashSet<>(values)), !string);
        if (criteria.containsKey(criterion.key())) {
            return null;
        }
        criteria.put(criterion.key(), criterion);
        return integral && !op.equals("!=");
    }

    private static String number(Object v, boolean integral) {
        BigDecimal d;
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            d = BigDecimal.valueOf(((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
            double x = ((Number) v).doubleValue();
            if (!Double.isFinite(x)) {
                return null;
            }
            d = BigDecimal.valueOf(x);
        } else if (v instanceof org.apache.spark.sql.types.Decimal dec) {
            d = dec.toJavaBigDecimal();
        } else {
            return null;
        }
        if (integral && d.stripTrailingZeros().scale() > 0) {
            return null;
        }
        return d.stripTrailingZeros().toPlainString();
    }

    private StructField field(String name) {
        for (StructField f : schema.fields()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        for (StructField f : schema.fields()) {
            if (f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        return null;
    }

    List<Criterion> criteria() {
        return List.copyOf(criteria.values());
    }

    Predicate[] pushed() {
        List<Predicate> all = new ArrayList<>(exact);
        all.addAll(recheck);
        return all.toArray(new Predicate[0]);
    }

    Predicate[] postScan() {
        List<Predicate> all = new ArrayList<>(recheck);
        all.addAll(spark);
        return all.toArray(new Predicate[0]);
    }

    String describe() {
        return "pushed to MAST: " + (exact.isEmpty() ? "none" : exact) + "; pushed and re-checked by Spark: "
                + (recheck.isEmpty() ? "none" : recheck) + "; left to Spark: " + (spark.isEmpty() ? "none" : spark);
    }
}
