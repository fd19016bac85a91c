package org.mastspark.connector.download;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.emulator.sky.ProductFile;

/** Synthetic products of the emulator as a products DataFrame, and the bytes the emulator serves for them. */
final class TestProducts {
    static final StructType SCHEMA = new StructType()
            .add("dataURI", DataTypes.StringType)
            .add("productFilename", DataTypes.StringType)
            .add("obs_collection", DataTypes.StringType)
            .add("obs_id", DataTypes.StringType)
            .add("size", DataTypes.LongType);

    private TestProducts() {}

    /** The first {@code n} products (in obsid order) with at most {@code maxSize} bytes that match. */
    static List<Map<String, Object>> pick(
            MastEmulator mast, int n, long maxSize, Predicate<Map<String, Object>> which) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (long i = 0; i < mast.sky().observationCount() && out.size() < n; i++) {
            long obsid = 100_000_000L + i;
            for (Map<String, Object> p : mast.sky().productsOf(obsid)) {
                if (out.size() < n && ((Number) p.get("size")).longValue() <= maxSize && which.test(p)) {
                    out.add(p);
                }
            }
        }
        if (out.size() < n) {
            throw new IllegalStateException("the emulator has only " + out.size() + " such products");
        }
        return out;
    }

    static List<Map<String, Object>> pickPublic(MastEmulator mast, int n, long maxSize) {
        return pick(mast, n, maxSize, p -> "PUBLIC".equals(p.get("dataRights")));
    }

    static Row row(Map<String, Object> p) {
        return RowFactory.create(
                p.get("dataURI"),
                p.get("productFilename"),
                p.get("obs_collection"),
                p.get("obs_id"),
                ((Number) p.get("size")).longValue());
    }

    static Dataset<Row> frame(SparkSession spark, List<Map<String, Object>> products) {
        List<Row> rows = new ArrayList<>();
        products.forEach(p -> rows.add(row(p)));
        return spark.createDataFrame(rows, SCHEMA);
    }

    static Dataset<Row> frameOfRows(SparkSession spark, List<Row> rows) {
        return spark.createDataFrame(rows, SCHEMA);
    }

    /** The bytes the emulator serves for a URI. */
    static byte[] bytes(MastEmulator mast, String uri) {
        ProductFile f = mast.sky().product(uri).orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            f.write(0, f.size(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** astroquery's layout: mastDownload/obs_collection/obs_id/productFilename. */
    static Path localPath(Path dest, Map<String, Object> p) {
        return dest.resolve("mastDownload")
                .resolve((String) p.get("obs_collection"))
                .resolve((String) p.get("obs_id"))
                .resolve((String) p.get("productFilename"));
    }

    /** Every file under a folder, relative paths with '/'. */
    static List<String> files(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .map(f -> dir.relativize(f).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
