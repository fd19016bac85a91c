package org.mastspark.udfs.resolve;

import static org.apache.spark.sql.functions.col;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.http.RateLimiter;
import org.mastspark.connector.client.resolve.SantaClient;
import org.mastspark.connector.options.ResolverKeys;
import org.mastspark.udfs.SqlFunction;
import scala.collection.Seq;

/**
 * Resolves a column of object names with MAST's SANTA resolver, on the executors, in batches: each
 * partition de-duplicates its names, asks at most 30 per request, keeps at most
 * {@code resolverConcurrency} requests in flight, and remembers answers in a per-JVM cache bounded in
 * size ({@code resolverCacheSize}) and time ({@code resolverCacheSeconds}).
 * Every input row comes out once, with {@code ra}, {@code dec}, {@code resolver},
 * {@code canonical_name}, {@code object_type}, {@code resolve_status} ({@code RESOLVED},
 * {@code NOT_FOUND}, {@code INVALID_NAME}, {@code ERROR}) and {@code resolve_error}: an unresolvable
 * name is a row with a reason, never an exception that stops the job.
 *
 * <pre>{@code
 * Dataset<Row> targets = MastResolver.resolve(proposals, "target_name", Map.of("resolver", "SIMBAD"));
 * }</pre>
 */
public final class MastResolver {
    /** Option: SANTA's base URL ({@link ResolverKeys#RESOLVER_URL}). */
    public static final String RESOLVER_URL = MastOptions.RESOLVER_URL;
    /** Option: pin one resolver ({@link ResolverKeys#RESOLVER}); default SANTA's first answer. */
    public static final String RESOLVER = MastOptions.RESOLVER;
    /** Option: SANTA requests in flight per executor JVM ({@link ResolverKeys#CONCURRENCY}). */
    public static final String CONCURRENCY = ResolverKeys.CONCURRENCY.name();
    /** Option: at most this many SANTA requests per second per executor JVM ({@link ResolverKeys#REQUESTS_PER_SECOND}). */
    public static final String RATE = ResolverKeys.REQUESTS_PER_SECOND.name();
    /** Option: seconds an answer stays in the per-JVM cache, 0 for no cache ({@link ResolverKeys#CACHE_SECONDS}). */
    public static final String CACHE_SECONDS = ResolverKeys.CACHE_SECONDS.name();
    /**
     * Option: most names the per-JVM cache holds, least recently used ones going first
     * ({@link ResolverKeys#CACHE_SIZE}).
     */
    public static final String CACHE_SIZE = ResolverKeys.CACHE_SIZE.name();
    /** Default of {@link #CACHE_SIZE}. */
    public static final int DEFAULT_CACHE_SIZE = ResolverKeys.DEFAULT_CACHE_SIZE;
    /**
     * Option: a prefix for the columns {@link #resolve} adds ({@code resolved_} gives {@code resolved_ra},
     * ...), for inputs that already have columns of those names ({@link ResolverKeys#COLUMN_PREFIX}).
     */
    public static final String COLUMN_PREFIX = ResolverKeys.COLUMN_PREFIX.name();

    /** The columns added to the input's. */
    public static final StructType ADDED = new StructType()
            .add("ra", DataTypes.DoubleType)
            .add("dec", DataTypes.DoubleType)
            .add("resolver", DataTypes.StringType)
            .add("canonical_name", DataTypes.StringType)
            .add("object_type", DataTypes.StringType)
            .add("resolve_status", DataTypes.StringType, false)
            .add("resolve_error", DataTypes.StringType);

    private static final int CHUNK = 3_000;

    /**
     * The per-JVM caches, one per (size, lifetime) setting, so that each read gets the bounds it asked
     * for; few settings are ever in use, and the registry itself is bounded.
     */
    private static final Cache<CacheBounds, Cache<String, Outcome>> CACHES =
            CacheBuilder.newBuilder().maximumSize(16).build();

    private record CacheBounds(long size, long millis) {}

    private MastResolver() {}

    /**
     * The input rows with the resolution of {@code nameColumn} appended (see the class comment). Options as
     * for {@code format("mast")} plus the resolver options of this class; {@code spark.mast.*} applies.
     */
    public static Dataset<Row> resolve(Dataset<Row> df, String nameColumn, Map<String, String> options) {
        if (df == null) {
            throw new IllegalArgumentException("MastResolver.resolve: the DataFrame is null");
        }
        if (nameColumn == null) {
            throw new IllegalArgumentException(
                    "MastResolver.resolve: nameColumn is null: give the column of object names, e.g. \"target_name\"");
        }
        checkOptions(options);
        df.col(nameColumn); // fails early, naming the column, when it does not exist
        DataType type = df.select(col(nameColumn)).schema().fields()[0].dataType();
        if (!(type instanceof StringType)) {
            throw new IllegalArgumentException("Column '" + nameColumn + "' is of type " + type.simpleString()
                    + ", not a string of object names: MastResolver.resolve would ask for the numbers as names;"
                    + " build names first, e.g. concat(lit(\"TIC \"), col(\"" + nameColumn + "\")) for TIC ids,"
                    + " or col(\"" + nameColumn + "\").cast(\"string\")");
        }
        MastOptions resolved = MastOptions.resolve(options, df.sparkSession());
        Settings settings = Settings.of(resolved);
        StructType out = df.schema();
        for (var f :
                added(df.schema(), resolved.get(ResolverKeys.COLUMN_PREFIX)).fields()) {
            out = out.add(f);
        }
        int index = df.schema()
                .fieldIndex(df.select(col(nameColumn)).schema().fields()[0].name());
        return df.mapPartitions(new Lookup(settings, index), Encoders.row(out));
    }

    /** Options must be a map without null keys or values (null is not "absent": leave the key out). */
    private static void checkOptions(Map<String, String> options) {
        if (options == null) {
            throw new IllegalArgumentException("MastResolver.resolve: options is null: pass Map.of() for none,"
                    + " or e.g. Map.of(\"resolver\", \"SIMBAD\")");
        }
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (e.getKey() == null) {
                throw new IllegalArgumentException(
                        "MastResolver.resolve: an option has a null name (value '" + e.getValue() + "')");
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("MastResolver.resolve: option '" + e.getKey()
                        + "' is null: leave it out for its default, or give a value");
            }
        }
    }

    /**
     * The columns {@link #resolve} adds, with the prefix; refused when the input already has one of them
     * (Spark would otherwise carry two columns of one name, and every later reference to it fails).
     */
    private static StructType added(StructType input, String prefix) {
        String p = prefix == null ? "" : prefix;
        StructType added = new StructType();
        List<String> clashes = new ArrayList<>();
        for (StructField f : ADDED.fields()) {
            String name = p + f.name();
            for (String existing : input.fieldNames()) {
                if (existing.equalsIgnoreCase(name)) {
                    clashes.add(existing);
                }
            }
            added = added.add(name, f.dataType(), f.nullable());
        }
        if (!clashes.isEmpty()) {
            throw new IllegalArgumentException("The input already has column(s) " + String.join(", ", clashes)
                    + ", which MastResolver.resolve adds (" + String.join(", ", added.fieldNames())
                    + "): rename them first (withColumnRenamed), or give option '" + COLUMN_PREFIX
                    + "' (e.g. 'resolved_') to prefix the added columns");
        }
        return added;
    }

    /** Immutable settings that travel to executors. */
    record Settings(
            MastClientConfig config, String resolver, int concurrency, double rate, long cacheMillis, int cacheSize)
            implements Serializable {
        static Settings of(MastOptions o) {
            int concurrency = o.get(ResolverKeys.CONCURRENCY);
            MastClientConfig config = o.resolverConfig().toBuilder()
                    .maxConcurrentRequests(concurrency)
                    .readTimeout(Duration.ofSeconds(60))
                    .build();
            String resolver = o.resolver();
            double rate = o.get(ResolverKeys.REQUESTS_PER_SECOND);
            return new Settings(
                    config,
                    resolver,
                    concurrency,
                    rate,
                    o.get(ResolverKeys.CACHE_SECONDS) * 1000L,
                    o.get(ResolverKeys.CACHE_SIZE));
        }
    }

    /** One name's outcome, as cached. */
    record Outcome(Double ra, Double dec, String resolver, String canonical, String type, String status, String error) {
        static final Outcome NOT_FOUND =
                new Outcome(null, null, null, null, null, "NOT_FOUND", "no resolver knows this name");
        static final Outcome INVALID = new Outcome(null, null, null, null, null, "INVALID_NAME", "the name is empty");
    }

    /** The cache for these settings' bounds; null when answers are not cached (lifetime 0). */
    private static Cache<String, Outcome> cache(Settings settings) {
        if (settings.cacheMillis() <= 0) {
            return null;
        }
        CacheBounds bounds = new CacheBounds(settings.cacheSize(), settings.cacheMillis());
        try {
            // only Guava 14 API (Spark 3.5 ships Guava 14): no Duration overloads
            return CACHES.get(
                    bounds,
                    () -> CacheBuilder.newBuilder()
                            .maximumSize(bounds.size())
                            .expireAfterWrite(bounds.millis(), TimeUnit.MILLISECONDS)
                            .<String, Outcome>build());
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create the resolver cache", e.getCause());
        }
    }

    /** Resolves one partition, chunk by chunk. */
    private static final class Lookup implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final Settings settings;
        private final int nameIndex;

        Lookup(Settings settings, int nameIndex) {
            this.settings = settings;
            this.nameIndex = nameIndex;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> input) {
            SantaClient client = new SantaClient(settings.config());
            return new Iterator<>() {
                private final List<Row> chunk = new ArrayList<>();
                private Map<String, Outcome> outcomes = Map.of();
                private int at;

                @Override
                public boolean hasNext() {
                    if (at < chunk.size()) {
                        return true;
                    }
                    chunk.clear();
                    at = 0;
                    while (input.hasNext() && chunk.size() < CHUNK) {
                        chunk.add(input.next());
                    }
                    if (chunk.isEmpty()) {
                        return false;
                    }
                    List<String> chunkNames = new ArrayList<>(chunk.size());
                    for (Row r : chunk) {
                        chunkNames.add(
                                r.isNullAt(nameIndex) ? null : r.get(nameIndex).toString());
                    }
                    outcomes = resolveNames(client, chunkNames);
                    return true;
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Row r = chunk.get(at++);
                    Object name = r.isNullAt(nameIndex) ? null : r.get(nameIndex);
                    Outcome o = name == null || name.toString().isBlank()
                            ? Outcome.INVALID
                            : outcomes.get(SantaClient.key(name.toString()));
                    Object[] values = new Object[r.length() + ADDED.size()];
                    for (int i = 0; i < r.length(); i++) {
                        values[i] = r.get(i);
                    }
                    int k = r.length();
                    values[k] = o.ra();
                    values[k + 1] = o.dec();
                    values[k + 2] = o.resolver();
                    values[k + 3] = o.canonical();
                    values[k + 4] = o.type();
                    values[k + 5] = o.status();
                    values[k + 6] = o.error();
                    return RowFactory.create(values);
                }
            };
        }

        /** Outcomes of distinct names (by key): cached ones, and the rest asked in parallel batches of 30. */
        Map<String, Outcome> resolveNames(SantaClient client, List<String> input) {
            Map<String, Outcome> out = new HashMap<>();
            Map<String, String> missing = new LinkedHashMap<>();
            Cache<String, Outcome> cache = cache(settings);
            for (String name : input) {
                if (name == null || name.isBlank()) {
                    continue;
                }
                String key = SantaClient.key(name);
                if (out.containsKey(key) || missing.containsKey(key)) {
                    continue;
                }
                Outcome c = cache == null ? null : cache.getIfPresent(cacheKey(key));
                if (c != null) {
                    out.put(key, c);
                } else {
                    missing.put(key, name);
                }
            }
            List<String> names = new ArrayList<>(missing.values());
            List<List<String>> batches = new ArrayList<>();
            for (int i = 0; i < names.size(); i += SantaClient.BATCH) {
                batches.add(names.subList(i, Math.min(names.size(), i + SantaClient.BATCH)));
            }
            ExecutorService pool =
                    Executors.newFixedThreadPool(Math.max(1, Math.min(settings.concurrency(), batches.size())));
            try {
                List<Future<Map<String, Outcome>>> futures = new ArrayList<>();
                for (List<String> batch : batches) {
                    futures.add(pool.submit(() -> resolveBatch(client, batch)));
                }
                for (Future<Map<String, Outcome>> f : futures) {
                    out.putAll(f.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MastException("name resolution was interrupted", e);
            } catch (ExecutionException e) {
                throw new MastException("name resolution failed: " + e.getCause(), e.getCause());
            } finally {
                pool.shutdownNow();
            }
            return out;
        }

        Map<String, Outcome> resolveBatch(SantaClient client, List<String> batch) {
            Map<String, Outcome> out = new HashMap<>();
            RateLimiter.shared(settings.config().baseUrl(), settings.rate()).acquire();
            Map<String, List<SantaClient.Resolution>> answers;
            try {
                List<String> resolvers = settings.resolver() == null ? List.of() : List.of(settings.resolver());
                answers = client.resolve(batch, resolvers, false, new ClientMetrics());
            } catch (MastException e) {
                Outcome failed = new Outcome(null, null, null, null, null, "ERROR", e.getMessage());
                batch.forEach(n -> out.put(SantaClient.key(n), failed));
                return out;
            }
            Cache<String, Outcome> cache = cache(settings);
            for (String n : batch) {
                String key = SantaClient.key(n);
                SantaClient.Choice choice = SantaClient.choose(n, answers.get(key), settings.resolver());
                Outcome o = Outcome.NOT_FOUND;
                if (choice != null) {
                    SantaClient.Resolution r = choice.resolution();
                    o = new Outcome(
                            r.ra(),
                            r.dec(),
                            r.resolver(),
                            r.canonicalName(),
                            r.objectType(),
                            "RESOLVED",
                            choice.warning());
                }
                out.put(key, o);
                if (cache != null) {
                    cache.put(cacheKey(key), o);
                }
            }
            return out;
        }

        private String cacheKey(String key) {
            return settings.config().baseUrl() + "|" + settings.resolver() + "|" + key;
        }
    }

    /** What {@code DESCRIBE FUNCTION mast_resolve} says. */
    public static final String SQL_USAGE =
            "mast_resolve(name) - struct<ra, dec, resolver, canonical_name, object_type, resolve_status> from"
                    + " MAST's SANTA resolver (settings from spark.mast.*).";

    /** What {@code DESCRIBE FUNCTION mast_resolve_names} says. */
    public static final String SQL_BATCH_USAGE =
            "mast_resolve_names(names) - array of resolutions of an array of names, asked in SANTA batches of"
                    + " 30: SELECT inline(mast_resolve_names(collect_set(name))) FROM t.";

    /** SQL name of the single-name resolver function. */
    public static final String SQL_NAME = "mast_resolve";

    /** The result of {@code mast_resolve(name)}. */
    public static final StructType RESULT = new StructType()
            .add("ra", DataTypes.DoubleType)
            .add("dec", DataTypes.DoubleType)
            .add("resolver", DataTypes.StringType)
            .add("canonical_name", DataTypes.StringType)
            .add("object_type", DataTypes.StringType)
            .add("resolve_status", DataTypes.StringType, false);

    /**
     * Registers {@code mast_resolve(name)} on a session, with the session's {@code spark.mast.*} settings
     * ({@code baseUrl}, {@code resolverUrl}, {@code resolver}, ...). It resolves one value per call
     * (through the per-JVM cache); for a column of many names use {@link #resolve}, which batches.
     */
    public static void register(SparkSession spark) {
        for (SqlFunction f : sqlFunctions(spark)) {
            f.register(spark);
        }
    }

    /**
     * {@code mast_resolve} and {@code mast_resolve_names} bound to a session's {@code spark.mast.*} settings (read
     * now), each with its SQL name and usage.
     */
    public static List<SqlFunction> sqlFunctions(SparkSession spark) {
        Settings settings = Settings.of(MastOptions.resolve(Map.of(), spark));
        SqlFunction one =
                SqlFunction.of(SQL_NAME, SQL_USAGE, (UDF1<String, Row>) name -> single(settings, name), RESULT);
        // Arrays arrive as a Scala Seq (Scala 2.12 and 2.13 alike) and leave as a Java array, which Spark converts
        // in every version, so no Scala collection converters (which differ between 2.12 and 2.13) are needed.
        SqlFunction many = SqlFunction.of(
                SQL_BATCH_NAME,
                SQL_BATCH_USAGE,
                (UDF1<Seq<String>, Row[]>) names -> {
                    List<Row> rows = many(settings, names);
                    return rows == null ? null : rows.toArray(new Row[0]);
                },
                DataTypes.createArrayType(NAMED_RESULT, false));
        return List.of(one, many);
    }

    private static Row single(Settings settings, String name) {
        if (name == null || name.isBlank()) {
            return RowFactory.create(null, null, null, null, null, Outcome.INVALID.status());
        }
        Lookup lookup = new Lookup(settings, 0);
        String key = SantaClient.key(name);
        Cache<String, Outcome> cache = cache(settings);
        Outcome c = cache == null ? null : cache.getIfPresent(lookup.cacheKey(key));
        Outcome o = c != null
                ? c
                : lookup.resolveBatch(new SantaClient(settings.config()), List.of(name))
                        .get(key);
        return RowFactory.create(o.ra(), o.dec(), o.resolver(), o.canonical(), o.type(), o.status());
    }

    /** SQL name of the batched resolver: an array of names in, an array of resolutions out. */
    public static final String SQL_BATCH_NAME = "mast_resolve_names";

    /** One element of {@code mast_resolve_names}' result. */
    public static final StructType NAMED_RESULT = new StructType()
            .add("name", DataTypes.StringType)
            .add("ra", DataTypes.DoubleType)
            .add("dec", DataTypes.DoubleType)
            .add("resolver", DataTypes.StringType)
            .add("canonical_name", DataTypes.StringType)
            .add("object_type", DataTypes.StringType)
            .add("resolve_status", DataTypes.StringType, false);

    /**
     * {@code mast_resolve_names(names)}: every name of an array resolved with batched SANTA requests (30
     * distinct names each, in parallel), for SQL users: {@code SELECT inline(mast_resolve_names(
     * collect_set(target))) FROM proposals} asks ceil(distinct/30) requests, not one per row.
     */
    private static List<Row> many(Settings settings, Seq<String> names) {
        if (names == null) {
            return null;
        }
        List<String> list = new ArrayList<>(names.length());
        scala.collection.Iterator<String> it = names.iterator();
        while (it.hasNext()) {
            list.add(it.next());
        }
        Lookup lookup = new Lookup(settings, 0);
        Map<String, Outcome> outcomes = lookup.resolveNames(new SantaClient(settings.config()), list);
        List<Row> out = new ArrayList<>(list.size());
        for (String n : list) {
            Outcome o = n == null || n.isBlank() ? Outcome.INVALID : outcomes.get(SantaClient.key(n));
            out.add(RowFactory.create(n, o.ra(), o.dec(), o.resolver(), o.canonical(), o.type(), o.status()));
        }
        return out;
    }

    /** Clears the per-JVM cache (tests, or after a resolver change). */
    public static void clearCache() {
        for (Cache<String, Outcome> c : CACHES.asMap().values()) {
            c.invalidateAll();
        }
        CACHES.invalidateAll();
    }

    /** Names the per-JVM caches hold now, expired ones dropped first (tests). */
    static long cachedNames() {
        long n = 0;
        for (Cache<String, Outcome> c : CACHES.asMap().values()) {
            c.cleanUp();
            n += c.size();
        }
        return n;
    }
}
