package org.mastspark.emulator.sky;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code conditions} of a Mission Search request, evaluated as the service does: each condition is
 * {@code {column: value}}; a value is a comma list of terms, any of which may match (OR); a term is an
 * exact value (strings compared trimmed and case-insensitively, so {@code WFPC} matches MAST's padded
 * {@code "WFPC  "}), a wildcard pattern with {@code *} (or {@code %}), a range {@code a..b} (inclusive),
 * or a comparison {@code <x}, {@code >x}, {@code <=x}, {@code >=x}; a term starting with {@code !} excludes
 * what it matches (all negated terms must fail). Numeric columns compare numbers; others compare text
 * (ISO dates order as text). An empty value is no constraint. Conditions AND together.
 */
final class MissionConditions {
    private final List<Condition> conditions;

    private MissionConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    /** The columns the conditions constrain. */
    List<Integer> columns() {
        List<Integer> out = new ArrayList<>();
        conditions.forEach(c -> out.add(c.col));
        return out;
    }

    boolean isEmpty() {
        return conditions.isEmpty();
    }

    /** Whether the values (indexed by column) satisfy every condition. */
    boolean test(java.util.function.IntFunction<Object> value) {
        for (Condition c : conditions) {
            if (!c.test(value.apply(c.col))) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param node a list of one-key objects (or one object of several keys)
     * @throws MastQueryException for unknown columns or unparseable numbers
     */
    static MissionConditions parse(JsonNode node, Missions.Mission mission) {
        List<Condition> out = new ArrayList<>();
        if (node == null || node.isNull() || node.isMissingNode()) {
            return new MissionConditions(out);
        }
        List<JsonNode> objects = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(objects::add);
        } else if (node.isObject()) {
            objects.add(node);
        } else {
            throw new MastQueryException("Invalid conditions: expected a list of {\"column\": \"value\"} objects");
        }
        for (JsonNode o : objects) {
            if (!o.isObject()) {
                throw new MastQueryException("Invalid condition " + o + ": expected {\"column\": \"value\"}");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = e.getKey().equals("pass_id") ? "pass" : e.getKey();
                int col = mission.column(name);
                if (col < 0) {
                    throw new MastQueryException("Invalid condition: column '" + e.getKey()
                            + "' does not exist for mission " + mission.name());
                }
                String text = text(e.getValue());
                Condition c = Condition.of(col, mission.columns().get(col), text);
                if (c != null) {
                    out.add(c);
                }
            }
        }
        return new MissionConditions(out);
    }

    private static String text(JsonNode v) {
        if (v == null || v.isNull()) {
            return "";
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(x -> parts.add(x.asText()));
            return String.join(",", parts);
        }
        return v.asText();
    }

    private enum Op {
        EQ,
        LIKE,
        RANGE,
        LT,
        LE,
        GT,
        GE
    }

    private record Term(Op op, String a, String b, double x, double y, Pattern like) {}

    private static final class Condition {
        final int col;
        final boolean numeric;
        final List<Term> positive = new ArrayList<>();
        final List<Term> negative = new ArrayList<>();

        Condition(int col, boolean numeric) {
            this.col = col;
            this.numeric = numeric;
        }

        static Condition of(int col, Missions.Column column, String text) {
            Condition c = new Condition(col, column.numeric());
            for (String raw : text.split(",")) {
                String t = raw.trim();
                if (t.isEmpty()) {
                    continue;
                }
                boolean not = t.startsWith("!");
                if (not) {
                    t = t.substring(1).trim();
                }
                Term term = c.term(t, column.name());
                (not ? c.negative : c.positive).add(term);
            }
            return c.positive.isEmpty() && c.negative.isEmpty() ? null : c;
        }

        private Term term(String t, String name) {
            if (t.startsWith("<=")) {
                return bound(Op.LE, t.substring(2), name);
            } else if (t.startsWith(">=")) {
                return bound(Op.GE, t.substring(2), name);
            } else if (t.startsWith("<")) {
                return bound(Op.LT, t.substring(1), name);
            } else if (t.startsWith(">")) {
                return bound(Op.GT, t.substring(1), name);
            }
            int dots = t.indexOf("..");
            if (dots > 0 && dots < t.length() - 2) {
                String a = t.substring(0, dots).trim();
                String b = t.substring(dots + 2).trim();
                return new Term(Op.RANGE, lower(a), lower(b), num(a, name), num(b, name), null);
            }
            if (t.contains("*") || t.contains("%")) {
                return new Term(Op.LIKE, null, null, 0, 0, Filters.like(t.replace('*', '%')));
            }
            return new Term(Op.EQ, lower(t), null, num(t, name), 0, null);
        }

        private Term bound(Op op, String v, String name) {
            String s = v.trim();
            return new Term(op, lower(s), null, num(s, name), 0, null);
        }

        private static String lower(String s) {
            return s.toLowerCase(Locale.ROOT);
        }

        private double num(String s, String name) {
            if (!numeric) {
                return Double.NaN;
            }
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw new MastQueryException(
                        "Invalid condition for numeric column '" + name + "': cannot parse '" + s + "' as a number");
            }
        }

        boolean test(Object v) {
            if (!positive.isEmpty()) {
                boolean any = false;
                for (Term t : positive) {
                    if (matches(t, v)) {
                        any = true;
                        break;
                    }
                }
                if (!any) {
                    return false;
                }
            }
            for (Term t : negative) {
                if (matches(t, v)) {
                    return false;
                }
            }
            return true;
        }

        private boolean matches(Term t, Object v) {
            if (v == null) {
                return false;
            }
            if (t.op() == Op.LIKE) {
                return t.like().matcher(v.toString().trim()).matches();
            }
            if (numeric) {
                double d = v instanceof Number n ? n.doubleValue() : Double.NaN;
                return switch (t.op()) {
                    case EQ -> d == t.x();
                    case RANGE -> d >= t.x() && d <= t.y();
                    case LT -> d < t.x();
                    case LE -> d <= t.x();
                    case GT -> d > t.x();
                    case GE -> d >= t.x();
                    default -> false;
                };
            }
            String s = v.toString().trim().toLowerCase(Locale.ROOT);
            return switch (t.op()) {
                case EQ -> s.equals(t.a());
                case RANGE -> s.compareTo(t.a()) >= 0 && s.compareTo(t.b()) <= 0;
                case LT -> s.compareTo(t.a()) < 0;
                case LE -> s.compareTo(t.a()) <= 0;
                case GT -> s.compareTo(t.a()) > 0;
                case GE -> s.compareTo(t.a()) >= 0;
                default -> false;
            };
        }
    }
}
