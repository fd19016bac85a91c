package org.mastspark.connector.read.portal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.portal.PortalRequest;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.read.Comparison;
import org.mastspark.connector.read.MastPartition;
import org.mastspark.connector.read.MastSource;
import org.mastspark.connector.read.PlannedRequests;
import org.mastspark.connector.read.Pushdown;
import org.mastspark.connector.read.SourceQuery;
import org.mastspark.connector.schema.MastSchemas;

/**
 * {@code load("products")}: the data products of observations through {@code Mast.Caom.Products}, as
 * astroquery's {@code Observations.get_product_list} asks them. The observations are named by
 * {@code obsid = ...} or {@code obsid IN (...)}; one partition per batch of {@code productBatchSize} obsids.
 * Other predicates stay with Spark: the service takes no filters.
 */
public final class ProductsSource implements MastSource {
    static final String SERVICE = "Mast.Caom.Products";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public String describe() {
        return "products";
    }

    @Override
    public StructType schema() {
        return MastSchemas.products();
    }

    @Override
    public SourceQuery newQuery(MastOptions options, StructType schema) {
        return new Query(options, schema);
    }

    private static final class Query extends SourceQuery {
        private final PortalFilters filters = new PortalFilters();

        Query(MastOptions options, StructType schema) {
            super(options, schema);
        }

        /** Only the obsids are sent (as the request's {@code obsid}); Spark checks every predicate again. */
        @Override
        protected Pushdown push(Comparison c) {
            if (!c.column().equalsIgnoreCase("obsid")) {
                return Pushdown.SPARK;
            }
            return filters.push(c) == Pushdown.SPARK ? Pushdown.SPARK : Pushdown.RECHECK;
        }

        @Override
        protected String describe() {
            return "products [filters=" + filters.toJson() + ']';
        }

        @Override
        protected List<MastPartition> plan(Read read) {
            Set<String> obsids = filters.valuesOf("obsID");
            if (obsids == null) {
                throw new IllegalArgumentException("Reading 'products' needs the observations' obsids: add"
                        + " .where(\"obsid IN ('2003738726', ...)\"), or look products up for a DataFrame of"
                        + " observations with MastProducts.forObservations(observations)");
            }
            List<String> ids = new ArrayList<>(new TreeSet<>(obsids));
            List<MastPartition> parts = new ArrayList<>();
            int batch = options.productBatchSize();
            PlannedRequests.check(
                    options,
                    "products",
                    (ids.size() + batch - 1) / batch,
                    "a request per batch: " + ids.size() + " obsids in batches of " + batch);
            RowLayout layout = MastSchemas.layout(read.required());
            for (int i = 0; i < ids.size(); i += batch) {
                ObjectNode params = MAPPER.createObjectNode();
                params.put("obsid", String.join(",", ids.subList(i, Math.min(ids.size(), i + batch))));
                parts.add(new PortalPartition(
                        options.clientConfig(),
                        PortalRequest.of(SERVICE, params, options.pagesize()),
                        1,
                        -1,
                        layout,
                        null,
                        read.limit()));
            }
            return parts;
        }
    }
}
