package org.mastspark.connector.read.panstarrs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.mastspark.connector.client.panstarrs.PanstarrsQuery.Criterion;
import org.mastspark.connector.read.Comparison;
import org.mastspark.connector.read.Pushdown;

/**
 * Classifies comparisons as the catalogs API's decorated parameters:
 *
 * <ul>
 *   <li>{@code =} → {@code col=v}; {@code IN} → a repeated {@code col} (a JSON list); {@code >},
 *       {@code >=}, {@code <}, {@code <=} → {@code col.gt}, {@code .gte}, {@code .lt}, {@code .lte};
 *       {@code <>} → {@code col.ne};
 *   <li>exact on integer columns; re-checked by Spark on floating-point columns (MAST stores many as
 *       REAL), for strings (MAST's collation may ignore case) and for {@code <>} (NULLs);
 *   <li>everything else (ranges on strings, LIKE, columns neither numeric nor text, a second predicate with
 *       the same parameter key) → Spark.
 * </ul>
 *
 * Single use, on the driver.
 */
final class PanstarrsCriteria {
    private final Map<String, Criterion> criteria = new LinkedHashMap<>();

    Pushdown classify(Comparison c) {
        boolean string = c.string();
        if (!(string || c.numeric())) {
            return Pushdown.SPARK;
        }
        String decorator = switch (c.op()) {
            case "=", "IN" -> null;
            case ">" -> "gt";
            case ">=" -> "gte";
            case "<" -> "lt";
            case "<=" -> "lte";
            case "!=" -> "ne";
            default -> "?";
        };
        // MAST compares text in its own collation: only equality and inequality mean the same there.
        if ("?".equals(decorator) || (string && decorator != null && !decorator.equals("ne"))) {
            return Pushdown.SPARK;
        }
        List<String> values = new ArrayList<>();
        for (Object value : c.values()) {
            String v = string ? value.toString() : c.plainNumber(value);
            if (v == null) {
                return Pushdown.SPARK;
            }
            values.add(v);
        }
        Criterion criterion = new Criterion(c.column(), decorator, List.copyOf(new LinkedHashSet<>(values)), !string);
        if (criteria.containsKey(criterion.key())) {
            return Pushdown.SPARK;
        }
        criteria.put(criterion.key(), criterion);
        return c.integral() && !c.op().equals("!=") ? Pushdown.EXACT : Pushdown.RECHECK;
    }

    List<Criterion> criteria() {
        return List.copyOf(criteria.values());
    }
}
