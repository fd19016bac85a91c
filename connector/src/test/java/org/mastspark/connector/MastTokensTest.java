package org.mastspark.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.alias.CredentialProvider;
import org.apache.hadoop.security.alias.CredentialProviderFactory;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mastspark.connector.MastTokens.Source;

/** Where the token comes from: option, token file, session settings, credential provider, environment. */
class MastTokensTest {
    private static final String SECRET = "tok-Q7xZ-unit-4242";

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();
    private Function<String, String> savedEnvironment;

    @BeforeEach
    void fakeEnvironment() {
        savedEnvironment = MastTokens.environment;
        MastTokens.environment = env::get;
        MastTokens.resetWarning();
    }

    @AfterEach
    void realEnvironment() {
        MastTokens.environment = savedEnvironment;
    }

    private Path file(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    private static Configuration providerConf(Path keystore) {
        Configuration conf = new Configuration();
        conf.set(MastTokens.PROVIDER_PATH, "jceks://file" + keystore.toAbsolutePath());
        return conf;
    }

    /** A real JCEKS keystore holding {@code alias}, written with Hadoop's credential provider API. */
    private static Configuration keystoreWith(Path keystore, String alias, String secret) throws Exception {
        Configuration conf = providerConf(keystore);
        CredentialProvider provider =
                CredentialProviderFactory.getProviders(conf).get(0);
        provider.createCredentialEntry(alias, secret.toCharArray());
        provider.flush();
        return conf;
    }

    private static MastTokens.Resolved resolve(
            Map<String, String> options, Map<String, String> session, Configuration hadoop) {
        return MastTokens.resolve(options, session, null, hadoop);
    }

    @Test
    void aTokenFileIsReadAndTrimmed() throws Exception {
        Path f = file("token.txt", "  " + SECRET + "\n");
        MastOptions o = MastOptions.resolve(Map.of("tokenFile", f.toString()), Map.of());
        assertThat(o.get(MastOptions.TOKEN)).isEqualTo(SECRET);
        assertThat(o.clientConfig().hasToken()).isTrue();
        // A Hadoop URI works as well as a local path.
        MastTokens.Resolved r = resolve(Map.of("TOKENFILE", f.toUri().toString()), Map.of(), null);
        assertThat(r.token()).isEqualTo(SECRET);
        assertThat(r.source()).isEqualTo(Source.TOKEN_FILE_OPTION);
        assertThat(r.toString()).doesNotContain(SECRET);
        assertThat(o.toString()).doesNotContain(SECRET);
    }

    @Test
    void tokenFileErrorsNameTheOptionAndPathButNeverTheContent() throws Exception {
        Path missing = dir.resolve("no-such-file");
        assertThatThrownBy(() -> MastOptions.resolve(Map.of("tokenFile", missing.toString()), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot read the MAST token from option 'tokenFile': '" + missing
                        + "' does not exist: give the path of a file holding the token (a path without a scheme"
                        + " is on the default FileSystem, fs.defaultFS; use file:///... for a local file)");

        Path empty = file("empty", " \n\t\n");
        assertThatThrownBy(() -> MastOptions.resolve(Map.of("tokenFile", empty.toString()), Map.of()))
                .hasMessage("Cannot read the MAST token from option 'tokenFile': '" + empty
                        + "' is empty: write the MAST token into it");

        assertThatThrownBy(() -> MastOptions.resolve(Map.of(), Map.of("spark.mast.tokenFile", dir.toString())))
                .hasMessage("Cannot read the MAST token from 'spark.mast.tokenFile': '" + dir
                        + "' is a directory: give the path of a file holding only the token");

        Path twoWords = file("two-words", SECRET + " " + SECRET + "\n");
        assertThatThrownBy(() -> MastOptions.resolve(Map.of("tokenFile", twoWords.toString()), Map.of()))
                .hasMessage("The MAST token from the file of option 'tokenFile' contains a space, a control"
                        + " character, ';' or ',' (not shown): expected the token alone, one word");

        Path big = file("big", "x".repeat(70_000));
        assertThatThrownBy(() -> MastOptions.resolve(Map.of("tokenFile", big.toString()), Map.of()))
                .hasMessage("Cannot read the MAST token from option 'tokenFile': '" + big
                        + "' has 70000 bytes: expected a file holding only the token (at most 65536 bytes)");

        Path unreadable = file("unreadable", SECRET);
        if (unreadable.toFile().setReadable(false, false) && !Files.isReadable(unreadable)) {
            assertThatThrownBy(() -> MastOptions.resolve(Map.of("tokenFile", unreadable.toString()), Map.of()))
                    .hasMessageStartingWith("Cannot read the MAST token from option 'tokenFile': '" + unreadable
                            + "' could not be read: ")
                    .hasMessageEndingWith("; check the path and its permissions")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        }
    }

    @Test
    void tokenAndTokenFileTogetherAreAnError() throws Exception {
        Path f = file("token.txt", SECRET);
        assertThatThrownBy(() -> MastOptions.resolve(Map.of("token", "a", "tokenFile", f.toString()), Map.of()))
                .hasMessage("Options 'token' and 'tokenFile' were both given: use one of them");
    }

    @Test
    void theCredentialProviderGivesTheTokenUnderItsAlias() throws Exception {
        Path ks = dir.resolve("mast.jceks");
        Configuration conf = keystoreWith(ks, "mast.token", SECRET);
        keystoreWith(ks, "other.alias", "tok-other-alias");

        MastTokens.Resolved r = resolve(Map.of(), Map.of(), conf);
        assertThat(r.token()).isEqualTo(SECRET);
        assertThat(r.source()).isEqualTo(Source.CREDENTIAL_PROVIDER);
        assertThat(resolve(Map.of("tokenAlias", "other.alias"), Map.of(), conf).token())
                .isEqualTo("tok-other-alias");
        assertThat(resolve(Map.of(), Map.of("spark.mast.tokenAlias", "other.alias"), conf)
                        .token())
                .isEqualTo("tok-other-alias");

        assertThatThrownBy(() -> resolve(Map.of("tokenAlias", "nope"), Map.of(), conf))
                .hasMessage("Invalid value 'nope' for option 'tokenAlias': no such alias in the credential providers"
                        + " hadoop.security.credential.provider.path='jceks://file" + ks.toAbsolutePath()
                        + "'; create it with: hadoop credential create nope -provider <provider>");
        assertThatThrownBy(() -> resolve(Map.of("tokenAlias", "mast.token"), Map.of(), new Configuration()))
                .hasMessage(
                        "Invalid value 'mast.token' for option 'tokenAlias': no credential provider is configured;"
                                + " set the Hadoop setting hadoop.security.credential.provider.path"
                                + " (e.g. spark.hadoop.hadoop.security.credential.provider.path=jceks://hdfs/user/me/mast.jceks)");

        // A keystore without the default alias: no token from it, the environment is next.
        Configuration otherOnly = keystoreWith(dir.resolve("other.jceks"), "other.alias", "tok-other-alias");
        env.put("MAST_API_TOKEN", "tok-from-env");
        assertThat(resolve(Map.of(), Map.of(), otherOnly).source()).isEqualTo(Source.ENVIRONMENT);
    }

    @Test
    void aBrokenKeystoreIsAnErrorNamingTheProvider() throws Exception {
        Path ks = file("broken.jceks", "not a keystore");
        Configuration conf = providerConf(ks);
        assertThatThrownBy(() -> resolve(Map.of(), Map.of(), conf))
                .hasMessageStartingWith("Reading the MAST token (alias 'mast.token') from the credential providers"
                        + " hadoop.security.credential.provider.path='jceks://file" + ks.toAbsolutePath()
                        + "' failed: ")
                .hasMessageEndingWith("; check the keystore's path, permissions and password"
                        + " (HADOOP_CREDSTORE_PASSWORD or hadoop.security.credstore.java-keystore-provider"
                        + ".password-file)");
    }

    @Test
    void precedenceOptionThenFileThenSessionThenProviderThenEnvironment() throws Exception {
        Path f = file("token.txt", "tok-file");
        Path g = file("token2.txt", "tok-session-file");
        Configuration conf = keystoreWith(dir.resolve("p.jceks"), "mast.token", "tok-provider");
        env.put("MAST_API_TOKEN", "tok-env");
        Map<String, String> session = new HashMap<>(Map.of("spark.mast.token", "tok-session"));

        assertThat(resolve(Map.of("token", "tok-option"), session, conf))
                .isEqualTo(new MastTokens.Resolved("tok-option", Source.OPTION));
        assertThat(resolve(Map.of("tokenFile", f.toString()), session, conf))
                .isEqualTo(new MastTokens.Resolved("tok-file", Source.TOKEN_FILE_OPTION));
        assertThat(resolve(Map.of(), session, conf))
                .isEqualTo(new MastTokens.Resolved("tok-session", Source.SESSION_SUBMIT));
        assertThat(resolve(Map.of(), Map.of("spark.mast.tokenFile", g.toString()), conf))
                .isEqualTo(new MastTokens.Resolved("tok-session-file", Source.SESSION_TOKEN_FILE));
        assertThat(resolve(Map.of(), Map.of(), conf))
                .isEqualTo(new MastTokens.Resolved("tok-provider", Source.CREDENTIAL_PROVIDER));
        assertThat(resolve(Map.of(), Map.of(), new Configuration()))
                .isEqualTo(new MastTokens.Resolved("tok-env", Source.ENVIRONMENT));
        env.clear();
        assertThat(resolve(Map.of(), Map.of(), new Configuration()))
                .isEqualTo(new MastTokens.Resolved(null, Source.NONE));

        // Through MastOptions: the reader's tokenFile beats the session's token, whose key no longer counts.
        MastOptions o = MastOptions.resolve(Map.of("tokenFile", f.toString()), session);
        assertThat(o.get(MastOptions.TOKEN)).isEqualTo("tok-file");
    }

    @Test
    void aRuntimeSessionTokenIsWarnedAboutOncePerJvmWithoutItsValue() {
        List<String> warnings = new ArrayList<>();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        AbstractAppender capture = new AbstractAppender("token-warnings", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                if (event.getLevel().isMoreSpecificThan(Level.WARN)
                        && event.getLoggerName().equals(MastTokens.class.getName())) {
                    warnings.add(event.getMessage().getFormattedMessage());
                }
            }
        };
        capture.start();
        ctx.getConfiguration().getRootLogger().addAppender(capture, Level.ALL, null);
        ctx.updateLoggers();
        try {
            Map<String, String> session = Map.of("spark.mast.token", SECRET);
            // Given at submit (in the SparkContext's settings): no warning.
            assertThat(MastTokens.resolve(Map.of(), session, session, null).source())
                    .isEqualTo(Source.SESSION_SUBMIT);
            assertThat(warnings).isEmpty();
            // Set at run time: a warning, once.
            assertThat(MastTokens.resolve(Map.of(), session, Map.of(), null).source())
                    .isEqualTo(Source.SESSION_RUNTIME);
            assertThat(MastTokens.resolve(Map.of(), session, Map.of("spark.mast.token", "tok-other"), null)
                            .source())
                    .isEqualTo(Source.SESSION_RUNTIME);
            assertThat(warnings)
                    .containsExactly("The MAST token comes from 'spark.mast.token' set in the session at run time"
                            + " (spark.conf().set or SQL SET): Spark writes run-time settings into the event log of"
                            + " every later job, where only spark.redaction.regex (default matching 'token') hides"
                            + " the value. Prefer option 'tokenFile', a Hadoop credential provider (alias"
                            + " 'mast.token') or the environment variable MAST_API_TOKEN (see README, Security)");
        } finally {
            ctx.getConfiguration().getRootLogger().removeAppender("token-warnings");
            ctx.updateLoggers();
            capture.stop();
        }
    }

    @Test
    void theEnvironmentVariableIsTheLastResort() {
        env.put("MAST_API_TOKEN", " " + SECRET + " ");
        assertThat(MastOptions.resolve(Map.of(), Map.of()).get(MastOptions.TOKEN))
                .isEqualTo(SECRET);
        assertThat(MastOptions.resolve(Map.of("token", "tok-option"), Map.of()).get(MastOptions.TOKEN))
                .isEqualTo("tok-option");
    }

    @Test
    void santaNeverGetsTheToken() {
        MastOptions o = MastOptions.resolve(Map.of("token", SECRET, "baseUrl", "http://127.0.0.1:1"), Map.of());
        assertThat(o.clientConfig().hasToken()).isTrue();
        assertThat(o.resolverConfig().hasToken()).isFalse();
    }

    @Test
    void aTokenThatWouldBreakTheCookieHeaderIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> MastOptions.resolve(Map.of("token", "abc;evil=1"), Map.of()))
                .hasMessage("The MAST token from option 'token' contains a space, a control character, ';' or ','"
                        + " (not shown): expected the token alone, one word");
    }
}
