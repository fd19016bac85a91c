package org.mastspark.connector;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.upper;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.portal.PortalClient;
import org.mastspark.connector.client.portal.PortalRequest;
import org.mastspark.connector.schema.MastSchemas;

/**
 * Data products for DataFrames of observations (astroquery's {@code get_product_list}) and the
 * {@code filter_products} conveniences as plain Column expressions.
 *
 * <pre>{@code
 * Dataset<Row> products = MastProducts.forObservations(observations, Map.of("baseUrl", url));
 * products.where(MastProducts.minimumRecommended().and(MastProducts.extension("fits")));
 * }</pre>
 */
public final class MastProducts {
    /** {@code productGroupDescription} of astroquery's {@code mrp_only}. */
    public static final String MINIMUM_RECOMMENDED = "Minimum Recommended Products";

    private MastProducts() {}

    /**
     * The products of every distinct {@code obsid} of a DataFrame of observations, looked up on the
     * executors with {@code Mast.Caom.Products}, at most {@code productBatchSize} (default 500) obsids
     * per request. Options as for {@code spark.read().format("mast")} (for example {@code baseUrl});
     * session configuration {@code spark.mast.*} applies too.
     */
    public static Dataset<Row> forObservations(Dataset<Row> observations, Map<String, String> options) {
        MastOptions resolved = MastOptions.resolve(options, observations.sparkSession());
        String obsidColumn = findColumn(observations.schema(), "obsid");
        Dataset<String> obsids = observations
                .select(col(obsidColumn).cast(DataTypes.StringType))
                .where(col(obsidColumn).isNotNull())
                .distinct()
                .as(Encoders.STRING());
        StructType schema = MastSchemas.products();
        return obsids.mapPartitions(
                new Lookup(resolved.clientConfig(), resolved.productBatchSize(), resolved.pagesize(), schema),
                Encoders.row(schema));
    }

    /** {@link #forObservations(Dataset, Map)} with options from the session configuration only. */
    public static Dataset<Row> forObservations(Dataset<Row> observations) {
        return forObservations(observations, Map.of());
    }

    /** Rows of astroquery's "Minimum Recommended Products" ({@code mrp_only=True}). */
    public static Column minimumRecommended() {
        return col("productGroupDescription").equalTo(lit(MINIMUM_RECOMMENDED));
    }

    /** Products whose file name ends with one of the extensions ({@code "fits"}, {@code ".fits.gz"}), any case. */
    public static Column extension(String... extensions) {
        Column any = lit(false);
        for (String e : extensions) {
            String suffix = (e.startsWith(".") ? e : "." + e).toLowerCase(Locale.ROOT);
            any = any.or(lower(col("productFilename")).endsWith(suffix));
        }
        return any;
    }

    /** Products of the given types ({@code SCIENCE}, {@code AUXILIARY}, ...), any case, as astroquery matches them. */
    public static Column productType(String... types) {
        Object[] upper = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            upper[i] = types[i].toUpperCase(Locale.ROOT);
        }
        return upper(col("productType")).isin(upper);
    }

    private static String findColumn(StructType schema, String name) {
        for (String f : schema.fieldNames()) {
            if (f.equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException(
                "The observations DataFrame has no column 'obsid' (columns: " + String.join(", ", schema.fieldNames())
                        + "); read it with spark.read().format(\"mast\").load(\"observations\")");
    }

    /** Looks up the products of one partition's obsids, batch by batch, lazily. */
    // Spark ships it with Java serialization; should Kryo (spark.serializer) write it, it must write the same
    // form: Kryo field by field cannot rebuild its records, immutable collections or transient state.
    @DefaultSerializer(JavaSerializer.class)
    private static final class Lookup extends BatchedLookup {
        private static final long serialVersionUID = 1L;

        private final int pagesize;

        Lookup(MastClientConfig config, int batchSize, int pagesize, StructType schema) {
            super(config, batchSize, schema);
            this.pagesize = pagesize;
        }

        @Override
        Batches start(MastClientConfig config) {
            PortalClient client = new PortalClient(config);
            return (batch, layout, metrics) -> {
                ObjectNode params = JsonNodeFactory.instance.objectNode();
                params.put("obsid", String.join(",", batch));
                return client.openAll(PortalRequest.of("Mast.Caom.Products", params, pagesize), layout, metrics);
            };
        }
    }
}
