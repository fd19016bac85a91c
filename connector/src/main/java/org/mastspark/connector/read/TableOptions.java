package org.mastspark.connector.read;

import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.mastspark.connector.MastOptions;

/**
 * A table's options on the driver: the reader options it was created with and their resolution. A scan
 * may bring options of its own (a SQL catalog's per-query {@code WITH (...)}); {@link #forScan} lays them
 * over the reader's and resolves the result as {@code format("mast")} does, so the precedence is one
 * everywhere: scan option, then reader option, then {@code spark.mast.*}, then the default.
 *
 * <p>Never leaves the driver; the reader options may hold a token, so this has no {@code toString}.
 */
public final class TableOptions {
    private static final String PATH = "path";

    /** The reader options without {@code path}, keyed case-insensitively. */
    private final Map<String, String> reader;

    private final MastOptions resolved;

    private TableOptions(Map<String, String> reader, MastOptions resolved) {
        this.reader = reader;
        this.resolved = resolved;
    }

    /**
     * Resolves reader options against the active session's {@code spark.mast.*} (or none without one).
     *
     * @param readerOptions the options given to the reader, in any case; {@code path} is left out
     */
    public static TableOptions resolve(Map<String, String> readerOptions) {
        Map<String, String> reader = withoutPath(readerOptions);
        return new TableOptions(reader, resolveWithSession(reader));
    }

    /** The table's resolved options. */
    public MastOptions options() {
        return resolved;
    }

    /**
     * The options one scan reads with: the scan's options over the table's reader options, resolved. Spark
     * hands a {@code format("mast")} read's scan the reader options again, which changes nothing.
     */
    public MastOptions forScan(CaseInsensitiveStringMap scanOptions) {
        Map<String, String> merged = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        merged.putAll(reader);
        merged.putAll(withoutPath(scanOptions.asCaseSensitiveMap()));
        return merged.equals(reader) ? resolved : resolveWithSession(merged);
    }

    private static Map<String, String> withoutPath(Map<String, String> options) {
        Map<String, String> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        m.putAll(options);
        m.remove(PATH);
        return m;
    }

    private static MastOptions resolveWithSession(Map<String, String> reader) {
        scala.Option<SparkSession> active = SparkSession.getActiveSession();
        return active.isDefined() ? MastOptions.resolve(reader, active.get()) : MastOptions.resolve(reader, Map.of());
    }
}
