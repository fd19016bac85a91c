package org.mastspark.connector.download;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The download manifest: one row per distinct {@code dataURI}, returned as a DataFrame and written as JSON
 * lines to {@value #FILE_NAME} in the destination (a temporary name, then a rename; in place on object
 * stores, where an object appears only when complete).
 */
public final class Manifest {
    /** The manifest's file name in the destination (the leading underscore hides it from Spark readers). */
    public static final String FILE_NAME = "_MAST_MANIFEST.jsonl";

    /** Downloaded by this run. */
    public static final String COMPLETE = "COMPLETE";
    /** Already at its path and verified; not downloaded again. */
    public static final String SKIPPED = "SKIPPED";
    /** Not downloaded; {@code message} says why. No file was left at {@code path}. */
    public static final String ERROR = "ERROR";

    /** Columns of the manifest. */
    public static final StructType SCHEMA = new StructType(new StructField[] {
        field("dataURI", DataTypes.StringType, false, "the product's URI, as given"),
        field("path", DataTypes.StringType, true, "the file's full destination path (null if none could be made)"),
        field("status", DataTypes.StringType, false, "COMPLETE, SKIPPED or ERROR"),
        field("message", DataTypes.StringType, true, "why SKIPPED or ERROR, or notes (resumed, fell back to MAST)"),
        field("bytes", DataTypes.LongType, false, "size of the file at path (0 for ERROR)"),
        field("expected_size", DataTypes.LongType, true, "the products table's size, else MAST's Content-Length"),
        field("sha256", DataTypes.StringType, true, "SHA-256 (hex) computed while streaming; verified one for SKIPPED"),
        field("attempts", DataTypes.IntegerType, false, "HTTP requests (or cloud reads) made for the file"),
        field("duration_ms", DataTypes.LongType, false, "wall time spent on the file"),
        field(
                "source",
                DataTypes.StringType,
                true,
                "mast, mission (retrieve_product), cloud, or null when nothing was fetched")
    });

    private static final ObjectMapper JSON = new ObjectMapper();

    private Manifest() {}

    private static StructField field(String name, DataType type, boolean nullable, String doc) {
        return new StructField(
                name,
                type,
                nullable,
                new MetadataBuilder().putString("comment", doc).build());
    }

    static Row row(
            String dataUri,
            String path,
            String status,
            String message,
            long bytes,
            Long expectedSize,
            String sha256,
            int attempts,
            long durationMs,
            String source) {
        return RowFactory.create(
                dataUri, path, status, message, bytes, expectedSize, sha256, attempts, durationMs, source);
    }

    static Row error(String dataUri, String path, String message) {
        return row(dataUri == null ? "" : dataUri, path, ERROR, message, 0L, null, null, 0, 0L, null);
    }

    /** The manifest file of a destination. */
    public static Path location(Path destination) {
        return new Path(destination, FILE_NAME);
    }

    static String toJson(Row r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("dataURI", r.getString(0));
        o.put("path", r.getString(1));
        o.put("status", r.getString(2));
        o.put("message", r.getString(3));
        o.put("bytes", r.getLong(4));
        if (r.isNullAt(5)) {
            o.putNull("expected_size");
        } else {
            o.put("expected_size", r.getLong(5));
        }
        o.put("sha256", r.getString(6));
        o.put("attempts", r.getInt(7));
        o.put("duration_ms", r.getLong(8));
        o.put("source", r.getString(9));
        return o.toString();
    }

    static Row fromJson(String line) throws IOException {
        JsonNode n = JSON.readTree(line);
        return row(
                text(n, "dataURI"),
                text(n, "path"),
                text(n, "status"),
                text(n, "message"),
                n.path("bytes").asLong(),
                n.path("expected_size").isNumber() ? n.path("expected_size").asLong() : null,
                text(n, "sha256"),
                n.path("attempts").asInt(),
                n.path("duration_ms").asLong(),
                text(n, "source"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** The rows of a destination's manifest, in file order; empty when there is none. */
    static List<Row> read(FileSystem fs, Path destination) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (FSDataInputStream in = fs.open(location(destination));
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    rows.add(fromJson(line));
                }
            }
        } catch (FileNotFoundException e) {
            return List.of();
        }
        return rows;
    }

    /** Rows by dataURI (the last row wins). */
    static Map<String, Row> byUri(List<Row> rows) {
        Map<String, Row> m = new LinkedHashMap<>();
        for (Row r : rows) {
            m.put(r.getString(0), r);
        }
        return m;
    }

    /** Writes the manifest so that readers see the old one or the new one, never a part. */
    static void write(FileSystem fs, Path destination, List<Row> rows, DownloadOptions.Commit commit)
            throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Row r : rows) {
            sb.append(toJson(r)).append('\n');
        }
        Committer.writeWhole(fs, location(destination), sb.toString().getBytes(StandardCharsets.UTF_8), commit);
    }
}
