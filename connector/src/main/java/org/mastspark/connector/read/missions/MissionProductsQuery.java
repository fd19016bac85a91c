package org.mastspark.connector.read.missions;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.options.MissionKeys;
import org.mastspark.connector.read.Comparison;
import org.mastspark.connector.read.MastPartition;
import org.mastspark.connector.read.PlannedRequests;
import org.mastspark.connector.read.Pushdown;
import org.mastspark.connector.read.SourceQuery;
import org.mastspark.connector.schema.MastSchemas;

/**
 * One scan of a mission's products: {@code dataset = 'x'} and {@code dataset IN (...)} name the datasets
 * (Spark re-checks them; several such predicates intersect), one partition per batch of at most 1,000
 * dataset ids, one {@code post_list_products} request each.
 */
final class MissionProductsQuery extends SourceQuery {
    private final MissionSource source;
    private Set<String> datasetIds;

    MissionProductsQuery(MastOptions options, StructType schema, MissionSource source) {
        super(options, schema);
        this.source = source;
    }

    @Override
    protected Pushdown push(Comparison c) {
        if (!(c.op().equals("=") || c.op().equals("IN")) || !c.column().equalsIgnoreCase("dataset")) {
            return Pushdown.SPARK;
        }
        Set<String> ids = new LinkedHashSet<>(c.texts());
        if (datasetIds == null) {
            datasetIds = ids;
        } else {
            datasetIds.retainAll(ids);
        }
        return Pushdown.RECHECK;
    }

    @Override
    protected String describe() {
        return source.describe() + " [datasets=" + (datasetIds == null ? "none" : datasetIds.size()) + "]";
    }

    @Override
    protected List<? extends MastPartition> plan(Read read) {
        if (datasetIds == null) {
            throw new IllegalArgumentException("Reading '" + source.describe() + "' needs dataset ids: add"
                    + " .where(\"dataset IN ('Z14Z0104T', ...)\"), or look products up for a DataFrame of datasets"
                    + " with MastMissions.products(datasets, \"" + source.mission() + "\", options)");
        }
        List<String> ids = new ArrayList<>(datasetIds);
        int batch = options.get(MissionKeys.PRODUCT_BATCH_SIZE);
        RowLayout layout = MastSchemas.layout(read.required());
        List<MissionProductsPartition> out = new ArrayList<>();
        if (read.limit() == 0) {
            return out;
        }
        PlannedRequests.check(
                options,
                source.describe(),
                (ids.size() + batch - 1) / batch,
                "a request per batch: " + ids.size() + " dataset ids in batches of " + batch);
        for (int i = 0; i < ids.size(); i += batch) {
            out.add(new MissionProductsPartition(
                    options.clientConfig(),
                    source.mission(),
                    ids.subList(i, Math.min(ids.size(), i + batch)),
                    layout,
                    read.limit()));
        }
        return out;
    }
}
