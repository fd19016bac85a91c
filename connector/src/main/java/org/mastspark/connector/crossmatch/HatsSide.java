package org.mastspark.connector.crossmatch;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.Serializable;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation;
import org.mastspark.connector.read.MastTable;
import org.mastspark.connector.read.hats.HatsSource;

/**
 * One side of an aligned cross-match: a HATS catalog read as {@code format("mast").load(path)} reads it, with
 * its options and the columns selected (null for all), and nothing else (no filter, no limit, no computed
 * column). {@link #of} recognises such a DataFrame.
 *
 * <p>Immutable and serializable (Java and Kryo). The options may hold S3A keys ({@code fs.*}):
 * {@link #toString()} shows their names only.
 */
@DefaultSerializer(JavaSerializer.class)
public final class HatsSide implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Options that make a HATS read something other than the whole catalog's rows as stored. */
    private static final Set<String> NOT_PLAIN = Set.of("coordinates", "target", "radius", "healpix", "healpixorder");

    private final String path;
    private final TreeMap<String, String> options;
    private final ArrayList<String> columns;

    /**
     * @param path as {@code load()} takes it: {@code hats:<uri>} or {@code hats/<name>}
     * @param options the read's options ({@code hatsRoot}, {@code margin}, {@code fs.*}, ...), without {@code path}
     * @param columns the selected columns in order, or null for every column of the catalog
     */
    public HatsSide(String path, Map<String, String> options, List<String> columns) {
        this.path = Objects.requireNonNull(path, "path");
        this.options = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (options != null) {
            options.forEach((k, v) -> {
                if (!k.equalsIgnoreCase("path")) {
                    this.options.put(k, v);
                }
            });
        }
        this.columns = columns == null ? null : new ArrayList<>(columns);
    }

    /** The path as {@code load()} takes it. */
    public String path() {
        return path;
    }

    /** The read's options (a copy), without {@code path}. */
    public Map<String, String> options() {
        return new LinkedHashMap<>(options);
    }

    /** The selected columns, in order, or null for all. */
    public List<String> columns() {
        return columns == null ? null : List.copyOf(columns);
    }

    /**
     * The HATS read a DataFrame is, when it is one: {@code spark.read().format("mast")...load("hats:...")}, possibly
     * under a projection of plain columns. Anything else (a filter, a limit, a computed or renamed column, a
     * metadata column, a cone or {@code healpix} option, a user schema, another source) gives empty, as does any
     * unexpected failure: the caller then matches without alignment.
     */
    public static Optional<HatsSide> of(Dataset<Row> df) {
        try {
            return Optional.ofNullable(walk(df.queryExecution().analyzed()));
        } catch (RuntimeException | LinkageError | ReflectiveOperationException e) {
            return Optional.empty();
        }
    }

    private static HatsSide walk(LogicalPlan plan) throws ReflectiveOperationException {
        List<String> columns = null;
        LogicalPlan p = plan;
        while (p instanceof Project project) {
            List<String> names = new ArrayList<>();
            for (Object e : items(project, "projectList")) {
                if (!(e instanceof AttributeReference a)) {
                    return null;
                }
                names.add(a.name());
            }
            if (columns == null) {
                columns = names;
            } else if (!names.containsAll(columns)) {
                return null;
            }
            p = project.child();
        }
        if (!(p instanceof DataSourceV2Relation relation)) {
            return null;
        }
        if (!(relation.table() instanceof MastTable table) || !(table.source() instanceof HatsSource source)) {
            return null;
        }
        if (!table.schema().equals(source.schema())) {
            return null;
        }
        Map<String, String> options = new LinkedHashMap<>(relation.options().asCaseSensitiveMap());
        String path = null;
        for (Map.Entry<String, String> e : options.entrySet()) {
            String k = e.getKey().toLowerCase(Locale.ROOT);
            if (k.equals("path")) {
                path = e.getValue();
            } else if (NOT_PLAIN.contains(k)) {
                return null;
            }
        }
        if (path == null || !HatsSource.handles(path.trim())) {
            return null;
        }
        List<String> fields = List.of(source.schema().fieldNames());
        List<String> output = new ArrayList<>();
        for (Object a : items(relation, "output")) {
            output.add(((AttributeReference) a).name());
        }
        if (!fields.equals(output)) {
            // metadata columns are in the relation's output once a query names them
            return null;
        }
        if (columns != null && !fields.containsAll(columns)) {
            return null;
        }
        return new HatsSide(path.trim(), options, columns);
    }

    /**
     * A Scala sequence of a plan node, read reflectively: its static type differs between Scala 2.12 and 2.13,
     * and one jar runs on both.
     */
    private static List<Object> items(Object node, String method) throws ReflectiveOperationException {
        Method m = node.getClass().getMethod(method);
        scala.collection.Iterator<?> it = ((scala.collection.Iterable<?>) m.invoke(node)).iterator();
        List<Object> out = new ArrayList<>();
        while (it.hasNext()) {
            out.add(it.next());
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HatsSide s
                && s.path.equals(path)
                && s.options.equals(options)
                && Objects.equals(s.columns, columns);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, options, columns);
    }

    /** The path, the option names (values may be credentials) and the columns. */
    @Override
    public String toString() {
        return "HatsSide[" + path + ", options " + options.keySet() + ", columns " + (columns == null ? "all" : columns)
                + "]";
    }
}
