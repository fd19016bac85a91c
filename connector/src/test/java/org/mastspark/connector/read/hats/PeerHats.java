package org.mastspark.connector.read.hats;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;

/**
 * The real HATS catalogs of the hats and lsdb projects' test suites (in {@code ../shared/peer-data/hats}; see its README), and what a test knows of them without the
 * connector: their properties, their partition files, their rows as parquet-java's example reader reads them,
 * and angular distances by plain trigonometry.
 */
final class PeerHats {
    private PeerHats() {}

    /** The peer data's directory: {@code ../shared/peer-data/hats} beside the checkout (system property {@code mast.shared.dir}). */
    static Path root() {
        Path root = Path.of(System.getProperty("mast.shared.dir", "../../shared"), "peer-data", "hats");
        if (!Files.isRegularFile(root.resolve("README.md"))) {
            throw new IllegalStateException("The HATS peer data is not at " + root.toAbsolutePath()
                    + ": check out the project beside ../shared, or set -Dmast.shared.dir");
        }
        return root;
    }

    static Path catalog(String relative) {
        return root().resolve(relative);
    }

    /** The catalog's {@code hats.properties}. */
    static Properties properties(Path catalog) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(catalog.resolve("hats.properties"))) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** Every data file under {@code dataset/} (not {@code _metadata}, {@code _common_metadata}), sorted. */
    static List<Path> dataFiles(Path catalog) {
        try (Stream<Path> files = Files.walk(catalog.resolve("dataset"))) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(".parquet"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows the data files' footers count. */
    static long footerRows(Path catalog) {
        long rows = 0;
        for (Path f : dataFiles(catalog)) {
            try (ParquetFileReader r = ParquetFileReader.open(
                    HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(f.toUri()), new Configuration()))) {
                for (BlockMetaData b : r.getFooter().getBlocks()) {
                    rows += b.getRowCount();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return rows;
    }

    /** The schema of {@code dataset/_common_metadata}. */
    static MessageType commonSchema(Path catalog) {
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(
                        catalog.resolve("dataset/_common_metadata").toUri()),
                new Configuration()))) {
            return r.getFooter().getFileMetaData().getSchema();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A row as a test needs it: the partition file it is in, its id, position and HEALPix index. */
    record Row(Path file, long id, double ra, double dec, long healpix29) {}

    /** Every row of the catalog, read file by file with parquet-java's example reader. */
    static List<Row> rows(Path catalog, String idColumn, String raColumn, String decColumn) {
        List<Row> out = new ArrayList<>();
        for (Path f : dataFiles(catalog)) {
            try (ParquetReader<Group> r = ParquetReader.builder(
                            new GroupReadSupport(), new org.apache.hadoop.fs.Path(f.toUri()))
                    .withConf(new Configuration())
                    .build()) {
                for (Group g = r.read(); g != null; g = r.read()) {
                    out.add(new Row(
                            f,
                            g.getLong(idColumn, 0),
                            g.getDouble(raColumn, 0),
                            g.getDouble(decColumn, 0),
                            g.getLong("_healpix_29", 0)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** Every row as parquet-java's example reader reads it, keyed by {@code idColumn}. */
    static java.util.Map<Long, Group> groups(Path catalog, String idColumn) {
        java.util.Map<Long, Group> out = new java.util.TreeMap<>();
        for (Path f : dataFiles(catalog)) {
            try (ParquetReader<Group> r = ParquetReader.builder(
                            new GroupReadSupport(), new org.apache.hadoop.fs.Path(f.toUri()))
                    .withConf(new Configuration())
                    .build()) {
                for (Group g = r.read(); g != null; g = r.read()) {
                    out.put(g.getLong(idColumn, 0), g);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** Great-circle distance in degrees (haversine). */
    static double distanceDeg(double ra1, double dec1, double ra2, double dec2) {
        double p1 = Math.toRadians(dec1);
        double p2 = Math.toRadians(dec2);
        double dp = p2 - p1;
        double dl = Math.toRadians(ra2 - ra1);
        double h =
                Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return Math.toDegrees(2 * Math.asin(Math.min(1, Math.sqrt(h))));
    }
}
