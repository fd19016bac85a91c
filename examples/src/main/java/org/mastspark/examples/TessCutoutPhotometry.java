package org.mastspark.examples;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.median;
import static org.apache.spark.sql.functions.stddev_samp;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.mastspark.connector.MastCutouts;
import org.mastspark.emulator.MastEmulator;

/**
 * TESS photometry of catalog stars from full-frame-image cutouts, end to end: the TIC stars of a sky region (the
 * {@code mast} source, {@code catalogs/tic}), the TESS sectors covering each ({@link MastCutouts#tessSectors}), one
 * TESScut cutout per (star, sector) written to a FileSystem with a manifest ({@link MastCutouts#download}, every
 * request under MAST's limits of 10 at once and 5 per second), read back with {@code format("fits")} (the
 * {@code PIXELS} table, one row per cadence, {@code FLUX} as a rows x columns array) and reduced to a light curve per
 * cutout, whose statistics go to Parquet: for each cutout file, {@code n_cadences} with {@code QUALITY == 0} and the
 * median and sample standard deviation over them of the cutout's summed flux (NaN pixels skipped).
 *
 * <p>Runs offline against the embedded MAST emulator; {@code -Dcutouts.baseUrl=https://mast.stsci.edu} uses the
 * real MAST. Arguments: {@code <coordinates> <radius> <max stars> <cutout destination> <Parquet output>}, any Hadoop
 * paths ({@code file:}, {@code hdfs:}, {@code s3a:}).
 *
 * <p>{@code ./mvnw -B -q -pl examples -am verify -DskipTests -Pcutouts}
 */
public final class TessCutoutPhotometry {
    private TessCutoutPhotometry() {}

    /**
     * Runs the pipeline.
     *
     * @param baseUrl MAST (or an emulator)
     * @param coordinates the region's centre, e.g. {@code "23.34086 60.658"}
     * @param radius the region's radius, e.g. {@code "0.2deg"}
     * @param maxStars how many of the region's stars (the brightest first)
     * @param destination where the cutouts go (a Hadoop path or URI)
     * @param output where the Parquet statistics go (overwritten)
     * @return the statistics as written (columns ID, sector, camera, ccd, n_good, median_flux, std_flux, path)
     */
    public static Dataset<Row> run(
            SparkSession spark,
            String baseUrl,
            String coordinates,
            String radius,
            int maxStars,
            String destination,
            String output) {
        Dataset<Row> stars = spark.read()
                .format("mast")
                .option("baseUrl", baseUrl)
                .option("coordinates", coordinates)
                .option("radius", radius)
                .load("catalogs/tic")
                .where("Tmag IS NOT NULL")
                .orderBy("Tmag")
                .limit(maxStars)
                .select(col("ID"), col("ra"), col("dec"));
        Dataset<Row> sectors = MastCutouts.tessSectors(stars, Map.of("baseUrl", baseUrl))
                .where("sector IS NOT NULL")
                .select("ID", "ra", "dec", "sector")
                .cache();
        Dataset<Row> manifest = MastCutouts.download(sectors, destination, Map.of("baseUrl", baseUrl, "size", "5"))
                .cache();
        manifest.groupBy("status").count().show(false);
        if (manifest.where("status IN ('COMPLETE', 'SKIPPED')").isEmpty()) {
            throw new IllegalStateException("No TESS cutouts for the stars within " + radius + " of " + coordinates);
        }
        // Which star each file is: the manifest's request columns are the star's position as given.
        Dataset<Row> files = manifest.where("status IN ('COMPLETE', 'SKIPPED')")
                .join(
                        sectors,
                        col("request_ra")
                                .equalTo(sectors.col("ra"))
                                .and(col("request_dec").equalTo(sectors.col("dec")))
                                .and(col("request_sector").equalTo(sectors.col("sector"))))
                .select(col("ID"), col("path"), manifest.col("sector"), col("camera"), col("ccd"));
        Dataset<Row> cadences = spark.read()
                .format("fits")
                .option("hdu", "PIXELS")
                .load(destination + "/tesscut")
                .where("QUALITY = 0")
                .select(
                        col("path"),
                        expr("aggregate(filter(flatten(FLUX), x -> NOT isnan(x)), 0D, (a, x) -> a + x)")
                                .as("flux"));
        Dataset<Row> stats = cadences.groupBy("path")
                .agg(
                        count("flux").as("n_good"),
                        median(col("flux")).as("median_flux"),
                        stddev_samp("flux").as("std_flux"))
                .join(files, "path")
                .select("ID", "sector", "camera", "ccd", "n_good", "median_flux", "std_flux", "path")
                .orderBy("ID", "sector");
        stats.write().mode(SaveMode.Overwrite).parquet(output);
        return spark.read().parquet(output).orderBy("ID", "sector");
    }

    /**
     * Against the embedded emulator by default (or {@code -Dcutouts.baseUrl}): arguments {@code [coordinates radius
     * maxStars destination output]}, defaulting to M 103 and folders under {@code target/}.
     */
    public static void main(String[] args) {
        String coordinates = args.length > 0 ? args[0] : "23.34086 60.658";
        String radius = args.length > 1 ? args[1] : "0.2deg";
        int maxStars = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        String destination = args.length > 3 ? args[3] : "target/cutouts/files";
        String output = args.length > 4 ? args[4] : "target/cutouts/stats.parquet";
        String baseUrl = System.getProperty("cutouts.baseUrl");
        SparkSession spark = SparkSession.builder()
                .master("local[2]")
                .appName("TessCutoutPhotometry")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        try (MastEmulator mast = baseUrl == null ? MastEmulator.builder().build() : null) {
            Dataset<Row> stats = run(
                    spark,
                    baseUrl == null ? mast.baseUrl() : baseUrl,
                    coordinates,
                    radius,
                    maxStars,
                    destination,
                    output);
            stats.show(50, false);
        } finally {
            spark.stop();
        }
    }
}
