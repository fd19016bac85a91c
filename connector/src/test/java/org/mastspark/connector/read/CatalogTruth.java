package org.mastspark.connector.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.emulator.RequestLog;
import org.mastspark.emulator.sky.ResultTable;
import org.mastspark.emulator.sky.SyntheticSky;

/**
 * Brute-force truth for catalog reads: a query evaluated by the emulator's synthetic sky itself (no HTTP,
 * no result limit, no connector code), and row fingerprints that compare every value of a row read
 * through Spark with the row the emulator generated.
 */
final class CatalogTruth {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CatalogTruth() {}

    static ObjectNode cone(double ra, double dec, double radius) {
        ObjectNode p = JSON.createObjectNode();
        p.put("ra", ra);
        p.put("dec", dec);
        p.put("radius", radius);
        return p;
    }

    /** The emulator's own answer to a service query. */
    static ResultTable table(SyntheticSky sky, String service, ObjectNode params) {
        return sky.query(service, params).orElseThrow(() -> new IllegalStateException("no synthetic " + service));
    }

    /** Every row of the emulator's answer, as a JSON object, in the emulator's order. */
    static void forEachRow(ResultTable table, Consumer<JsonNode> f) {
        try {
            for (long i = 0; i < table.rowCount(); i++) {
                TokenBuffer tb = new TokenBuffer(JSON, false);
                table.writeRow(i, tb);
                f.accept(JSON.readTree(tb.asParser()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 64-bit FNV-1a of the row's values in the schema's columns (as the schema's types read them). */
    static long fingerprint(JsonNode row, StructType columns) {
        StringBuilder sb = new StringBuilder();
        for (StructField f : columns.fields()) {
            JsonNode v = row.get(f.name());
            sb.append(v == null || v.isNull() ? "<null>" : text(v, f.dataType()))
                    .append('|');
        }
        return fnv(sb);
    }

    /** The same fingerprint for a Spark row. */
    static long fingerprint(Row row, StructType columns) {
        StringBuilder sb = new StringBuilder();
        for (StructField f : columns.fields()) {
            Object v = row.get(row.fieldIndex(f.name()));
            sb.append(v == null ? "<null>" : v.toString()).append('|');
        }
        return fnv(sb);
    }

    private static String text(JsonNode v, DataType t) {
        if (t.equals(DataTypes.DoubleType)) {
            return Double.toString(v.asDouble());
        }
        if (t.equals(DataTypes.LongType)) {
            return Long.toString(v.asLong());
        }
        if (t.equals(DataTypes.BooleanType)) {
            return Boolean.toString(v.asBoolean());
        }
        return v.asText();
    }

    private static long fnv(CharSequence s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** The stored columns of a catalog read schema (without the connector's computed ones). */
    static StructType stored(StructType schema) {
        return new StructType(Arrays.stream(schema.fields())
                .filter(f -> !f.name().equals("dstArcSec") && !f.name().equals("healpix"))
                .toArray(StructField[]::new));
    }

    /**
     * For every Portal request the emulator logged for {@code service}: how many rows its cone matched, as
     * the emulator's own data says (cones asked twice are counted once).
     */
    static Map<String, Long> matchedPerRequest(MastEmulator mast, String service) {
        Map<String, Long> out = new HashMap<>();
        for (RequestLog.Entry e : mast.requestLog().entries()) {
            if (!service.equals(e.service())) {
                continue;
            }
            try {
                JsonNode params = JSON.readTree(e.request()).path("params");
                String key = params.toString();
                if (!out.containsKey(key)) {
                    out.put(key, table(mast.sky(), service, (ObjectNode) params).rowCount());
                }
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return out;
    }

    static List<RequestLog.Entry> entries(MastEmulator mast, String service) {
        return mast.requestLog().entries().stream()
                .filter(e -> service.equals(e.service()))
                .toList();
    }

    /** Largest radius parameter among the logged requests of a service. */
    static double largestRadius(MastEmulator mast, String service) {
        double max = 0;
        for (RequestLog.Entry e : entries(mast, service)) {
            try {
                max = Math.max(
                        max,
                        JSON.readTree(e.request()).path("params").path("radius").asDouble());
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return max;
    }

    static <T> Iterable<T> iterable(Iterator<T> it) {
        return () -> it;
    }
}
