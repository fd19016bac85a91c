package org.mastspark.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.alias.CredentialProvider;
import org.apache.hadoop.security.alias.CredentialProviderFactory;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.ExtendedMode$;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mastspark.connector.download.Manifest;
import org.mastspark.connector.download.MastDownloader;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.udfs.resolve.MastResolver;

/**
 * Issue 12's proof: with every logger at TRACE (HttpClient's headers and wire loggers included), a read, a
 * name resolution, a product lookup and a download run with the token given each supported way (option,
 * {@code spark.mast.token} at submit and at run time, SQL {@code OPTIONS}, {@code MAST_API_TOKEN}, a token
 * file, a Hadoop credential provider). Each way's token occurs 0 times in the logs, plans, exception texts
 * (401s provoked), manifests, the emulator's request log and Spark's event log, while the MAST endpoints did
 * receive it as the {@code mast_token} cookie (and SANTA did not).
 *
 * <p>Its own JVM (the udfs module forks one per test class): the session has the event log on and
 * {@code spark.mast.token} in its SparkConf, and the test stops it to read the finished event log.
 */
class TokenSecrecyProofTest {
    private static final String CAPTURE = "token-proof-capture";

    @TempDir
    static Path dir;

    private static MastEmulator mast;
    private static SparkSession spark;
    private static HttpServer refusing;
    private static final Map<String, AtomicLong> refusedCookies = new ConcurrentHashMap<>();
    private static final Map<String, String> tokens = new LinkedHashMap<>();
    /** Per token: logger name, then the messages (with stack traces) that contained it. */
    private static final Map<String, Map<String, List<String>>> leaks = new ConcurrentHashMap<>();

    private static final AtomicLong events = new AtomicLong();
    private static final Map<String, AtomicLong> eventsByLogger = new ConcurrentHashMap<>();
    private static Path eventLogDir;
    private static Function<String, String> savedEnvironment;

    /** Each way's token: distinctive, never a substring of another. */
    private static String token(String way) {
        return "mtok-" + way + "-Zq81xV3k";
    }

    @BeforeAll
    static void start() throws Exception {
        for (String way : List.of("option", "submit", "runtime", "sql", "env", "file", "provider", "wrong")) {
            tokens.put(way, token(way));
        }
        captureEveryLoggerAtTrace();
        mast = MastEmulator.builder().seed(3).scale(0.01).build();
        refusing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        refusing.createContext("/", ex -> {
            for (String c : ex.getRequestHeaders().getOrDefault("Cookie", List.of())) {
                refusedCookies.computeIfAbsent(c, k -> new AtomicLong()).incrementAndGet();
            }
            byte[] body = "{\"status\": \"ERROR\", \"msg\": \"Unauthorized\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(401, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        refusing.start();
        eventLogDir = Files.createDirectories(dir.resolve("event-log"));
        spark = SparkSession.builder()
                .master("local[2]")
                .appName("token-proof")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.eventLog.enabled", "true")
                .config("spark.eventLog.dir", eventLogDir.toUri().toString())
                .config("spark.eventLog.compress", "false")
                .config("spark.mast.token", token("submit"))
                .getOrCreate();
        savedEnvironment = MastTokens.environment;
    }

    @AfterAll
    static void stop() {
        MastTokens.environment = savedEnvironment;
        if (spark != null) {
            spark.stop();
        }
        if (refusing != null) {
            refusing.stop(0);
        }
        if (mast != null) {
            mast.close();
        }
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().getRootLogger().removeAppender(CAPTURE);
        ctx.reconfigure();
    }

    /** Root and every configured logger at TRACE, org.apache.hc explicitly; every event checked for tokens. */
    private static void captureEveryLoggerAtTrace() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        AbstractAppender capture = new AbstractAppender(CAPTURE, null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                events.incrementAndGet();
                eventsByLogger
                        .computeIfAbsent(event.getLoggerName(), k -> new AtomicLong())
                        .incrementAndGet();
                String text = event.getMessage().getFormattedMessage();
                if (event.getThrown() != null) {
                    text += "\n" + stackTrace(event.getThrown());
                }
                for (String t : tokens.values()) {
                    if (text.contains(t)) {
                        leaks.computeIfAbsent(t, k -> new ConcurrentHashMap<>())
                                .computeIfAbsent(event.getLoggerName(), k -> new ArrayList<>())
                                .add(text.length() > 300 ? text.substring(0, 300) : text);
                    }
                }
            }
        };
        capture.start();
        LoggerConfig root = ctx.getConfiguration().getRootLogger();
        // The console would print gigabytes at TRACE: the capture alone receives the events.
        for (String appender : new ArrayList<>(root.getAppenders().keySet())) {
            root.removeAppender(appender);
        }
        root.addAppender(capture, Level.ALL, null);
        ctx.updateLoggers();
        Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.TRACE);
        for (String name : List.of(
                "org.apache.hc",
                "org.apache.hc.client5.http.headers",
                "org.apache.hc.client5.http.wire",
                "org.mastspark")) {
            Configurator.setLevel(name, Level.TRACE);
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    /** Everything the pipeline produced besides logs and the event log, per kind. */
    private final Map<String, StringBuilder> captured = new TreeMap<>();

    private void capture(String kind, Object text) {
        captured.computeIfAbsent(kind, k -> new StringBuilder()).append(text).append('\n');
    }

    private Dataset<Row> observations(Map<String, String> options) {
        return spark.read()
                .format("mast")
                .option("baseUrl", mast.baseUrl())
                .option("retryBackoffMillis", "1")
                .options(options)
                .load("observations")
                .where("s_dec BETWEEN 1 AND 2");
    }

    private void plans(Dataset<Row> df) {
        capture("plans", df.queryExecution().explainString(ExtendedMode$.MODULE$));
        capture("plans", df.queryExecution().toString());
        capture("plans", df.queryExecution().executedPlan().toString());
        capture("plans", df.queryExecution().logical().toString());
    }

    /** A read against a server that answers 401 to everything: the exception's whole text is captured. */
    private void refusedRead(Map<String, String> options) {
        Map<String, String> o = new HashMap<>(options);
        o.put("maxAttempts", "1");
        assertThatThrownBy(() -> spark.read()
                        .format("mast")
                        .option(
                                "baseUrl",
                                "http://127.0.0.1:" + refusing.getAddress().getPort())
                        .options(o)
                        .load("observations")
                        .where("s_dec BETWEEN 1 AND 2")
                        .collectAsList())
                .satisfies(e -> {
                    String text = stackTrace(e);
                    assertThat(text).contains("HTTP 401 (no MAST token, or the token is invalid");
                    capture("exceptions", text);
                });
    }

    private static final StructType PRODUCTS = new StructType()
            .add("dataURI", DataTypes.StringType)
            .add("productFilename", DataTypes.StringType)
            .add("obs_collection", DataTypes.StringType)
            .add("obs_id", DataTypes.StringType)
            .add("size", DataTypes.LongType);

    /** Two small exclusive-access products: MAST serves them only to a valid token. */
    private static Dataset<Row> exclusiveProducts() {
        List<Row> rows = new ArrayList<>();
        for (long i = 0; i < mast.sky().observationCount() && rows.size() < 2; i++) {
            for (Map<String, Object> p : mast.sky().productsOf(100_000_000L + i)) {
                if (rows.size() < 2
                        && "EXCLUSIVE_ACCESS".equals(p.get("dataRights"))
                        && ((Number) p.get("size")).longValue() <= 200_000) {
                    rows.add(RowFactory.create(
                            p.get("dataURI"),
                            p.get("productFilename"),
                            p.get("obs_collection"),
                            p.get("obs_id"),
                            ((Number) p.get("size")).longValue()));
                }
            }
        }
        assertThat(rows).hasSize(2);
        return spark.createDataFrame(rows, PRODUCTS);
    }

    private List<Row> download(Map<String, String> options, String name) throws Exception {
        Path dest = dir.resolve("download-" + name);
        List<Row> manifest = MastDownloader.builder()
                .option("baseUrl", mast.baseUrl())
                .option("retryBackoffMillis", "1")
                .option("progressIntervalSeconds", "1")
                .option("ifExists", "overwrite")
                .options(options)
                .build()
                .download(exclusiveProducts(), dest.toUri().toString())
                .collectAsList();
        capture("manifests", manifest);
        capture("manifests", Files.readString(dest.resolve(Manifest.FILE_NAME), StandardCharsets.UTF_8));
        return manifest;
    }

    /**
     * One way: first with the token unknown to MAST (401s: refused downloads, a refused read), then known
     * (a read, a resolution, a product lookup, a download of exclusive-access files).
     */
    private void pipeline(String way, Map<String, String> options) throws Exception {
        String token = token(way);
        String user = "user-" + way;

        List<Row> refused = download(options, way + "-refused");
        assertThat(refused).hasSize(2).allSatisfy(r -> {
            assertThat(r.<String>getAs("status")).isEqualTo("ERROR");
            assertThat(r.<String>getAs("message")).startsWith("MAST refused the token (HTTP 401)");
        });
        refusedRead(options);
        assertThat(refusedCookies).containsKey("mast_token=" + token);

        mast.addToken(token, user);
        Dataset<Row> obs = observations(options);
        plans(obs);
        List<Row> observations = obs.collectAsList();
        assertThat(observations).isNotEmpty();

        Map<String, String> withUrl = new HashMap<>(options);
        withUrl.put("baseUrl", mast.baseUrl());
        Dataset<Row> names = spark.createDataFrame(
                List.of(RowFactory.create("M101"), RowFactory.create("Vega")),
                new StructType().add("target", DataTypes.StringType));
        MastResolver.clearCache();
        long santaBefore = mast.requestLog().count(e -> e.path().equals("/Santa-war/query"));
        Dataset<Row> resolved = MastResolver.resolve(names, "target", withUrl);
        plans(resolved);
        assertThat(resolved.collectAsList())
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.<String>getAs("resolve_status")).isEqualTo("RESOLVED"));
        assertThat(mast.requestLog().count(e -> e.path().equals("/Santa-war/query")))
                .isGreaterThan(santaBefore);

        Dataset<Row> products = MastProducts.forObservations(obs.limit(3), withUrl);
        plans(products);
        assertThat(products.collectAsList()).isNotEmpty();

        List<Row> granted = download(options, way);
        assertThat(granted)
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.<String>getAs("status")).isEqualTo("COMPLETE"));

        // The token demonstrably flowed: the Portal and the download endpoint got it as the cookie, SANTA not.
        Map<String, Long> got = mast.authenticatedRequests(user);
        assertThat(got).containsKeys("/api/v0/invoke", "/api/v0.1/Download/file");
        assertThat(got).doesNotContainKey("/Santa-war/query");
    }

    @Test
    void theTokenNeverAppearsAnywhereButTheCookieWhateverWayItIsGiven() throws Exception {
        MastTokens.environment = k -> null;
        // spark.mast.token given at submit (the session's SparkConf).
        pipeline("submit", Map.of());

        // Given as an option: the session's token no longer counts for these calls.
        spark.conf().unset("spark.mast.token");
        pipeline("option", Map.of("token", token("option")));

        // spark.mast.token set at run time (warned about once).
        spark.conf().set("spark.mast.token", token("runtime"));
        pipeline("runtime", Map.of());
        spark.conf().unset("spark.mast.token");

        // MAST_API_TOKEN, through the environment seam.
        MastTokens.environment = k -> k.equals("MAST_API_TOKEN") ? token("env") : null;
        pipeline("env", Map.of());
        MastTokens.environment = k -> null;

        // A token file.
        Path file = dir.resolve("mast-token.txt");
        Files.writeString(file, token("file") + "\n");
        pipeline("file", Map.of("tokenFile", file.toUri().toString()));

        // A Hadoop credential provider: a real JCEKS keystore, named by a run-time spark.hadoop.* setting.
        Path keystore = dir.resolve("mast.jceks");
        String providerPath = "jceks://file" + keystore.toAbsolutePath();
        Configuration conf = new Configuration();
        conf.set(MastTokens.PROVIDER_PATH, providerPath);
        CredentialProvider provider =
                CredentialProviderFactory.getProviders(conf).get(0);
        provider.createCredentialEntry(
                MastTokens.DEFAULT_ALIAS, token("provider").toCharArray());
        provider.flush();
        spark.conf().set("spark.hadoop." + MastTokens.PROVIDER_PATH, providerPath);
        pipeline("provider", Map.of());
        spark.conf().unset("spark.hadoop." + MastTokens.PROVIDER_PATH);

        // SQL OPTIONS (reads only: that is where OPTIONS apply).
        String sqlToken = token("sql");
        spark.sql("CREATE TEMPORARY VIEW refused_obs USING mast OPTIONS (path 'observations', baseUrl"
                + " 'http://127.0.0.1:" + refusing.getAddress().getPort() + "', maxAttempts '1', token '"
                + sqlToken + "')");
        assertThatThrownBy(() -> spark.sql("SELECT * FROM refused_obs WHERE s_dec BETWEEN 1 AND 2")
                        .collectAsList())
                .satisfies(e -> capture("exceptions", stackTrace(e)));
        assertThat(refusedCookies).containsKey("mast_token=" + sqlToken);
        mast.addToken(sqlToken, "user-sql");
        spark.sql("CREATE TEMPORARY VIEW obs USING mast OPTIONS (path 'observations', baseUrl '" + mast.baseUrl()
                + "', token '" + sqlToken + "')");
        Dataset<Row> sql = spark.sql("SELECT obsid, s_ra, s_dec FROM obs WHERE s_dec BETWEEN 1 AND 2");
        plans(sql);
        assertThat(sql.collectAsList()).isNotEmpty();
        capture("plans", spark.sql("EXPLAIN EXTENDED SELECT * FROM obs").collectAsList());
        assertThat(mast.authenticatedRequests("user-sql")).containsKey("/api/v0/invoke");

        // A token MAST does not know: refused, and never shown.
        List<Row> wrong = download(Map.of("token", token("wrong")), "wrong");
        assertThat(wrong).allSatisfy(r -> assertThat(r.<String>getAs("status")).isEqualTo("ERROR"));

        capture("request log", mast.requestLog().entries());

        // Logging was on: HttpClient's TRACE loggers did log.
        assertThat(eventsByLogger.keySet()).anyMatch(n -> n.startsWith("org.apache.hc.client5"));
        assertThat(events.get()).isGreaterThan(1000);

        spark.stop();
        String eventLog;
        try (Stream<Path> files = Files.walk(eventLogDir)) {
            StringBuilder b = new StringBuilder();
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                b.append(Files.readString(f, StandardCharsets.ISO_8859_1));
            }
            eventLog = b.toString();
        }
        assertThat(eventLog).contains("SparkListenerJobStart");
        // Spark's facts (4.1.3): spark.mast.token, given at submit or at run time, is in the environment
        // update, the SQL executions' modified settings and the job and stage properties, under its key,
        // with the value redacted by spark.redaction.regex (default matches "token"); SQL OPTIONS appear in
        // the CreateTempViewUsing plan with the token redacted; reader options do not appear at all.
        assertThat(eventLog)
                .contains("\"spark.mast.token\":\"*********(redacted)\"")
                .contains("token -> *********(redacted)");

        Map<String, Map<String, Integer>> found = new TreeMap<>();
        for (String t : tokens.values()) {
            Map<String, Integer> where = new TreeMap<>();
            captured.forEach((kind, text) -> where.put(kind, count(text.toString(), t)));
            where.put("event log", count(eventLog, t));
            Map<String, List<String>> logged = leaks.getOrDefault(t, Map.of());
            logged.forEach((logger, messages) -> where.put("log " + logger, messages.size()));
            where.values().removeIf(n -> n == 0);
            if (!where.isEmpty()) {
                found.put(t, where);
            }
        }
        // Spark's own DEBUG lines (facts of Spark 4.1.3, not of the connector; README, Security): a session
        // option given to SparkSession.builder().config(...) is logged by SharedState as it is copied into
        // the Hadoop configuration, and every SQL statement's text is logged by the parser.
        String sharedState = "log org.apache.spark.sql.internal.SharedState";
        String parser = "log org.apache.spark.sql.execution.SparkSqlParser";
        assertThat(found.getOrDefault(token("submit"), Map.of())).containsEntry(sharedState, 1);
        assertThat(found.getOrDefault(token("sql"), Map.of())).containsEntry(parser, 2);
        found.computeIfPresent(token("submit"), (t, where) -> without(where, sharedState));
        found.computeIfPresent(token("sql"), (t, where) -> without(where, parser));
        found.values().removeIf(Map::isEmpty);

        assertThat(found)
                .as("where tokens occurred (token -> place -> occurrences); first leaking log lines: %s", sample())
                .isEmpty();
    }

    private static Map<String, Integer> without(Map<String, Integer> where, String place) {
        Map<String, Integer> rest = new TreeMap<>(where);
        rest.remove(place);
        return rest;
    }

    private static String sample() {
        StringBuilder b = new StringBuilder();
        leaks.forEach((t, byLogger) -> byLogger.forEach((logger, messages) -> b.append("\n  ")
                .append(logger)
                .append(": ")
                .append(messages.get(0).replace("\n", " | "))));
        return b.toString();
    }

    private static int count(String text, String token) {
        int n = 0;
        for (int i = text.indexOf(token); i >= 0; i = text.indexOf(token, i + 1)) {
            n++;
        }
        return n;
    }
}
