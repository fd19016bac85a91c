package org.mastspark.examples;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.mastspark.connector.MastProducts;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.udfs.sky.MastSkyFunctions;

/**
 * The quickstart pipeline: MAST observations around M101 as a Spark DataFrame, their minimum recommended
 * FITS products, and sky functions in SQL. Runs offline against the embedded MAST emulator; pass
 * {@code -Dquickstart.baseUrl=http://127.0.0.1:8765} for a running emulator, or
 * {@code -Dquickstart.baseUrl=https://mast.stsci.edu} for the real MAST.
 *
 * <p>{@code ./mvnw -B -q -pl examples -am verify -DskipTests -Pquickstart}
 */
public final class Quickstart {
    private Quickstart() {}

    public static void main(String[] args) {
        String external = System.getProperty("quickstart.baseUrl", "");
        MastEmulator emulator =
                external.isBlank() ? MastEmulator.builder().scale(0.2).build() : null;
        String baseUrl = emulator != null ? emulator.baseUrl() : external;
        System.out.println("MAST at " + baseUrl + (emulator != null ? " (embedded emulator, seed 42, scale 0.2)" : ""));
        SparkSession spark = SparkSession.builder()
                .master("local[2]")
                .appName("mast-spark quickstart")
                .config("spark.ui.enabled", "false")
                .config("spark.mast.baseUrl", baseUrl)
                .getOrCreate();
        try {
            Dataset<Row> obs = spark.read()
                    .format("mast")
                    .option("coordinates", "14h03m12.6s +54d20m56s") // M101
                    .option("radius", "12arcmin")
                    .load("observations")
                    .where("obs_collection IN ('HST', 'JWST') AND t_exptime > 100 AND calib_level >= 2");
            System.out.println("\nHST and JWST observations within 12' of M101, exposures over 100 s: " + obs.count());
            obs.select("obsid", "obs_collection", "instrument_name", "filters", "t_exptime", "distance")
                    .orderBy("distance")
                    .show(8, false);

            Dataset<Row> products = MastProducts.forObservations(obs.limit(20))
                    .where(MastProducts.minimumRecommended().and(MastProducts.extension("fits")));
            System.out.println("Minimum recommended FITS products of 20 of them:");
            products.select("obsID", "productFilename", "productType", "size")
                    .orderBy("obsID")
                    .show(8, false);

            MastSkyFunctions.register(spark);
            obs.createOrReplaceTempView("m101");
            System.out.println("Observations per HEALPix order-8 cell (SQL sky functions):");
            spark.sql("SELECT mast_healpix(8, s_ra, s_dec) AS cell, count(*) AS n,"
                            + " round(min(mast_angular_distance(s_ra, s_dec, 210.8025, 54.3489)) * 60, 2) AS nearest_arcmin"
                            + " FROM m101 GROUP BY 1 ORDER BY n DESC")
                    .show(5, false);
            // The same cone in SQL, through the MAST catalog: mast.in_cone becomes MAST's position search
            spark.conf().set("spark.sql.catalog.mast", "org.mastspark.connector.sql.MastSqlCatalog");
            spark.conf().set("spark.sql.catalog.mast.baseUrl", baseUrl);
            String query = "SELECT obsid, obs_collection, t_exptime FROM mast.observations"
                    + " WHERE mast.in_cone(s_ra, s_dec, 210.802429, 54.34875, 0.2)"
                    + " AND obs_collection IN ('HST', 'JWST') AND t_exptime > 100 AND calib_level >= 2";
            System.out.println(
                    "The same cone in SQL (catalog mast): " + spark.sql(query).count() + " rows; its scan:");
            for (String line : spark.sql("EXPLAIN " + query)
                    .collectAsList()
                    .get(0)
                    .getString(0)
                    .split("\n")) {
                if (line.contains("BatchScan")) {
                    System.out.println("  " + line.strip().replaceAll("\\[filters=.*?\\]\\] ", "[filters=...] "));
                }
            }
            System.out.println("Rows read by column: "
                    + obs.select(col("obsid")).count() + " (count pushed to MAST as COUNT_BIG(*))");
        } finally {
            spark.stop();
            if (emulator != null) {
                emulator.close();
            }
        }
    }
}
