package org.mastspark.connector.read;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The one walk over Spark's V2 predicates for every source: splits {@code AND}s, reads each remaining
 * predicate as a {@link Comparison} of one top-level column with non-null literals ({@code NOT(=)} read as
 * {@code !=}), and lets the source classify it ({@link SourceQuery#push}); anything else stays with Spark.
 * {@code IS NOT NULL} (which Spark infers for every filtered column) is classified last, knowing whether
 * the column got a pushed comparison ({@link SourceQuery#pushNotNull}).
 *
 * <p>The result is Iceberg's split: predicates MAST evaluates exactly, predicates MAST gets but Spark
 * re-checks, and predicates left to Spark. Single use, on the driver.
 */
final class PredicateWalk {
    private final StructType schema;
    private final SourceQuery query;
    private final List<Predicate> exact = new ArrayList<>();
    private final List<Predicate> recheck = new ArrayList<>();
    private final List<Predicate> spark = new ArrayList<>();
    private final Set<String> pushedColumns = new HashSet<>();

    PredicateWalk(StructType schema, SourceQuery query) {
        this.schema = schema;
        this.query = query;
    }

    /** Classifies every predicate; returns those Spark must still evaluate (re-checked and not pushed). */
    Predicate[] walk(Predicate[] predicates) {
        return walk(predicates, null);
    }

    /**
     * Classifies every predicate, with a cone the scan already took as its search region.
     *
     * @param cone the predicate read as the search region ({@link ConePushdown}), re-checked by Spark; or null
     * @return the predicates Spark must still evaluate
     */
    Predicate[] walk(Predicate[] predicates, Predicate cone) {
        if (cone != null) {
            recheck.add(cone);
        }
        List<Predicate> notNull = new ArrayList<>();
        for (Predicate p : predicates) {
            add(p, notNull);
        }
        for (Predicate p : notNull) {
            StructField f = field(((NamedReference) p.children()[0]).fieldNames()[0]);
            Pushdown d = f == null ? Pushdown.SPARK : query.pushNotNull(f, pushedColumns.contains(f.name()));
            bucket(d).add(p);
        }
        return postScan();
    }

    /** Adds {@code p}'s top-level conjuncts ({@code AND}s split) to {@code out}. */
    static void split(Predicate p, List<Predicate> out) {
        if (p.name().equals("AND")) {
            split((Predicate) p.children()[0], out);
            split((Predicate) p.children()[1], out);
        } else {
            out.add(p);
        }
    }

    private void add(Predicate p, List<Predicate> notNull) {
        if (p.name().equals("AND")) {
            add((Predicate) p.children()[0], notNull);
            add((Predicate) p.children()[1], notNull);
            return;
        }
        if (p.name().equals("IS_NOT_NULL")
                && p.children()[0] instanceof NamedReference ref
                && ref.fieldNames().length == 1) {
            notNull.add(p);
            return;
        }
        Comparison c = comparison(p);
        Pushdown d = c == null ? Pushdown.SPARK : query.push(c);
        if (d != Pushdown.SPARK) {
            pushedColumns.add(c.column());
        }
        bucket(d).add(p);
    }

    private List<Predicate> bucket(Pushdown d) {
        return switch (d) {
            case EXACT -> exact;
            case RECHECK -> recheck;
            case SPARK -> spark;
        };
    }

    private Comparison comparison(Predicate p) {
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
        List<Object> values = new ArrayList<>();
        for (int i = 1; i < c.length; i++) {
            if (!(c[i] instanceof Literal<?> lit) || lit.value() == null) {
                return null;
            }
            values.add(lit.value());
        }
        return new Comparison(op, field, List.copyOf(values));
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

    /** What Spark may drop: the exact and the re-checked predicates. */
    Predicate[] pushed() {
        List<Predicate> all = new ArrayList<>(exact);
        all.addAll(recheck);
        return all.toArray(new Predicate[0]);
    }

    /** What Spark must still evaluate: the re-checked predicates and those left to it. */
    Predicate[] postScan() {
        List<Predicate> all = new ArrayList<>(recheck);
        all.addAll(spark);
        return all.toArray(new Predicate[0]);
    }

    /** The pushdown decision, for the scan's log line. */
    String describe() {
        return "pushed to MAST: " + (exact.isEmpty() ? "none" : exact) + "; pushed and re-checked by Spark: "
                + (recheck.isEmpty() ? "none" : recheck) + "; left to Spark: " + (spark.isEmpty() ? "none" : spark);
    }
}
