package org.mastspark.connector;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.mastspark.connector.options.ReadKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the MAST token comes from, in one place for every option parser ({@code format("mast")},
 * {@link MastProducts}, {@link MastMissions}, the downloader, the name resolver). First found wins:
 *
 * <ol>
 *   <li>option {@code token} (reader option or SQL {@code OPTIONS});
 *   <li>option {@code tokenFile}: a file holding the token, any Hadoop FileSystem path, read on the driver;
 *   <li>session configuration {@code spark.mast.token};
 *   <li>session configuration {@code spark.mast.tokenFile};
 *   <li>the alias {@code tokenAlias} (default {@value #DEFAULT_ALIAS}) of Hadoop's credential providers
 *       ({@code hadoop.security.credential.provider.path}, as S3A reads its keys);
 *   <li>the environment variable {@value #ENV} of the driver.
 * </ol>
 *
 * <p>A token file and a credential provider keep the token out of Spark's configuration, hence out of the
 * event log; {@code spark.mast.token} set at run time ({@code spark.conf().set}) is written to the event log of
 * every later job (redacted only while {@code spark.redaction.regex} matches its key), so it draws one warning
 * per JVM. No message of this class contains the token or a token file's content.
 */
public final class MastTokens {
    private static final Logger LOG = LoggerFactory.getLogger(MastTokens.class);

    /** Option: a file holding the MAST token (any Hadoop FileSystem path; no scheme: the default FileSystem). */
    public static final String TOKEN_FILE = ReadKeys.TOKEN_FILE.name();
    /** Option: the credential provider alias of the token; default {@value #DEFAULT_ALIAS}. */
    public static final String TOKEN_ALIAS = ReadKeys.TOKEN_ALIAS.name();
    /** The alias read from Hadoop's credential providers when {@link #TOKEN_ALIAS} is not given. */
    public static final String DEFAULT_ALIAS = ReadKeys.DEFAULT_TOKEN_ALIAS;
    /** The environment variable read last. */
    public static final String ENV = "MAST_API_TOKEN";
    /** Hadoop's setting naming the credential providers (keystores) to read the alias from. */
    public static final String PROVIDER_PATH = "hadoop.security.credential.provider.path";

    /** Token files are one short line; anything larger is not a token file. */
    private static final int MAX_FILE_BYTES = 64 * 1024;

    private static final AtomicBoolean RUNTIME_WARNED = new AtomicBoolean();

    /** The environment: a seam so that tests can supply {@value #ENV} without changing the process's. */
    static volatile Function<String, String> environment = System::getenv;

    private MastTokens() {}

    /** Where a token came from. */
    public enum Source {
        /** Option {@code token} (reader option, SQL {@code OPTIONS}). */
        OPTION,
        /** The file named by option {@code tokenFile}. */
        TOKEN_FILE_OPTION,
        /** {@code spark.mast.token} as the SparkContext started with it. */
        SESSION_SUBMIT,
        /** {@code spark.mast.token} set (or changed) in the session at run time. */
        SESSION_RUNTIME,
        /** The file named by {@code spark.mast.tokenFile}. */
        SESSION_TOKEN_FILE,
        /** Hadoop's credential providers. */
        CREDENTIAL_PROVIDER,
        /** The environment variable {@code MAST_API_TOKEN}. */
        ENVIRONMENT,
        /** No token. */
        NONE
    }

    /**
     * A resolved token and its source; {@link #toString()} never shows the token.
     *
     * @param token the token, or null for none
     * @param source where it came from
     */
    public record Resolved(String token, Source source) {
        @Override
        public String toString() {
            return "Resolved[source=" + source + ", token=" + (token == null ? "none" : "<redacted>") + "]";
        }
    }

    /**
     * Finds the token.
     *
     * @param options reader options (any case; {@code token}, {@code tokenFile}, {@code tokenAlias})
     * @param session the session configuration, {@code spark.*} keys as Spark gives them
     * @param submitted the session's settings fixed when the SparkContext started ({@code SparkConf}), used to
     *     tell a {@code spark.mast.token} given at submit from one set at run time; null when unknown
     * @param hadoop the Hadoop configuration for token files and credential providers; null for Hadoop's
     *     defaults
     */
    public static Resolved resolve(
            Map<String, String> options,
            Map<String, String> session,
            Map<String, String> submitted,
            Configuration hadoop) {
        Map<String, String> reader = caseInsensitive(options, "");
        Map<String, String> conf = caseInsensitive(session, MastOptions.SESSION_PREFIX);
        String token = value(reader, MastOptions.TOKEN);
        String file = value(reader, TOKEN_FILE);
        if (token != null && file != null) {
            throw new IllegalArgumentException("Options 'token' and 'tokenFile' were both given: use one of them");
        }
        if (token != null) {
            return new Resolved(checked(token, "option 'token'"), Source.OPTION);
        }
        if (file != null) {
            return new Resolved(readFile("option '" + TOKEN_FILE + "'", file, hadoop), Source.TOKEN_FILE_OPTION);
        }
        String sessionToken = value(conf, MastOptions.TOKEN);
        String sessionFile = value(conf, TOKEN_FILE);
        if (sessionToken != null && sessionFile != null) {
            throw new IllegalArgumentException("Session settings 'spark.mast.token' and 'spark.mast.tokenFile' were"
                    + " both given: use one of them");
        }
        if (sessionToken != null) {
            String t = checked(sessionToken, "'spark.mast.token'");
            if (submitted != null && !sessionToken.equals(submittedToken(submitted))) {
                warnRuntime();
                return new Resolved(t, Source.SESSION_RUNTIME);
            }
            return new Resolved(t, Source.SESSION_SUBMIT);
        }
        if (sessionFile != null) {
            return new Resolved(
                    readFile("'" + MastOptions.SESSION_PREFIX + TOKEN_FILE + "'", sessionFile, hadoop),
                    Source.SESSION_TOKEN_FILE);
        }
        String alias = value(reader, TOKEN_ALIAS);
        String aliasName = "option '" + TOKEN_ALIAS + "'";
        if (alias == null) {
            alias = value(conf, TOKEN_ALIAS);
            aliasName = "'" + MastOptions.SESSION_PREFIX + TOKEN_ALIAS + "'";
        }
        String fromProvider = fromCredentialProvider(alias, aliasName, hadoop);
        if (fromProvider != null) {
            return new Resolved(fromProvider, Source.CREDENTIAL_PROVIDER);
        }
        String env = environment.apply(ENV);
        if (env != null && !env.isBlank()) {
            return new Resolved(checked(env.trim(), "the environment variable " + ENV), Source.ENVIRONMENT);
        }
        return new Resolved(null, Source.NONE);
    }

    private static String submittedToken(Map<String, String> submitted) {
        return value(caseInsensitive(submitted, MastOptions.SESSION_PREFIX), MastOptions.TOKEN);
    }

    private static void warnRuntime() {
        if (RUNTIME_WARNED.compareAndSet(false, true)) {
            LOG.warn("The MAST token comes from 'spark.mast.token' set in the session at run time"
                    + " (spark.conf().set or SQL SET): Spark writes run-time settings into the event log of every"
                    + " later job, where only spark.redaction.regex (default matching 'token') hides the value."
                    + " Prefer option 'tokenFile', a Hadoop credential provider (alias '" + DEFAULT_ALIAS
                    + "') or the environment variable " + ENV + " (see README, Security)");
        }
    }

    /** Forgets that the run-time warning was logged (tests). */
    static void resetWarning() {
        RUNTIME_WARNED.set(false);
    }

    private static String fromCredentialProvider(String alias, String aliasName, Configuration hadoop) {
        Configuration conf = hadoop == null ? new Configuration() : hadoop;
        String providers = conf.getTrimmed(PROVIDER_PATH, "");
        if (providers.isEmpty()) {
            if (alias != null) {
                throw new IllegalArgumentException("Invalid value '" + alias + "' for " + aliasName
                        + ": no credential provider is configured; set the Hadoop setting " + PROVIDER_PATH
                        + " (e.g. spark.hadoop." + PROVIDER_PATH + "=jceks://hdfs/user/me/mast.jceks)");
            }
            return null;
        }
        String name = alias == null ? DEFAULT_ALIAS : alias;
        char[] secret;
        try {
            // Not getPassword: its clear-text fallback would read the alias as a plain configuration value.
            secret = conf.getPasswordFromCredentialProviders(name);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "Reading the MAST token (alias '" + name + "') from the credential providers " + PROVIDER_PATH
                            + "='" + providers + "' failed: " + describe(e)
                            + "; check the keystore's path, permissions and password"
                            + " (HADOOP_CREDSTORE_PASSWORD or hadoop.security.credstore.java-keystore-provider"
                            + ".password-file)",
                    e);
        }
        if (secret == null) {
            if (alias != null) {
                throw new IllegalArgumentException("Invalid value '" + alias + "' for " + aliasName
                        + ": no such alias in the credential providers " + PROVIDER_PATH + "='" + providers
                        + "'; create it with: hadoop credential create " + alias + " -provider <provider>");
            }
            return null;
        }
        String token = new String(secret).trim();
        Arrays.fill(secret, '\0');
        if (token.isEmpty()) {
            throw new IllegalArgumentException("The credential alias '" + name + "' in " + PROVIDER_PATH + "='"
                    + providers + "' is empty: store the MAST token under it");
        }
        return checked(token, "the credential alias '" + name + "'");
    }

    private static String readFile(String option, String location, Configuration hadoop) {
        Configuration conf = hadoop == null ? new Configuration() : hadoop;
        String prefix = "Cannot read the MAST token from " + option + ": '" + location + "'";
        byte[] bytes;
        try {
            Path path = new Path(location);
            FileSystem fs = path.getFileSystem(conf);
            FileStatus status = fs.getFileStatus(path);
            if (status.isDirectory()) {
                throw new IllegalArgumentException(
                        prefix + " is a directory: give the path of a file holding only the token");
            }
            if (status.getLen() > MAX_FILE_BYTES) {
                throw new IllegalArgumentException(prefix + " has " + status.getLen()
                        + " bytes: expected a file holding only the token (at most " + MAX_FILE_BYTES + " bytes)");
            }
            try (InputStream in = fs.open(path)) {
                bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            }
        } catch (FileNotFoundException e) {
            throw new IllegalArgumentException(prefix + " does not exist: give the path of a file holding the token"
                    + " (a path without a scheme is on the default FileSystem, fs.defaultFS; use file:///... for a"
                    + " local file)");
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage().startsWith(prefix)) {
                throw iae;
            }
            throw new IllegalArgumentException(
                    prefix + " could not be read: " + describe(e) + "; check the path and its permissions", e);
        }
        String token = new String(bytes, StandardCharsets.UTF_8).trim();
        if (token.isEmpty()) {
            throw new IllegalArgumentException(prefix + " is empty: write the MAST token into it");
        }
        return checked(token, "the file of " + option);
    }

    /** A token goes into a Cookie header: whitespace or control characters would break (or inject into) it. */
    private static String checked(String token, String where) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= ' ' || c == 0x7f || c == ';' || c == ',') {
                throw new IllegalArgumentException("The MAST token from " + where
                        + " contains a space, a control character, ';' or ',' (not shown): expected the token"
                        + " alone, one word");
            }
        }
        return token;
    }

    /** An exception's class and message; file system and keystore messages name paths, never contents. */
    private static String describe(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m + ")");
    }

    private static String value(Map<String, String> map, String key) {
        String v = map.get(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static Map<String, String> caseInsensitive(Map<String, String> source, String prefix) {
        Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (source == null) {
            return out;
        }
        String p = prefix.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> e : source.entrySet()) {
            if (e.getKey() != null && e.getKey().toLowerCase(Locale.ROOT).startsWith(p)) {
                out.put(e.getKey().substring(prefix.length()), e.getValue());
            }
        }
        return out;
    }
}
