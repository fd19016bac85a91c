package org.mastspark.connector.read.service;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Sorts Spark's V2 predicates for one read of a MAST service API (missions, Pan-STARRS) into three
 * buckets: evaluated exactly by MAST, sent to MAST but re-checked by Spark, and left to Spark. It splits
 * {@code AND}s, reads each remaining predicate as a {@link Comparison} of one top-level column of a
 * numeric or string type with non-null literals ({@code NOT(=)} read as {@code !=}), and hands that to the
 * subclass, which turns it into its API's parameters; anything else stays with Spark.
 *
 * <p>Single use, built and used on the driver by a scan builder; not thread safe.
 */
public abstract class ServicePredicates {
    private final StructType schema;
    private final List<Predicate> exact = new ArrayList<>();
    private final List<Predicate> recheck = new ArrayList<>();
    private final List<Predicate> spark = new ArrayList<>();

    protected ServicePredicates(StructType schema) {
        this.schema = schema;
    }

    /**
     * A predicate on one column: {@code column op literal, ...}.
     *
     * @param op the predicate's name ({@code =}, {@code IN}, {@code <}, {@code STARTS_WITH}, ...), or
     *     {@code !=} for {@code NOT(=)}
     * @param negated whether {@code op} came from {@code NOT(=)}
     * @param field the column, as the schema names it
     * @param integral whether the column is of an integer type (else floating-point, or string)
     * @param string whether the column is a string
     * @param values the literals, none null
     */
    protected record Comparison(
            String op, boolean negated, StructField field, boolean integral, boolean string, List<Object> values) {}

    /**
     * Turns a comparison into the API's parameters.
     *
     * @return true: exact; false: pushed and re-checked; null: not pushed
     */
    protected abstract Boolean convert(Comparison c);

    /** Whether predicates on a column may be sent to MAST at all; every column by default. */
    protected boolean pushable(StructField field) {
        return true;
    }

    public final void add(Predicate[] predicates) {
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
        Comparison c = comparison(p);
        Boolean exactly = c == null ? null : convert(c);
        if (exactly == null) {
            spark.add(p);
        } else {
            (exactly ? exact : recheck).add(p);
        }
    }

    private Comparison comparison(Predicate p) {
        String op = p.name();
        boolean negated = false;
        Predicate q = p;
        if (op.equals("NOT")
                && p.children()[0] instanceof Predicate inner
                && inner.name().equals("=")) {
            negated = true;
            q = inner;
            op = "!=";
        }
        Expression[] c = q.children();
        if (c.length < 2 || !(c[0] instanceof NamedReference ref) || ref.fieldNames().length != 1) {
            return null;
        }
        StructField field = field(ref.fieldNames()[0]);
        if (field == null || !pushable(field)) {
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
        List<Object> values = new ArrayList<>();
        for (int i = 1; i < c.length; i++) {
            if (!(c[i] instanceof Literal<?> lit) || lit.value() == null) {
                return null;
            }
            values.add(lit.value());
        }
        return new Comparison(op, negated, field, integral, string, values);
    }

    /** The schema's field of that name: exactly, else ignoring case; null if none. */
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

    /** A numeric literal's exact value; null for other values and for NaN and infinities. */
    protected static BigDecimal decimal(Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
        if (v instanceof Decimal d) {
            return d.toJavaBigDecimal();
        }
        return null;
    }

    /** What Spark may drop: the exact and the re-checked predicates. */
    public final Predicate[] pushed() {
        List<Predicate> all = new ArrayList<>(exact);
        all.addAll(recheck);
        return all.toArray(new Predicate[0]);
    }

    /** What Spark must still evaluate: the re-checked predicates and those left to it. */
    public final Predicate[] postScan() {
        List<Predicate> all = new ArrayList<>(recheck);
        all.addAll(spark);
        return all.toArray(new Predicate[0]);
    }

    /** The pushdown decision, for the scan's log line. */
    public final String describe() {
        return "pushed to MAST: " + (exact.isEmpty() ? "none" : exact) + "; pushed and re-checked by Spark: "
                + (recheck.isEmpty() ? "none" : recheck) + "; left to Spark: " + (spark.isEmpty() ? "none" : spark);
    }
}
