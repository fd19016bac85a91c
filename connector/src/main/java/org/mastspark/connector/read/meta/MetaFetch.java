package org.mastspark.connector.read.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.auth.WhoamiClient;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.missions.MissionClient;
import org.mastspark.connector.client.missions.MissionColumn;
import org.mastspark.connector.client.panstarrs.PanstarrsClient;
import org.mastspark.connector.client.panstarrs.PanstarrsColumn;
import org.mastspark.connector.client.portal.PortalClient;
import org.mastspark.connector.client.portal.PortalRequest;
import org.mastspark.connector.schema.MastSchemas;

/**
 * The MAST requests behind the metadata tables and how their answers become rows (maps from column name to
 * value), the way astroquery 0.4.6 reads the same answers. Called on executors, by {@link MetaPartition}.
 */
final class MetaFetch {
    /** The Portal service whose {@code extjs} answer lists the missions ({@code Observations.list_missions}). */
    static final String CAOM_ALL = "Mast.Caom.All";

    private MetaFetch() {}

    /**
     * {@code Observations.list_missions()}: the keys of the {@code obs_collection} facet's {@code histObj} in
     * {@code Mast.Caom.All}'s {@code extjs} answer, without {@code hist}, in MAST's order.
     */
    static List<Map<String, Object>> missions(MastClientConfig config, ClientMetrics metrics) {
        PortalRequest request = PortalRequest.of(
                CAOM_ALL,
                JsonNodeFactory.instance.objectNode(),
                "extjs",
                50_000,
                UUID.randomUUID().toString());
        JsonNode answer = new PortalClient(config).document(request, metrics);
        for (JsonNode facet : answer.path("data").path("Tables").path(0).path("Columns")) {
            if (facet.path("text").asText().equals("obs_collection")) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (Iterator<String> it =
                                facet.path("ExtendedProperties").path("histObj").fieldNames();
                        it.hasNext(); ) {
                    String key = it.next();
                    if (!key.equals("hist")) {
                        rows.add(Map.of("mission", key));
                    }
                }
                return rows;
            }
        }
        throw new MastException(CAOM_ALL + ": MAST's answer has no obs_collection facet to list the missions from");
    }

    /** The rows of {@code meta/columns} for one table (see {@link MetaTableNames}). */
    static List<Map<String, Object>> columns(
            String table, MastClientConfig config, MastClientConfig catalogsConfig, ClientMetrics metrics) {
        if (table.equals("observations") || table.equals("products")) {
            String service = table.equals("observations") ? "Mast.Caom.Cone" : "Mast.Caom.Products";
            StructType schema = table.equals("observations") ? MastSchemas.observations() : MastSchemas.products();
            return portalColumns(table, new PortalClient(config).columnsConfig(service, metrics), schema);
        }
        String colConfigId = MetaTableNames.portalCatalogConfig(table);
        if (colConfigId != null) {
            return portalColumns(
                    table, new PortalClient(config).columnsConfig(colConfigId, metrics), catalogSchema(table));
        }
        String mission = MetaTableNames.mission(table);
        if (mission != null) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (MissionColumn c : new MissionClient(config).columns(mission, metrics)) {
                Map<String, Object> r = row(table, c.name(), rows.size() + 1);
                r.put("label", blankToNull(c.label()));
                r.put("data_type", blankToNull(c.qualType()));
                r.put("spark_type", MastSchemas.sparkType(c.type()).simpleString());
                r.put("description", blankToNull(c.description()));
                r.put("queryable", c.queryable());
                r.put("default_output", c.defaultOutput());
                rows.add(r);
            }
            return rows;
        }
        String[] ps = MetaTableNames.panstarrs(table);
        if (ps != null) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (PanstarrsColumn c : new PanstarrsClient(catalogsConfig).metadata(ps[0], ps[1], metrics)) {
                Map<String, Object> r = row(table, c.name(), rows.size() + 1);
                r.put("data_type", blankToNull(c.type()));
                r.put("spark_type", MastSchemas.sparkType(c.mastType()).simpleString());
                r.put("units", c.unit());
                r.put("description", blankToNull(c.description()));
                r.put("ucd", c.ucd());
                rows.add(r);
            }
            return rows;
        }
        throw new IllegalStateException("no MAST request describes table " + table);
    }

    /**
     * astroquery's {@code _get_columnsconfig_metadata}: every entry but {@code _selected_} and those marked
     * {@code remove}, in MAST's order; label {@code text} (else the name), type {@code parse_type(type)} else
     * {@code parse_type(vot.datatype)}, units {@code unit} else {@code vot.unit}, {@code vot.description},
     * {@code example}. {@code spark_type} is the column's type in the connector's table, null for a column it
     * does not read.
     */
    static List<Map<String, Object>> portalColumns(String table, JsonNode config, StructType schema) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode f = e.getValue();
            if (e.getKey().equals("_selected_") || f.path("remove").asBoolean(false)) {
                continue;
            }
            Map<String, Object> r = row(table, e.getKey(), rows.size() + 1);
            r.put("label", text(f, "text", e.getKey()));
            String type = parseType(text(f, "type", ""));
            r.put("data_type", blankToNull(type.isEmpty() ? parseType(text(f, "vot.datatype", "")) : type));
            r.put("spark_type", sparkType(schema, e.getKey()));
            String unit = text(f, "unit", "");
            r.put("units", blankToNull(unit.isEmpty() ? text(f, "vot.unit", "") : unit));
            r.put("description", blankToNull(text(f, "vot.description", "")));
            r.put("examples", blankToNull(text(f, "example", "")));
            r.put("ucd", blankToNull(text(f, "vot.ucd", "")));
            rows.add(r);
        }
        return rows;
    }

    /** astroquery's {@code utils.parse_type(t)[0]}: the human type name; unknown names come back lower-cased. */
    static String parseType(String mastType) {
        String t = mastType.toLowerCase(Locale.ROOT);
        return switch (t) {
            case "char", "string", "datetime", "date" -> "string";
            case "double", "float", "decimal" -> "float";
            case "int", "short", "long", "number" -> "integer";
            case "boolean", "binary" -> "boolean";
            case "unsignedbyte" -> "byte";
            default -> t;
        };
    }

    /**
     * {@code session_info()}: MAST's {@code whoami} answer as one row. The answer's {@code token} member is never
     * read (the client drops it).
     */
    static List<Map<String, Object>> session(MastClientConfig config, ClientMetrics metrics) {
        ObjectNode o = new WhoamiClient(config).whoami(metrics);
        JsonNode attrib = o.path("attrib");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("user", blankToNull(text(o, "ezid", "")));
        r.put("eppn", blankToNull(text(o, "eppn", "")));
        r.put("display_name", blankToNull(text(attrib, "display_name", "")));
        r.put("first_name", blankToNull(text(attrib, "first_name", "")));
        r.put("last_name", blankToNull(text(attrib, "last_name", "")));
        r.put("email", blankToNull(text(attrib, "email", "")));
        r.put("anonymous", o.path("anon").asBoolean(true));
        List<String> scopes = new ArrayList<>();
        o.path("scopes").forEach(s -> scopes.add(s.asText()));
        r.put("scopes", String.join(" ", scopes));
        r.put("exclusive_access", scopes.contains("mast:exclusive_access"));
        r.put("attributes", attrib.isObject() ? attrib.toString() : null);
        r.put(
                "session",
                o.path("session").isMissingNode() || o.path("session").isNull()
                        ? null
                        : o.get("session").toString());
        return List.of(r);
    }

    /** The connector's fixed schema of a Portal catalog (tic, ctl, hsc, diskdetective), else an empty one. */
    private static StructType catalogSchema(String table) {
        return switch (table) {
            case "catalogs.tic", "catalogs.ctl" -> MastSchemas.catalog("tic");
            case "catalogs.hsc" -> MastSchemas.catalog("hsc");
            case "catalogs.diskdetective" -> MastSchemas.catalog("diskdetective");
            default -> new StructType();
        };
    }

    private static Map<String, Object> row(String table, String column, int ordinal) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("table_name", table);
        r.put("column_name", column);
        r.put("ordinal", (long) ordinal);
        return r;
    }

    private static String sparkType(StructType schema, String column) {
        for (StructField f : schema.fields()) {
            if (f.name().equals(column)) {
                DataType t = f.dataType();
                return t.simpleString();
            }
        }
        return null;
    }

    private static String text(JsonNode o, String key, String otherwise) {
        JsonNode v = o.get(key);
        return v == null || v.isNull() ? otherwise : v.asText();
    }

    /** MAST's text as it is (as astroquery shows it), an empty one as null. */
    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
