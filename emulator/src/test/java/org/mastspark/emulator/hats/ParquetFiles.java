package org.mastspark.emulator.hats;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/** Reads Parquet files in tests with parquet-java's example Group API: rows as column-name maps. */
final class ParquetFiles {
    private ParquetFiles() {}

    /** Every row of a file, top-level columns only, values as Long, Integer, Double, Float, String, Boolean or null. */
    static List<Map<String, Object>> rows(Path file) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (ParquetReader<Group> r = ParquetReader.builder(
                        new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri()))
                .withConf(new Configuration())
                .build()) {
            for (Group g = r.read(); g != null; g = r.read()) {
                out.add(toMap(g));
            }
        }
        return out;
    }

    static ParquetMetadata footer(Path file) throws IOException {
        try (ParquetFileReader r = ParquetFileReader.open(
                HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
            return r.getFooter();
        }
    }

    private static Map<String, Object> toMap(Group g) {
        GroupType t = g.getType();
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < t.getFieldCount(); i++) {
            Type f = t.getType(i);
            if (g.getFieldRepetitionCount(i) == 0 || !f.isPrimitive()) {
                m.put(f.getName(), null);
                continue;
            }
            PrimitiveType p = f.asPrimitiveType();
            Object v = switch (p.getPrimitiveTypeName()) {
                case INT64 -> g.getLong(i, 0);
                case INT32 -> g.getInteger(i, 0);
                case DOUBLE -> g.getDouble(i, 0);
                case FLOAT -> g.getFloat(i, 0);
                case BOOLEAN -> g.getBoolean(i, 0);
                case BINARY ->
                    p.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                            ? g.getString(i, 0)
                            : g.getBinary(i, 0);
                default -> g.getValueToString(i, 0);
            };
            m.put(f.getName(), v);
        }
        return m;
    }
}
