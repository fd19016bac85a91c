package org.mastspark.connector.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The MAST client ({@code org.mastspark.connector.client}), the sky code ({@code ...sky}) and the option
 * registry ({@code ...options}) and the HATS catalog reader ({@code ...hats}) are plain Java,
 * usable without Spark (by the downloader, the emulator's tests, a future non-Spark client): no source file
 * of theirs, sub-packages included, may import Spark ({@code org.apache.spark}) or Scala ({@code scala.}); nor
 * may the shared text helpers ({@code ...text}). The client may use the sky code (positions, separations),
 * so the sky code must not use the client: no source file under {@code ...sky} names
 * {@code org.mastspark.connector.client}, which keeps the two packages free of a cycle.
 */
class ClientPackagesTest {
    private static final List<String> PACKAGES = List.of(
            "org/mastspark/connector/client",
            "org/mastspark/connector/sky",
            "org/mastspark/connector/text",
            "org/mastspark/connector/options",
            "org/mastspark/connector/hats");
    private static final Pattern FORBIDDEN =
            Pattern.compile("^\\s*import\\s+(?:static\\s+)?((?:org\\.apache\\.spark|scala)\\.[\\w.*]+)\\s*;");
    /**
     * A use of the client package in code: an import, or a qualified name in a statement (comment lines,
     * which do not make a dependency, are skipped by {@link #clientUses}).
     */
    private static final Pattern CLIENT = Pattern.compile("\\borg\\.mastspark\\.connector\\.client\\b[\\w.*]*");

    /** connector/src/main/java, from the module's base directory (Maven's {@code basedir}, else the working one). */
    static Path mainSources() {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path sources = base.resolve("src/main/java");
        if (!Files.isDirectory(sources.resolve("org/mastspark/connector"))) {
            sources = base.resolve("connector/src/main/java");
        }
        assertThat(sources.resolve("org/mastspark/connector/client"))
                .as("the connector's main sources under " + base)
                .isDirectory();
        return sources;
    }

    /** Every forbidden import in a package's files, as {@code path: import}. */
    static List<String> forbiddenImports(Path sources, String pkg) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources.resolve(pkg))) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                for (String line : Files.readAllLines(f)) {
                    Matcher m = FORBIDDEN.matcher(line);
                    if (m.find()) {
                        found.add(sources.relativize(f) + ": import " + m.group(1));
                    }
                }
            }
        }
        return found;
    }

    /** Every use of the client package in a package's files, as {@code path: name}. */
    static List<String> clientUses(Path sources, String pkg) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources.resolve(pkg))) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                for (String line : Files.readAllLines(f)) {
                    String code = line.strip();
                    if (code.startsWith("//") || code.startsWith("*") || code.startsWith("/*")) {
                        continue;
                    }
                    Matcher m = CLIENT.matcher(code);
                    while (m.find()) {
                        found.add(sources.relativize(f) + ": " + m.group());
                    }
                }
            }
        }
        return found;
    }

    @Test
    void theSkyPackageDoesNotUseTheClient() throws IOException {
        Path sources = mainSources();
        List<String> offenders = clientUses(sources, "org/mastspark/connector/sky");
        assertThat(offenders)
                .as(
                        "the sky package uses the MAST client, which uses the sky package (move the shared code to"
                                + " org.mastspark.connector.text or into sky):%n  %s",
                        String.join("\n  ", offenders))
                .isEmpty();
    }

    @Test
    void theScanFindsAUseOfTheClient() throws IOException {
        Path dir = Files.createTempDirectory("arch");
        Path pkg = dir.resolve("org/mastspark/connector/sky/zone");
        Files.createDirectories(pkg);
        Files.writeString(
                pkg.resolve("Bad.java"),
                "package org.mastspark.connector.sky.zone;\n\nimport java.util.List;\n"
                        + "import org.mastspark.connector.client.Echo;\n"
                        + "import static org.mastspark.connector.client.rows.MastType.*;\n"
                        + "/** Uses {@link org.mastspark.connector.client.Echo}, in a comment: no use. */\n"
                        + "class Bad {\n  // org.mastspark.connector.client.resolve.SantaClient in a comment\n"
                        + "  Object o = org.mastspark.connector.client.resolve.SantaClient.key(\"x\");\n}\n");
        assertThat(clientUses(dir, "org/mastspark/connector/sky"))
                .containsExactly(
                        "org/mastspark/connector/sky/zone/Bad.java: org.mastspark.connector.client.Echo",
                        "org/mastspark/connector/sky/zone/Bad.java: org.mastspark.connector.client.rows.MastType.*",
                        "org/mastspark/connector/sky/zone/Bad.java: org.mastspark.connector.client.resolve.SantaClient.key");
    }

    @Test
    void clientAndSkyPackagesImportNeitherSparkNorScala() throws IOException {
        Path sources = mainSources();
        List<String> offenders = new ArrayList<>();
        int files = 0;
        for (String pkg : PACKAGES) {
            try (Stream<Path> s = Files.walk(sources.resolve(pkg))) {
                files += (int) s.filter(p -> p.toString().endsWith(".java")).count();
            }
            offenders.addAll(forbiddenImports(sources, pkg));
        }
        assertThat(files).as("source files scanned").isGreaterThan(10);
        assertThat(offenders)
                .as(
                        "Spark/Scala imports in the MAST client and sky packages (move the code out of them):%n  %s",
                        String.join("\n  ", offenders))
                .isEmpty();
    }

    @Test
    void theScanFindsAForbiddenImport() throws IOException {
        Path dir = Files.createTempDirectory("arch");
        Path pkg = dir.resolve("org/mastspark/connector/sky/zone");
        Files.createDirectories(pkg);
        Files.writeString(
                pkg.resolve("Bad.java"),
                "package org.mastspark.connector.sky.zone;\n\nimport java.util.List;\n"
                        + "import org.apache.spark.sql.Row;\nimport static scala.Predef.println;\n"
                        + "// import org.apache.spark.sql.Dataset; in a comment is no import\nclass Bad {}\n");
        assertThat(forbiddenImports(dir, "org/mastspark/connector/sky"))
                .containsExactly(
                        "org/mastspark/connector/sky/zone/Bad.java: import org.apache.spark.sql.Row",
                        "org/mastspark/connector/sky/zone/Bad.java: import scala.Predef.println");
    }
}
