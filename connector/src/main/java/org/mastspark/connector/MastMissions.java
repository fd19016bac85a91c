package org.mastspark.connector;

import static org.apache.spark.sql.functions.col;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.missions.MissionClient;
import org.mastspark.connector.options.MissionKeys;
import org.mastspark.connector.read.missions.MissionSchemas;

/**
 * Products of DataFrames of mission datasets (astroquery's {@code MastMissions.get_product_list}), and
 * their download URLs.
 *
 * <pre>{@code
 * Dataset<Row> datasets = spark.read().format("mast").option("coordinates", "23.34 60.66").load("missions/hst");
 * Dataset<Row> products = MastMissions.products(datasets, "hst", Map.of());
 * }</pre>
 */
public final class MastMissions {
    private MastMissions() {}

    /**
     * The products of every distinct dataset id of a DataFrame, looked up on the executors with
     * {@code post_list_products}, at most {@code productBatchSize} (default and maximum 1,000) ids per
     * request. The id column is the mission's dataset keyword ({@code sci_data_set_name} for hst,
     * {@code fileSetName} for jwst and roman, ...), found case-insensitively.
     *
     * @param options options as for {@code spark.read().format("mast")} (e.g. {@code baseUrl}); session
     *     settings {@code spark.mast.*} apply too
     */
    public static Dataset<Row> products(Dataset<Row> datasets, String mission, Map<String, String> options) {
        String keyword = MissionClient.datasetKeyword(mission);
        if (keyword == null) {
            throw new IllegalArgumentException("Dataset keyword not found for mission \"" + mission
                    + "\": name the id column with products(datasets, mission, idColumn, options)");
        }
        return products(datasets, mission, keyword, options);
    }

    /** {@link #products(Dataset, String, Map)} with the dataset id column named explicitly. */
    public static Dataset<Row> products(
            Dataset<Row> datasets, String mission, String idColumn, Map<String, String> options) {
        MastOptions resolved = MastOptions.resolve(options, datasets.sparkSession());
        String column = findColumn(datasets.schema(), idColumn, mission);
        Dataset<String> ids = datasets.select(col(column).cast(DataTypes.StringType))
                .where(col(column).isNotNull())
                .distinct()
                .as(Encoders.STRING());
        StructType schema = MissionSchemas.products();
        return ids.mapPartitions(
                new Lookup(resolved.clientConfig(), mission, resolved.get(MissionKeys.PRODUCT_BATCH_SIZE), schema),
                Encoders.row(schema));
    }

    /**
     * The URL a product is downloaded from: {@code retrieve_product?product_name=<uri>} for hst, jwst and
     * roman, MAST's {@code Download/file?uri=} for other missions (their {@code uri} must be a full
     * {@code mast:} URI).
     */
    public static String productUrl(String baseUrl, String mission, String uri) {
        return MissionClient.productUrl(baseUrl, mission, uri);
    }

    private static String findColumn(StructType schema, String name, String mission) {
        for (String f : schema.fieldNames()) {
            if (f.equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("The datasets DataFrame has no column '" + name + "' (the dataset ids of"
                + " mission " + mission + "; columns: " + String.join(", ", schema.fieldNames())
                + "); read it with spark.read().format(\"mast\").load(\"missions/" + mission + "\")");
    }

    /** Looks up the products of one partition's dataset ids, batch by batch, lazily. */
    // Spark ships it with Java serialization; should Kryo (spark.serializer) write it, it must write the same
    // form: Kryo field by field cannot rebuild its records, immutable collections or transient state.
    @DefaultSerializer(JavaSerializer.class)
    private static final class Lookup extends BatchedLookup {
        private static final long serialVersionUID = 1L;

        private final String mission;

        Lookup(MastClientConfig config, String mission, int batchSize, StructType schema) {
            super(config, batchSize, schema);
            this.mission = mission;
        }

        @Override
        Batches start(MastClientConfig config) {
            MissionClient client = new MissionClient(config);
            return (batch, layout, metrics) -> client.products(mission, batch, layout, metrics);
        }
    }
}
