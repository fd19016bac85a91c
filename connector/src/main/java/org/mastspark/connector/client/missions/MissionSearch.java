package org.mastspark.connector.client.missions;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.mastspark.connector.client.portal.PortalRequest;

/**
 * One request to MAST's Mission Search API ({@code POST /search/<mission>/api/v0.1/search}): an
 * optional cone ({@code target} positions and a radius in arc seconds), conditions, selected columns,
 * sort order and one page ({@code limit}, {@code offset}). Immutable and serializable: partitions carry
 * it to executors.
 *
 * <p>The body follows what astroquery (0.4.8 and later) sends: {@code "target": ["<ra> <dec>"]} in
 * degrees, {@code "radius"} in arc seconds with {@code "radius_units": "arcseconds"}, {@code conditions}
 * as a list of one-key objects whose values carry MAST's operators ({@code "a,b"} any of,
 * {@code "a..b"} range, {@code "<x"}, {@code ">x"}, {@code "!x"} not, {@code "*"} wildcard).
 */
// Kryo (spark.serializer) cannot write records field by field: it writes this one with Java serialization.
@DefaultSerializer(JavaSerializer.class)
public record MissionSearch(
        String mission,
        List<String> targets,
        Double radiusArcsec,
        List<Condition> conditions,
        List<String> selectCols,
        List<String> sortBy,
        List<Boolean> sortDesc,
        int limit,
        long offset)
        implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** MAST's limit on one cone: 30 arcmin (astroquery refuses larger radii client-side). */
    public static final double MAX_RADIUS_ARCSEC = 1800.0;
    /** Positions per request (astroquery's limit). */
    public static final int MAX_TARGETS = 100;

    /**
     * One condition: {@code {"column": value}}; a numeric value is sent as a JSON number, anything else as
     * text with MAST's operators.
     */
    // Kryo (spark.serializer) cannot write records field by field: it writes this one with Java serialization.
    @DefaultSerializer(JavaSerializer.class)
    public record Condition(String column, String value, boolean numeric) implements Serializable {
        private static final long serialVersionUID = 1L;

        public Condition {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(value, "value");
        }

        public static Condition text(String column, String value) {
            return new Condition(column, value, false);
        }

        public static Condition number(String column, String value) {
            new BigDecimal(value); // fail early on a non-number
            return new Condition(column, value, true);
        }
    }

    public MissionSearch {
        Objects.requireNonNull(mission, "mission");
        mission = mission.toLowerCase(Locale.ROOT);
        targets = targets == null ? List.of() : List.copyOf(targets);
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        selectCols = selectCols == null ? null : List.copyOf(selectCols);
        sortBy = sortBy == null ? List.of() : List.copyOf(sortBy);
        sortDesc = sortDesc == null ? List.of() : List.copyOf(sortDesc);
        if (targets.size() > MAX_TARGETS) {
            throw new IllegalArgumentException(
                    targets.size() + " positions in one mission search: MAST takes at most " + MAX_TARGETS);
        }
        if (!targets.isEmpty() && radiusArcsec == null) {
            throw new IllegalArgumentException("A mission search with positions needs a radius");
        }
        if (radiusArcsec != null && (!(radiusArcsec > 0) || radiusArcsec > MAX_RADIUS_ARCSEC)) {
            throw new IllegalArgumentException("Mission search radius " + radiusArcsec
                    + " arcsec is outside (0, 1800] (MAST's limit is 30 arcmin per cone)");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("Mission search limit must be at least 1, not " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("Mission search offset must not be negative: " + offset);
        }
        if (!sortDesc.isEmpty() && sortDesc.size() != sortBy.size()) {
            throw new IllegalArgumentException("sort_desc needs one entry per sort_by column");
        }
    }

    /** A search of a mission with no position, no conditions, MAST's default columns, first 5,000 rows. */
    public static MissionSearch of(String mission) {
        return new MissionSearch(mission, List.of(), null, List.of(), null, List.of(), List.of(), 5000, 0);
    }

    /** The position of a cone in degrees as MAST wants it: {@code "<ra> <dec>"}. */
    public static String target(double raDeg, double decDeg) {
        return PortalRequest.pythonNumber(raDeg) + " " + PortalRequest.pythonNumber(decDeg);
    }

    public MissionSearch withCone(double raDeg, double decDeg, double radiusArcsec) {
        return new MissionSearch(
                mission,
                List.of(target(raDeg, decDeg)),
                radiusArcsec,
                conditions,
                selectCols,
                sortBy,
                sortDesc,
                limit,
                offset);
    }

    public MissionSearch withConditions(List<Condition> value) {
        return new MissionSearch(mission, targets, radiusArcsec, value, selectCols, sortBy, sortDesc, limit, offset);
    }

    /** @param value the columns to return, or null for MAST's default output columns */
    public MissionSearch withSelectCols(List<String> value) {
        return new MissionSearch(mission, targets, radiusArcsec, conditions, value, sortBy, sortDesc, limit, offset);
    }

    public MissionSearch withSort(List<String> by, List<Boolean> desc) {
        return new MissionSearch(mission, targets, radiusArcsec, conditions, selectCols, by, desc, limit, offset);
    }

    public MissionSearch withPage(int newLimit, long newOffset) {
        return new MissionSearch(
                mission, targets, radiusArcsec, conditions, selectCols, sortBy, sortDesc, newLimit, newOffset);
    }

    /** {@code /search/<mission>/api/v0.1/search}. */
    public String path() {
        return "/search/" + MissionClient.encodePath(mission) + "/api/v0.1/search";
    }

    /** The JSON body, in astroquery's key order. */
    public String json() {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("limit", limit);
        o.put("offset", offset);
        if (selectCols == null) {
            o.putNull("select_cols");
        } else {
            ArrayNode s = o.putArray("select_cols");
            selectCols.forEach(s::add);
        }
        if (!targets.isEmpty()) {
            ArrayNode t = o.putArray("target");
            targets.forEach(t::add);
            o.put("radius", radiusArcsec);
            o.put("radius_units", "arcseconds");
        }
        ArrayNode c = o.putArray("conditions");
        for (Condition cond : conditions) {
            ObjectNode one = c.addObject();
            if (cond.numeric()) {
                one.put(cond.column(), new BigDecimal(cond.value()));
            } else {
                one.put(cond.column(), cond.value());
            }
        }
        if (!sortBy.isEmpty()) {
            ArrayNode s = o.putArray("sort_by");
            sortBy.forEach(s::add);
            if (!sortDesc.isEmpty()) {
                ArrayNode d = o.putArray("sort_desc");
                sortDesc.forEach(d::add);
            }
        }
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For plans and messages: the body without anything secret (a search holds none). */
    @Override
    public String toString() {
        return mission + " " + json();
    }
}
