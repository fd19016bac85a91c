package org.mastspark.connector.read;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.connector.expressions.Cast;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.UserDefinedScalarFunc;
import org.apache.spark.sql.connector.expressions.filter.AlwaysTrue;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.mastspark.connector.MastOptions;

/**
 * Finds a cone written in SQL among a scan's top-level predicates, to send to MAST as the read's search region
 * (options {@code coordinates} and {@code radius} laid over the scan's). The SQL catalog's functions reach the
 * scan as {@link UserDefinedScalarFunc}s named by canonical name; the pushable forms, on the table's
 * {@link PositionColumns} with constant centre and radius, are:
 *
 * <ul>
 *   <li>{@code mast.in_cone(ra, dec, ra0, dec0, r)}: bare (Spark 4.1 wraps it as {@code BOOLEAN_EXPRESSION}) or
 *       {@code = true}; the centre may come first ({@code in_cone(ra0, dec0, ra, dec, r)})
 *   <li>{@code mast.angular_distance(ra, dec, ra0, dec0) < r} or {@code <= r}, {@code r > ...}, {@code r >= ...},
 *       the centre first or second
 * </ul>
 *
 * Constants may arrive as literals of any numeric type or as casts of literals. A cone inside {@code OR} or
 * {@code NOT}, on other columns, with a centre or radius that is not a constant, a second cone (the smallest is
 * pushed), or a read whose options already give a position, stays with Spark, and {@link #describe} says why.
 * The pushed cone is always re-checked by Spark: MAST's position searches return a superset (CAOM tests the
 * footprint, catalog tiles overlap).
 */
final class ConePushdown {
    static final String IN_CONE = "mast.in_cone";
    static final String ANGULAR_DISTANCE = "mast.angular_distance";

    /** A cone found in one top-level predicate. */
    record Cone(Predicate predicate, double ra, double dec, double radius) {
        /** The options a {@code format("mast")} read would be given for the same cone. */
        Map<String, String> options() {
            return Map.of(
                    MastOptions.COORDINATES, plain(ra) + " " + plain(dec), MastOptions.RADIUS, plain(radius) + "deg");
        }

        @Override
        public String toString() {
            return "coordinates '" + plain(ra) + " " + plain(dec) + "', radius '" + plain(radius) + "deg'";
        }
    }

    /** A predicate that names a sky function, with the cone it gives or why it gives none. */
    private record Found(Predicate predicate, Candidate cone, String reason) {}

    private final Cone pushed;
    private final List<String> notes;

    private ConePushdown(Cone pushed, List<String> notes) {
        this.pushed = pushed;
        this.notes = notes;
    }

    /**
     * Reads the scan's top-level predicates.
     *
     * @param conjuncts the predicates, {@code AND}s already split
     * @param position the table's position columns (asked only when a sky function appears), or null
     * @param options the scan's options, before any cone
     */
    static ConePushdown find(List<Predicate> conjuncts, Supplier<PositionColumns> position, MastOptions options) {
        List<Found> found = new ArrayList<>();
        for (Predicate p : conjuncts) {
            if (mentionsSkyFunction(p)) {
                found.add(read(p));
            }
        }
        if (found.isEmpty()) {
            return new ConePushdown(null, List.of());
        }
        PositionColumns columns = position.get();
        List<String> notes = new ArrayList<>();
        List<Cone> pushable = new ArrayList<>();
        for (Found f : found) {
            String reason = f.reason();
            if (reason == null && columns == null) {
                reason = "the table has no position columns";
            } else if (reason == null
                    && !columns.matches(f.cone().raColumn(), f.cone().decColumn())) {
                reason = "on columns (" + f.cone().raColumn() + ", " + f.cone().decColumn()
                        + "), not the table's position " + columns;
            } else if (reason == null && options.hasPosition()) {
                reason = "the read's options already give a position ("
                        + (options.target() != null ? "target" : "coordinates") + ")";
            }
            if (reason != null) {
                notes.add("cone left to Spark: " + f.predicate() + " (" + reason + ")");
            } else {
                pushable.add(f.cone().cone(f.predicate()));
            }
        }
        Cone best = null;
        for (Cone c : pushable) {
            if (best == null || c.radius() < best.radius()) {
                best = c;
            }
        }
        for (Cone c : pushable) {
            if (c != best) {
                notes.add("cone left to Spark: " + c.predicate() + " (a second cone: the smallest, "
                        + plain(best.radius()) + " deg, is pushed)");
            }
        }
        return new ConePushdown(best, notes);
    }

    /** The cone to send to MAST, or null. */
    Cone pushed() {
        return pushed;
    }

    /** This reading with the pushed cone refused after all (its options did not resolve). */
    ConePushdown refused(String why) {
        List<String> all = new ArrayList<>(notes);
        all.add(0, "cone left to Spark: " + pushed.predicate() + " (" + why + ")");
        return new ConePushdown(null, all);
    }

    /** What became of each cone, for the scan's INFO line and plan string; empty when the query has none. */
    String describe() {
        List<String> all = new ArrayList<>();
        if (pushed != null) {
            all.add("cone pushed as the search region: " + pushed.predicate() + " -> " + pushed);
        }
        all.addAll(notes);
        return String.join("; ", all);
    }

    /** A cone read from a function call, before its columns are checked. */
    private record Candidate(String raColumn, String decColumn, double ra, double dec, double radius) {
        Cone cone(Predicate p) {
            return new Cone(p, ra, dec, radius);
        }
    }

    private static Found read(Predicate p) {
        Expression[] c = p.children();
        String name = p.name();
        if (name.equals("BOOLEAN_EXPRESSION") && c.length == 1 && isFunction(c[0], IN_CONE)) {
            return inCone(p, (UserDefinedScalarFunc) c[0]);
        }
        if (name.equals("=") && c.length == 2) {
            if (isFunction(c[0], IN_CONE) && isTrue(c[1])) {
                return inCone(p, (UserDefinedScalarFunc) c[0]);
            }
            if (isFunction(c[1], IN_CONE) && isTrue(c[0])) {
                return inCone(p, (UserDefinedScalarFunc) c[1]);
            }
        }
        if ((name.equals("<") || name.equals("<=")) && c.length == 2 && isFunction(c[0], ANGULAR_DISTANCE)) {
            return distance(p, (UserDefinedScalarFunc) c[0], c[1]);
        }
        if ((name.equals(">") || name.equals(">=")) && c.length == 2 && isFunction(c[1], ANGULAR_DISTANCE)) {
            return distance(p, (UserDefinedScalarFunc) c[1], c[0]);
        }
        String why = switch (name) {
            case "OR" -> "inside OR";
            case "NOT" -> "under NOT";
            default ->
                "not a cone form: expected mast.in_cone(ra, dec, ra0, dec0, r) [= true] or"
                        + " mast.angular_distance(ra, dec, ra0, dec0) < r";
        };
        return new Found(p, null, why);
    }

    private static Found inCone(Predicate p, UserDefinedScalarFunc f) {
        Expression[] a = f.children();
        if (a.length != 5) {
            return new Found(p, null, "not a cone form");
        }
        return cone(p, a[0], a[1], a[2], a[3], a[4]);
    }

    private static Found distance(Predicate p, UserDefinedScalarFunc f, Expression radius) {
        Expression[] a = f.children();
        if (a.length != 4) {
            return new Found(p, null, "not a cone form");
        }
        return cone(p, a[0], a[1], a[2], a[3], radius);
    }

    /** A cone from two position pairs (one columns, one constants, either order) and a constant radius. */
    private static Found cone(Predicate p, Expression a0, Expression a1, Expression b0, Expression b1, Expression r) {
        String ra = column(a0);
        String dec = column(a1);
        Expression c0 = b0;
        Expression c1 = b1;
        if (ra == null || dec == null) {
            ra = column(b0);
            dec = column(b1);
            c0 = a0;
            c1 = a1;
        }
        if (ra == null || dec == null) {
            return new Found(p, null, "no pair of top-level columns as the position");
        }
        Double ra0 = number(c0);
        Double dec0 = number(c1);
        Double radius = number(r);
        if (ra0 == null || dec0 == null || radius == null) {
            return new Found(p, null, "the centre or the radius is not a constant");
        }
        if (!Double.isFinite(ra0) || !(dec0 >= -90 && dec0 <= 90) || !(radius > 0 && radius < 180)) {
            return new Found(
                    p,
                    null,
                    "not a valid cone (ra finite, dec from -90 to 90, radius above 0 and below 180" + " degrees)");
        }
        return new Found(p, new Candidate(ra, dec, ra0, dec0, radius), null);
    }

    private static boolean isFunction(Expression e, String canonicalName) {
        return e instanceof UserDefinedScalarFunc f && canonicalName.equals(f.canonicalName());
    }

    private static boolean isTrue(Expression e) {
        return e instanceof AlwaysTrue || (e instanceof Literal<?> l && Boolean.TRUE.equals(l.value()));
    }

    /** Whether a sky function of the catalog appears anywhere in the predicate. */
    private static boolean mentionsSkyFunction(Expression e) {
        if (isFunction(e, IN_CONE) || isFunction(e, ANGULAR_DISTANCE)) {
            return true;
        }
        for (Expression c : e.children()) {
            if (mentionsSkyFunction(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A top-level column, also when Spark casts it to double for the function (a float or integer position
     * column: the cast keeps each value, so the cone on it is the cone on the column). A cast of a cast (a query's
     * own {@code CAST(ra AS FLOAT)}, which rounds) is not the column.
     */
    private static String column(Expression e) {
        Expression x = e instanceof Cast cast ? cast.expression() : e;
        return x instanceof NamedReference ref && ref.fieldNames().length == 1 ? ref.fieldNames()[0] : null;
    }

    /** A numeric constant: a literal or a cast of one (as unfolded SQL decimals arrive); null otherwise. */
    private static Double number(Expression e) {
        if (e instanceof Cast cast) {
            return number(cast.expression());
        }
        return e instanceof Literal<?> l ? Literals.toDouble(l.value()) : null;
    }

    private static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
