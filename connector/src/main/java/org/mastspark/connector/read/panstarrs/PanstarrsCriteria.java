package org.mastspark.connector.read.panstarrs;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.client.panstarrs.PanstarrsQuery.Criterion;
import org.mastspark.connector.read.service.ServicePredicates;

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
final class PanstarrsCriteria extends ServicePredicates {
    private final Map<String, Criterion> criteria = new LinkedHashMap<>();

    PanstarrsCriteria(StructType schema) {
        super(schema);
    }

    @Override
    protected Boolean convert(Comparison c) {
        String op = c.op();
        boolean integral = c.integral();
        boolean string = c.string();
        List<String> values = new ArrayList<>();
        for (Object value : c.values()) {
            String v = string ? value.toString() : number(value, integral);
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
        Criterion criterion =
                new Criterion(c.field().name(), decorator, List.copyOf(new LinkedHashSet<>(values)), !string);
        if (criteria.containsKey(criterion.key())) {
            return null;
        }
        criteria.put(criterion.key(), criterion);
        return integral && !op.equals("!=");
    }

    private static String number(Object v, boolean integral) {
        BigDecimal d = decimal(v);
        if (d == null || (integral && d.stripTrailingZeros().scale() > 0)) {
            return null;
        }
        return d.stripTrailingZeros().toPlainString();
    }

    List<Criterion> criteria() {
        return List.copyOf(criteria.values());
    }
}
