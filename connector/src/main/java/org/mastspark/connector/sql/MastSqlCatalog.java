package org.mastspark.connector.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchFunctionException;
import org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.connector.catalog.FunctionCatalog;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.NamespaceChange;
import org.apache.spark.sql.connector.catalog.SupportsNamespaces;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.connector.catalog.functions.UnboundFunction;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.MastTableProvider;
import org.mastspark.connector.client.panstarrs.PanstarrsQuery;
import org.mastspark.connector.read.Sources;
import org.mastspark.connector.read.TableOptions;
import org.mastspark.connector.read.hats.HatsSource;
import org.mastspark.connector.read.meta.MetaSources;
import org.mastspark.connector.read.missions.MissionSource;
import org.mastspark.connector.read.panstarrs.PanstarrsSource;
import org.mastspark.connector.read.portal.PortalCatalogSource;
import org.mastspark.connector.read.portal.PortalServiceSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MAST as a read-only Spark SQL catalog: every source {@code format("mast").load(path)} reads, as a table whose
 * name is the path ({@code mast.observations}, {@code mast.missions.hst}, {@code mast.catalogs.panstarrs.dr2.mean},
 * {@code mast.portal.`Mast.Caom.Cone`}, {@code mast.hats.gaia_dr3}, {@code mast.meta.missions}), and the sky
 * functions ({@code mast.in_cone}, {@code mast.angular_distance}, ...) that a scan can push to MAST as its
 * search region.
 *
 * <p>Registered with {@code spark.sql.catalog.mast=org.mastspark.connector.sql.MastSqlCatalog}; every
 * {@code spark.sql.catalog.mast.<option>} is a reader option of every table ({@code baseUrl}, {@code token},
 * {@code radius}, {@code pagesize}, ...), over the session's {@code spark.mast.*} and under a query's own
 * ({@code SELECT ... FROM mast.observations WITH ('pagesize' = '5000')} or {@code spark.read().option(..).table(..)}):
 * the precedence of {@code format("mast")}. One catalog option is the catalog's own: {@code missions}, the
 * comma-separated missions {@code SHOW TABLES IN mast.missions} lists (MAST has no list of them; any mission MAST
 * serves can be read by name).
 *
 * <p>Every statement that would change MAST (CREATE, ALTER, DROP, RENAME, INSERT) is refused with a message
 * that says so. Spark makes one instance per session, on the driver; a table is made on its first lookup and kept
 * (at most {@value #MAX_LOADED_TABLES}, least recently used first out) until {@code REFRESH TABLE} or a change of
 * the session's {@code spark.mast.*} settings, so MAST is asked for a schema once.
 */
public final class MastSqlCatalog implements TableCatalog, SupportsNamespaces, FunctionCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(MastSqlCatalog.class);

    /** The catalog option that lists the missions of {@code SHOW TABLES IN mast.missions}. */
    public static final String MISSIONS_OPTION = "missions";

    /** The missions listed by default: those MAST's Mission Search serves publicly. */
    public static final List<String> DEFAULT_MISSIONS = MissionSource.KNOWN_MISSIONS;

    private static final String[] ROOT = new String[0];

    /** The most tables {@link #loadTable} keeps; the least recently used goes first. */
    static final int MAX_LOADED_TABLES = 64;

    /**
     * A loaded table's name (namespace and name as given) and the session settings its options were resolved
     * with ({@code spark.mast.*}, {@code spark.hadoop.*}); the catalog's own options are fixed. Never printed:
     * the settings may hold a token.
     */
    private record LoadedKey(List<String> name, Map<String, String> session) {}

    /**
     * The tables loaded, so a repeated lookup (Spark looks a table up more than once for one statement, and again
     * for every statement) does not ask MAST for the schema again; {@link #invalidateTable} ({@code REFRESH
     * TABLE}) forgets one.
     */
    private final Map<LoadedKey, Table> loaded = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<LoadedKey, Table> eldest) {
            return size() > MAX_LOADED_TABLES;
        }
    };

    private String name;
    private Map<String, String> options = Map.of();
    private List<String> missions = DEFAULT_MISSIONS;

    /** Built by Spark through reflection; {@link #initialize} follows. */
    public MastSqlCatalog() {}

    @Override
    public void initialize(String name, CaseInsensitiveStringMap options) {
        this.name = name;
        Map<String, String> o = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        o.putAll(options.asCaseSensitiveMap());
        String listed = o.remove(MISSIONS_OPTION);
        if (listed != null) {
            List<String> m = new ArrayList<>();
            for (String s : listed.split(",")) {
                if (!s.isBlank()) {
                    m.add(s.trim().toLowerCase(Locale.ROOT));
                }
            }
            missions = List.copyOf(m);
        }
        // checked now, so a bad catalog option fails at the first use of the catalog with the option's name
        TableOptions.resolve(o);
        this.options = Map.copyOf(o);
    }

    @Override
    public String name() {
        return name;
    }

    // ---------------------------------------------------------------- namespaces

    /**
     * The namespace tree: each namespace's description, its tables and its child namespaces. The tree is the
     * catalog's; the names in it are the sources' own ({@link Sources#topLevel}, {@link PortalCatalogSource#names},
     * {@link PanstarrsSource#tables}, ...), so a listed table is one {@code format("mast").load()} accepts.
     */
    private record Space(String comment, List<String> tables, List<String> children) {}

    private Space space(String[] ns) {
        List<String> p = Arrays.stream(ns).map(s -> s.toLowerCase(Locale.ROOT)).toList();
        return switch (p.size()) {
            case 0 ->
                new Space(
                        "MAST, the Mikulski Archive for Space Telescopes",
                        Sources.topLevel(),
                        List.of("missions", "catalogs", "portal", "hats", "meta"));
            case 1 ->
                switch (p.get(0)) {
                    case "missions" ->
                        new Space(
                                "MAST's Mission Search API: one table per mission (any mission MAST serves, by name);"
                                        + " <mission>.products lists a mission's files",
                                missions,
                                missions);
                    case "catalogs" ->
                        new Space(
                                "MAST's catalogs (Portal catalog services and Pan-STARRS)",
                                PortalCatalogSource.names(),
                                List.of("panstarrs", "hsc"));
                    case "portal" ->
                        new Space(
                                "Any MAST Portal service by name, such as portal.`Mast.Caom.Cone` (none listed)",
                                List.of(),
                                List.of());
                    case "hats" ->
                        new Space(
                                "HATS catalogs MAST publishes on S3, by short name; any HATS root as"
                                        + " hats.`s3a://bucket/path`",
                                HatsSource.shortNames(),
                                List.of());
                    case "meta" ->
                        new Space(
                                "MAST's metadata: missions, column descriptions, the token's session",
                                MetaSources.names(),
                                List.of());
                    default -> null;
                };
            case 2 -> {
                if (p.get(0).equals("missions") && MissionSource.isMissionName(p.get(1))) {
                    yield new Space("The files of mission " + p.get(1), List.of("products"), List.of());
                }
                if (p.get(0).equals("catalogs") && p.get(1).equals("panstarrs")) {
                    yield new Space("Pan-STARRS releases", List.of(), PanstarrsSource.releases());
                }
                if (p.get(0).equals("catalogs") && p.get(1).equals("hsc")) {
                    yield new Space("Hubble Source Catalog services", PortalServiceSource.hscTables(), List.of());
                }
                yield null;
            }
            case 3 ->
                p.get(0).equals("catalogs")
                                && p.get(1).equals("panstarrs")
                                && !PanstarrsSource.tables(p.get(2)).isEmpty()
                        ? new Space(
                                "Pan-STARRS " + p.get(2).toUpperCase(Locale.ROOT) + " tables",
                                PanstarrsSource.tables(p.get(2)),
                                List.of())
                        : null;
            default -> null;
        };
    }

    private Space existing(String[] ns) throws NoSuchNamespaceException {
        Space s = space(ns);
        if (s == null) {
            throw new NoSuchNamespaceException(ns);
        }
        return s;
    }

    @Override
    public String[][] listNamespaces() {
        return children(ROOT, space(ROOT));
    }

    @Override
    public String[][] listNamespaces(String[] namespace) throws NoSuchNamespaceException {
        return children(namespace, existing(namespace));
    }

    private static String[][] children(String[] parent, Space s) {
        String[][] out = new String[s.children().size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = Arrays.copyOf(parent, parent.length + 1);
            out[i][parent.length] = s.children().get(i);
        }
        return out;
    }

    @Override
    public boolean namespaceExists(String[] namespace) {
        return space(namespace) != null;
    }

    @Override
    public Map<String, String> loadNamespaceMetadata(String[] namespace) throws NoSuchNamespaceException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(SupportsNamespaces.PROP_COMMENT, existing(namespace).comment());
        return m;
    }

    @Override
    public void createNamespace(String[] namespace, Map<String, String> metadata) {
        throw readOnly("CREATE NAMESPACE " + String.join(".", namespace));
    }

    @Override
    public void alterNamespace(String[] namespace, NamespaceChange... changes) {
        throw readOnly("ALTER NAMESPACE " + String.join(".", namespace));
    }

    @Override
    public boolean dropNamespace(String[] namespace, boolean cascade) {
        throw readOnly("DROP NAMESPACE " + String.join(".", namespace));
    }

    // ---------------------------------------------------------------- tables

    @Override
    public Identifier[] listTables(String[] namespace) throws NoSuchNamespaceException {
        Space s = existing(namespace);
        return s.tables().stream().map(t -> Identifier.of(namespace, t)).toArray(Identifier[]::new);
    }

    /**
     * The {@code format("mast").load(path)} path a table name stands for: the namespace and name joined with
     * {@code /}; {@code portal.<Service>} is {@code portal:<Service>}; {@code hats.<root URI>} is
     * {@code hats:<root URI>}.
     */
    public static String path(Identifier ident) {
        String[] ns = ident.namespace();
        if (ns.length == 1 && ns[0].equalsIgnoreCase("portal")) {
            return "portal:" + ident.name();
        }
        if (ns.length == 1 && ns[0].equalsIgnoreCase("hats") && ident.name().contains(":")) {
            return "hats:" + ident.name();
        }
        List<String> parts = new ArrayList<>(Arrays.asList(ns));
        parts.add(ident.name());
        return String.join("/", parts);
    }

    @Override
    public Table loadTable(Identifier ident) throws NoSuchTableException {
        if (!exists(ident)) {
            refuseTableOfAnotherRelease(ident);
            throw new NoSuchTableException(ident);
        }
        LoadedKey key = new LoadedKey(names(ident), sessionSettings());
        synchronized (loaded) {
            Table t = loaded.get(key);
            if (t != null) {
                return t;
            }
        }
        Map<String, String> properties = new HashMap<>(options);
        properties.put("path", path(ident));
        Table t = new MastTableProvider().getTable((StructType) null, new Transform[0], properties);
        synchronized (loaded) {
            loaded.put(key, t);
        }
        return t;
    }

    /** Forgets the loaded table of this name (whatever the session settings), so the next lookup asks MAST. */
    @Override
    public void invalidateTable(Identifier ident) {
        List<String> n = names(ident);
        synchronized (loaded) {
            loaded.keySet().removeIf(k -> k.name().equals(n));
        }
    }

    /** The number of tables kept by {@link #loadTable}. */
    int loadedTables() {
        synchronized (loaded) {
            return loaded.size();
        }
    }

    private static List<String> names(Identifier ident) {
        List<String> n = new ArrayList<>(Arrays.asList(ident.namespace()));
        n.add(ident.name());
        return List.copyOf(n);
    }

    /** The active session's settings a table's options resolve with; empty without a session. */
    private static Map<String, String> sessionSettings() {
        scala.Option<SparkSession> active = SparkSession.getActiveSession();
        Map<String, String> out = new TreeMap<>();
        if (active.isDefined()) {
            MastOptions.sessionSettings(active.get()).forEach((k, v) -> {
                if (k.startsWith("spark.mast.") || k.startsWith("spark.hadoop.")) {
                    out.put(k, v);
                }
            });
        }
        return out;
    }

    /** Whether the name is one of the catalog's tables, without asking MAST (nor loading the table). */
    @Override
    public boolean tableExists(Identifier ident) {
        return exists(ident);
    }

    /**
     * A Pan-STARRS table of another release ({@code catalogs.panstarrs.dr1.detection}) is refused as
     * {@code format("mast").load()} refuses it, naming the release, the table and the release's tables; Spark's
     * "table not found" would not say why.
     */
    private void refuseTableOfAnotherRelease(Identifier ident) {
        String[] ns = ident.namespace();
        String table = ident.name().toLowerCase(Locale.ROOT);
        if (ns.length == 3
                && ns[0].equalsIgnoreCase("catalogs")
                && ns[1].equalsIgnoreCase("panstarrs")
                && !PanstarrsSource.tables(ns[2].toLowerCase(Locale.ROOT)).isEmpty()
                && PanstarrsQuery.TABLES.contains(table)) {
            String release = ns[2].toLowerCase(Locale.ROOT);
            throw new IllegalArgumentException("Table " + name + ".catalogs.panstarrs." + release + "." + table
                    + " does not exist: " + PanstarrsQuery.missingTable(release, table) + "; read " + name
                    + ".catalogs.panstarrs."
                    + PanstarrsQuery.releasesWith(table).get(0) + "." + table);
        }
    }

    /** Whether the name is one of the catalog's tables (without asking MAST). */
    private boolean exists(Identifier ident) {
        String[] ns = ident.namespace();
        String n = ident.name().toLowerCase(Locale.ROOT);
        if (ns.length == 1 && ns[0].equalsIgnoreCase("portal")) {
            return !ident.name().isBlank();
        }
        if (ns.length == 1 && ns[0].equalsIgnoreCase("hats") && n.contains(":")) {
            return true;
        }
        if (ns.length == 1 && ns[0].equalsIgnoreCase("missions")) {
            return MissionSource.isMissionName(n);
        }
        Space s = space(ns);
        return s != null && s.tables().contains(n);
    }

    @Override
    public Table createTable(
            Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties) {
        throw readOnly("CREATE TABLE " + ident);
    }

    @Override
    public Table alterTable(Identifier ident, TableChange... changes) {
        throw readOnly("ALTER TABLE " + ident);
    }

    @Override
    public boolean dropTable(Identifier ident) {
        throw readOnly("DROP TABLE " + ident);
    }

    @Override
    public void renameTable(Identifier oldIdent, Identifier newIdent) {
        throw readOnly("ALTER TABLE " + oldIdent + " RENAME TO " + newIdent);
    }

    private UnsupportedOperationException readOnly(String what) {
        return new UnsupportedOperationException(what + " is not supported: catalog '" + name
                + "' is MAST's archive, read-only; write query results with a catalog that stores tables"
                + " (for example CREATE TABLE spark_catalog.default.t AS SELECT ... FROM " + name + ".observations)");
    }

    // ---------------------------------------------------------------- functions

    @Override
    public Identifier[] listFunctions(String[] namespace) throws NoSuchNamespaceException {
        if (namespace.length == 0) {
            return SqlFunctions.names().stream()
                    .map(f -> Identifier.of(ROOT, f))
                    .toArray(Identifier[]::new);
        }
        existing(namespace);
        return new Identifier[0];
    }

    @Override
    public UnboundFunction loadFunction(Identifier ident) throws NoSuchFunctionException {
        UnboundFunction f = ident.namespace().length == 0
                ? SqlFunctions.load(ident.name(), TableOptions.resolve(options).options())
                : null;
        if (f == null) {
            LOG.debug("No function {} in catalog {}", ident, name);
            throw new NoSuchFunctionException(ident);
        }
        return f;
    }
}
