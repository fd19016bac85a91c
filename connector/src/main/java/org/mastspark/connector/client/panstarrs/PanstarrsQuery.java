package org.mastspark.connector.client.panstarrs;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One query of a Pan-STARRS table through MAST's catalogs API ({@code POST
 * /api/v0.1/panstarrs/<release>/<table>.json}): an optional cone ({@code ra}, {@code dec}, {@code radius}
 * in degrees, at most {@value #MAX_RADIUS_DEG}), criteria as decorated parameters ({@code col=value},
 * {@code col.gte=value}, a repeated key for any of several values), the columns to return, the sort
 * order ({@code col.asc}) and the page size. Immutable and serializable.
 */
// Kryo (spark.serializer) cannot write records field by field: it writes this one with Java serialization.
@DefaultSerializer(JavaSerializer.class)
public record PanstarrsQuery(
        String release,
        String table,
        Double ra,
        Double dec,
        Double radius,
        List<Criterion> criteria,
        List<String> columns,
        List<String> sortBy,
        int pagesize)
        implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** MAST's limit on one Pan-STARRS cone, in degrees. */
    public static final double MAX_RADIUS_DEG = 0.5;
    /**
     * The tables of each release the catalogs API serves, releases and tables in the order listings give them:
     * DR1 has the object tables {@code mean} and {@code stack}; DR2 added single-epoch {@code detection}s and
     * {@code forced_mean} (MAST's PS1 catalog API tutorial checks the same pairs before it asks).
     */
    public static final Map<String, List<String>> RELEASE_TABLES = releaseTables();
    /** The releases the catalogs API serves. */
    public static final Set<String> RELEASES = Set.copyOf(RELEASE_TABLES.keySet());
    /** The tables the catalogs API serves in some release. */
    public static final Set<String> TABLES =
            RELEASE_TABLES.values().stream().flatMap(List::stream).collect(Collectors.toUnmodifiableSet());
    /** The decorators of the catalogs API's criteria. */
    public static final Set<String> DECORATORS = Set.of("gt", "gte", "lt", "lte", "eq", "ne");

    /**
     * One parameter: {@code column[.decorator]} with one or more values (several values: any of them;
     * sent as a repeated key, a list in JSON). Numeric values are sent as JSON numbers.
     */
    // Kryo (spark.serializer) cannot write records field by field: it writes this one with Java serialization.
    @DefaultSerializer(JavaSerializer.class)
    public record Criterion(String column, String decorator, List<String> values, boolean numeric)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        public Criterion {
            Objects.requireNonNull(column, "column");
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("A criterion on '" + column + "' needs a value");
            }
            if (decorator != null && !DECORATORS.contains(decorator)) {
                throw new IllegalArgumentException(
                        "Invalid decorator '" + decorator + "' on '" + column + "': expected one of " + DECORATORS);
            }
            if (numeric) {
                values.forEach(BigDecimal::new);
            }
        }

        public String key() {
            return decorator == null ? column : column + "." + decorator;
        }
    }

    public PanstarrsQuery {
        release = Objects.requireNonNull(release, "release").toLowerCase(Locale.ROOT);
        table = Objects.requireNonNull(table, "table").toLowerCase(Locale.ROOT);
        if (!RELEASES.contains(release)) {
            throw new IllegalArgumentException("Invalid Pan-STARRS release '" + release
                    + "': expected dr1 or dr2 (e.g. catalogs/panstarrs/dr2/mean)");
        }
        if (!TABLES.contains(table)) {
            throw new IllegalArgumentException("Invalid Pan-STARRS table '" + table
                    + "': expected mean, stack, detection or forced_mean (e.g. catalogs/panstarrs/dr2/mean)");
        }
        if (!tables(release).contains(table)) {
            throw new IllegalArgumentException(missingTable(release, table));
        }
        criteria = criteria == null ? List.of() : List.copyOf(criteria);
        columns = columns == null ? List.of() : List.copyOf(columns);
        sortBy = sortBy == null ? List.of() : List.copyOf(sortBy);
        if ((ra == null) != (dec == null) || (ra == null) != (radius == null)) {
            throw new IllegalArgumentException("A Pan-STARRS cone needs ra, dec and radius together");
        }
        if (radius != null && (!(radius > 0) || radius > MAX_RADIUS_DEG)) {
            throw new IllegalArgumentException("Pan-STARRS cone radius " + radius
                    + " deg is outside (0, 0.5] (MAST's limit per cone is 0.5 degree)");
        }
        if (pagesize < 1) {
            throw new IllegalArgumentException("Pan-STARRS pagesize must be at least 1, not " + pagesize);
        }
    }

    private static Map<String, List<String>> releaseTables() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("dr1", List.of("mean", "stack"));
        m.put("dr2", List.of("mean", "stack", "detection", "forced_mean"));
        return Collections.unmodifiableMap(m);
    }

    /** The tables of a release (lower case), in order; empty for a release the catalogs API does not serve. */
    public static List<String> tables(String release) {
        return RELEASE_TABLES.getOrDefault(release, List.of());
    }

    /** The releases that have the table, in order. */
    public static List<String> releasesWith(String table) {
        return RELEASE_TABLES.entrySet().stream()
                .filter(e -> e.getValue().contains(table))
                .map(Map.Entry::getKey)
                .toList();
    }

    /**
     * Why a release lacks a table another release has: names the release, the table, the release's tables and
     * the releases that have the table ({@code table} must be one of {@link #TABLES}).
     */
    public static String missingTable(String release, String table) {
        List<String> with = releasesWith(table);
        return "Pan-STARRS " + release + " has no table " + table + ": the tables of " + release + " are "
                + String.join(", ", tables(release)) + "; " + table + " is in " + String.join(" and ", with);
    }

    public PanstarrsQuery withCone(double raDeg, double decDeg, double radiusDeg) {
        return new PanstarrsQuery(release, table, raDeg, decDeg, radiusDeg, criteria, columns, sortBy, pagesize);
    }

    public PanstarrsQuery withPagesize(int value) {
        return new PanstarrsQuery(release, table, ra, dec, radius, criteria, columns, sortBy, value);
    }

    /** {@code /api/v0.1/panstarrs/<release>/<table>.json}. */
    public String path() {
        return "/api/v0.1/panstarrs/" + release + "/" + table + ".json";
    }

    /** {@code /api/v0.1/panstarrs/<release>/<table>/metadata.json}. */
    public static String metadataPath(String release, String table) {
        return "/api/v0.1/panstarrs/" + release.toLowerCase(Locale.ROOT) + "/" + table.toLowerCase(Locale.ROOT)
                + "/metadata.json";
    }

    /** The JSON body of one page, keys in the order astroquery (0.4.7 and later) sends them. */
    public String json(int page) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("page", page);
        o.put("pagesize", pagesize);
        if (ra != null) {
            o.put("ra", ra);
            o.put("dec", dec);
            o.put("radius", radius);
        }
        for (Criterion c : criteria) {
            if (c.values().size() == 1) {
                put(o, c.key(), c.values().get(0), c.numeric());
            } else {
                ArrayNode a = o.putArray(c.key());
                for (String v : c.values()) {
                    if (c.numeric()) {
                        a.add(new BigDecimal(v));
                    } else {
                        a.add(v);
                    }
                }
            }
        }
        if (!columns.isEmpty()) {
            ArrayNode a = o.putArray("columns");
            columns.forEach(a::add);
        }
        if (!sortBy.isEmpty()) {
            ArrayNode a = o.putArray("sort_by");
            sortBy.forEach(a::add);
        }
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void put(ObjectNode o, String key, String value, boolean numeric) {
        if (numeric) {
            o.put(key, new BigDecimal(value));
        } else {
            o.put(key, value);
        }
    }

    @Override
    public String toString() {
        return "panstarrs/" + release + "/" + table + " " + json(1);
    }
}
