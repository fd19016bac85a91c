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
 * The cutout manifest: one row per file a cutout request delivered, or one row for a request that delivered
 * none ({@code NO_RESULT}, {@code ERROR}); returned as a DataFrame and written as JSON lines to
 * {@value #FILE_NAME} in the destination (old or new, never a part). While a job runs, each finished request
 * also leaves its rows in {@value #MARKERS}{@code /<hash>.jsonl}, so that a killed job's finished requests are
 * not asked again; the markers are deleted once the manifest is written.
 */
public final class CutoutManifest {
    /** The manifest's file name in the destination (the leading underscore hides it from Spark readers). */
    public static final String FILE_NAME = "_MAST_CUTOUTS.jsonl";

    /** The folder of the per-request markers of a running (or killed) job. */
    public static final String MARKERS = "_mast_cutouts";

    /** Written by this run. */
    public static final String COMPLETE = Manifest.COMPLETE;
    /** Already at its path with the size the previous run recorded; MAST was not asked. */
    public static final String SKIPPED = Manifest.SKIPPED;
    /** MAST had nothing to cut ({@code message} is its answer, e.g. the target is in no sector). */
    public static final String NO_RESULT = "NO_RESULT";
    /** The request failed or was refused; {@code message} says why. No file was left at a final path. */
    public static final String ERROR = Manifest.ERROR;

    static final int REQUEST = 0;
    static final int PATH = 8;
    static final int STATUS = 9;
    static final int MESSAGE = 10;
    static final int BYTES = 11;
    static final int SHA256 = 12;
    static final int ATTEMPTS = 13;
    static final int DURATION = 14;

    /** Columns of the manifest. */
    public static final StructType SCHEMA = new StructType(new StructField[] {
        field("request", DataTypes.StringType, false, "the request, as the connector identifies it (resume key)"),
        field("service", DataTypes.StringType, false, "tesscut, zcut or hapcut"),
        field("request_ra", DataTypes.DoubleType, true, "the target's ra as given (degrees)"),
        field("request_dec", DataTypes.DoubleType, true, "the target's dec as given (degrees)"),
        field("object_id", DataTypes.StringType, true, "the moving target's name as given"),
        field("request_sector", DataTypes.IntegerType, true, "the sector asked for (null: every sector)"),
        field("survey", DataTypes.StringType, true, "the Zcut survey asked for (null: every survey)"),
        field("size", DataTypes.StringType, false, "the size asked for, as given"),
        field("path", DataTypes.StringType, true, "the file's full path (null when no file)"),
        field("status", DataTypes.StringType, false, "COMPLETE, SKIPPED, NO_RESULT or ERROR"),
        field("message", DataTypes.StringType, true, "MAST's answer for NO_RESULT, the reason for ERROR, notes"),
        field("bytes", DataTypes.LongType, false, "size of the file (0 when none)"),
        field("sha256", DataTypes.StringType, true, "SHA-256 (hex) of the file, computed while writing it"),
        field("attempts", DataTypes.IntegerType, false, "HTTP requests sent for the request (0: not asked)"),
        field("duration_ms", DataTypes.LongType, false, "wall time of the request, permit waits included"),
        field("sector", DataTypes.IntegerType, true, "SECTOR of the file's header"),
        field("camera", DataTypes.IntegerType, true, "CAMERA of the file's header"),
        field("ccd", DataTypes.IntegerType, true, "CCD of the file's header"),
        field("ra", DataTypes.DoubleType, true, "RA_OBJ of the file's header (degrees)"),
        field("dec", DataTypes.DoubleType, true, "DEC_OBJ of the file's header (degrees)"),
        field("ny", DataTypes.IntegerType, true, "rows of the cutout (pixels), from the file"),
        field("nx", DataTypes.IntegerType, true, "columns of the cutout (pixels), from the file")
    });

    private static final ObjectMapper JSON = new ObjectMapper();

    private CutoutManifest() {}

    private static StructField field(String name, DataType type, boolean nullable, String doc) {
        return new StructField(
                name,
                type,
                nullable,
                new MetadataBuilder().putString("comment", doc).build());
    }

    /** The manifest file of a destination. */
    public static Path location(Path destination) {
        return new Path(destination, FILE_NAME);
    }

    /** A row as one JSON object, every column by name (nulls as JSON null). */
    static String toJson(Row r) {
        ObjectNode o = JSON.createObjectNode();
        StructField[] fields = SCHEMA.fields();
        for (int i = 0; i < fields.length; i++) {
            String name = fields[i].name();
            if (r.isNullAt(i)) {
                o.putNull(name);
            } else if (fields[i].dataType() == DataTypes.IntegerType) {
                o.put(name, r.getInt(i));
            } else if (fields[i].dataType() == DataTypes.LongType) {
                o.put(name, r.getLong(i));
            } else if (fields[i].dataType() == DataTypes.DoubleType) {
                o.put(name, r.getDouble(i));
            } else {
                o.put(name, r.getString(i));
            }
        }
        return o.toString();
    }

    /** A row from {@link #toJson}; a missing column reads as null (0 for the counts). */
    static Row fromJson(String line) throws IOException {
        JsonNode n = JSON.readTree(line);
        StructField[] fields = SCHEMA.fields();
        Object[] v = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            JsonNode c = n.get(fields[i].name());
            DataType t = fields[i].dataType();
            if (c == null || c.isNull()) {
                v[i] = t == DataTypes.LongType
                        ? (Object) 0L
                        : t == DataTypes.IntegerType && !fields[i].nullable() ? 0 : null;
            } else if (t == DataTypes.IntegerType) {
                v[i] = c.asInt();
            } else if (t == DataTypes.LongType) {
                v[i] = c.asLong();
            } else if (t == DataTypes.DoubleType) {
                v[i] = c.asDouble();
            } else {
                v[i] = c.asText();
            }
        }
        return RowFactory.create(v);
    }

    static String toJsonLines(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        for (Row r : rows) {
            sb.append(toJson(r)).append('\n');
        }
        return sb.toString();
    }

    /** The rows of a JSON lines file; empty when it does not exist. */
    static List<Row> read(FileSystem fs, Path file) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (FSDataInputStream in = fs.open(file);
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

    /** Rows grouped by request, in file order. */
    static Map<String, List<Row>> byRequest(List<Row> rows) {
        Map<String, List<Row>> m = new LinkedHashMap<>();
        for (Row r : rows) {
            m.computeIfAbsent(r.getString(REQUEST), k -> new ArrayList<>()).add(r);
        }
        return m;
    }

    /** Writes the manifest so that readers see the old one or the new one, never a part. */
    static void write(FileSystem fs, Path destination, List<Row> rows, DownloadOptions.Commit commit)
            throws IOException {
        Committer.writeWhole(fs, location(destination), toJsonLines(rows).getBytes(StandardCharsets.UTF_8), commit);
    }
}
