package org.mastspark.examples;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.median;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.mastspark.connector.MastProducts;
import org.mastspark.connector.download.MastDownloader;
import org.mastspark.emulator.MastEmulator;

/**
 * TESS light curves of a sky region, end to end: the TESS time-series observations of the region (the {@code
 * mast} source), their light-curve products ({@code *_lc.fits}), downloaded to a FileSystem with a manifest
 * ({@link MastDownloader}), read with {@code format("fits")} (the {@code LIGHTCURVE} table, with the primary
 * header's {@code TICID} and {@code SECTOR} as columns) and reduced to per-star statistics in Parquet: for each
 * (TICID, SECTOR), {@code n_cadences}, {@code n_good} (cadences with {@code QUALITY == 0}), and the median and
 * sample standard deviation of {@code PDCSAP_FLUX} over the good cadences whose flux is not NaN.
 *
 * <p>Runs offline against the embedded MAST emulator; {@code -Dstats.baseUrl=https://mast.stsci.edu} reads the
 * real MAST. Arguments: {@code <coordinates> <radius> <download destination> <Parquet output>}, any Hadoop
 * paths ({@code file:}, {@code hdfs:}, {@code s3a:}).
 *
 * <p>{@code ./mvnw -B -q -pl examples -am verify -DskipTests -Plightcurves}
 */
public final class TessLightCurveStats {
    private TessLightCurveStats() {}

    /**
     * Runs the pipeline.
     *
     * @param baseUrl MAST (or an emulator)
     * @param coordinates the region's centre, e.g. {@code "150.1 2.2"} or {@code "10h00m +02d12m"}
     * @param radius the region's radius, e.g. {@code "1deg"}
     * @param destination where the products go (a Hadoop path or URI)
     * @param output where the Parquet statistics go (overwritten)
     * @return the statistics as written (columns TICID, SECTOR, n_cadences, n_good, median_pdcsap_flux,
     *     std_pdcsap_flux, path)
     */
    public static Dataset<Row> run(
            SparkSession spark, String baseUrl, String coordinates, String radius, String destination, String output) {
        Dataset<Row> observations = spark.read()
                .format("mast")
                .option("baseUrl", baseUrl)
                .option("coordinates", coordinates)
                .option("radius", radius)
                .load("observations")
                .where("obs_collection = 'TESS' AND dataproduct_type = 'timeseries'");
        Dataset<Row> lightCurves = MastProducts.forObservations(observations, Map.of("baseUrl", baseUrl))
                .where(col("productFilename").endsWith("_lc.fits"));
        Dataset<Row> manifest =
                MastDownloader.builder().option("baseUrl", baseUrl).build().download(lightCurves, destination);
        List<String> files = manifest.where("status IN ('COMPLETE', 'SKIPPED')")
                .select("path")
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList();
        long failed = manifest.where("status = 'ERROR'").count();
        if (failed > 0) {
            manifest.where("status = 'ERROR'").select("dataURI", "message").show(false);
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("No TESS light curves within " + radius + " of " + coordinates);
        }
        Dataset<Row> rows = spark.read()
                .format("fits")
                .option("hdu", "LIGHTCURVE")
                .option("headerKeywords", "TICID,SECTOR")
                .load(files.toArray(new String[0]));
        // good cadences: QUALITY == 0; their flux statistics skip NaN (gaps, as SPOC writes them)
        Column goodFlux = when(col("QUALITY").equalTo(0).and(not(isnan(col("PDCSAP_FLUX")))), col("PDCSAP_FLUX"));
        Dataset<Row> stats = rows.groupBy("TICID", "SECTOR", "path")
                .agg(
                        count("*").as("n_cadences"),
                        count(when(col("QUALITY").equalTo(0), 1)).as("n_good"),
                        median(goodFlux.cast("double")).as("median_pdcsap_flux"),
                        stddev_samp(goodFlux.cast("double")).as("std_pdcsap_flux"))
                .select("TICID", "SECTOR", "n_cadences", "n_good", "median_pdcsap_flux", "std_pdcsap_flux", "path");
        stats.write().mode(SaveMode.Overwrite).parquet(output);
        return spark.read().parquet(output);
    }

    public static void main(String[] args) {
        String external = System.getProperty("stats.baseUrl", "");
        MastEmulator emulator =
                external.isBlank() ? MastEmulator.builder().scale(0.2).build() : null;
        String baseUrl = emulator != null ? emulator.baseUrl() : external;
        String coordinates = args.length > 0 ? args[0] : "60.0 -30.0";
        String radius = args.length > 1 ? args[1] : "3deg";
        String destination = args.length > 2 ? args[2] : "target/tess-lightcurves";
        String output = args.length > 3 ? args[3] : "target/tess-lightcurve-stats.parquet";
        SparkSession spark = SparkSession.builder()
                .master("local[2]")
                .appName("mast-spark TESS light curve statistics")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            Dataset<Row> stats = run(spark, baseUrl, coordinates, radius, destination, output);
            System.out.println("Per-star statistics of " + stats.count() + " TESS light curves within " + radius
                    + " of " + coordinates + ", written to " + output + ":");
            stats.drop("path").orderBy("TICID", "SECTOR").show(20, false);
        } finally {
            spark.stop();
            if (emulator != null) {
                emulator.close();
            }
        }
    }
}
