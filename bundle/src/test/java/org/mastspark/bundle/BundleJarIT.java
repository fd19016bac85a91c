package org.mastspark.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Checks the built bundle jar (after {@code package}, before it is installed or deployed): what a cluster gets from
 * {@code --jars} or {@code --packages}. Shared by both bundle modules; the jar and its dependency-reduced POM are
 * passed by failsafe as the system properties {@code bundle.jar} and {@code bundle.pom}.
 */
class BundleJarIT {

    private static final String SHADED = "org/mastspark/shaded/";

    /** Packages a cluster brings itself; a copy in the bundle would shadow or clash with the cluster's. */
    private static final List<String> FOREIGN =
            List.of("org/apache/spark/", "scala/", "org/apache/hadoop/", "org/slf4j/", "software/amazon/", "com/");

    private static JarFile jar;
    private static List<String> entries;

    @BeforeAll
    static void open() throws IOException {
        jar = new JarFile(Path.of(property("bundle.jar")).toFile());
        entries = Collections.list(jar.entries()).stream()
                .map(ZipEntry::getName)
                .filter(name -> !name.endsWith("/"))
                .toList();
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("System property '" + name + "' is unset: this test checks the built "
                    + "bundle and runs in failsafe after package (./mvnw -pl bundle -am verify)");
        }
        return value;
    }

    @AfterAll
    static void close() throws IOException {
        jar.close();
    }

    /** Multi-release entries are checked by the path the JVM looks them up by. */
    private static String unversioned(String name) {
        return name.startsWith("META-INF/versions/") ? name.replaceFirst("^META-INF/versions/[0-9]+/", "") : name;
    }

    @Test
    void noUnrelocatedLibraryAndNothingTheClusterShips() {
        List<String> foreign = entries.stream()
                .map(BundleJarIT::unversioned)
                .filter(name -> name.startsWith("org/apache/hc/")
                        || name.startsWith("com/fasterxml/")
                        || name.startsWith("nom/tam/")
                        || FOREIGN.stream().anyMatch(name::startsWith))
                .toList();
        assertThat(foreign).isEmpty();
    }

    @Test
    void everyClassIsOursOrRelocatedUnderOurs() {
        Set<String> packages = new TreeSet<>();
        for (String name : entries) {
            String path = unversioned(name);
            if (path.endsWith(".class") && !path.startsWith("META-INF/")) {
                String[] parts = path.split("/");
                packages.add(
                        path.startsWith(SHADED + "nom/")
                                ? String.join("/", parts[0], parts[1], parts[2], parts[3], parts[4])
                                : path.startsWith(SHADED)
                                        ? String.join("/", parts[0], parts[1], parts[2], parts[3], parts[4], parts[5])
                                        : String.join("/", parts[0], parts[1], parts[2]));
            }
        }
        assertThat(packages)
                .containsExactly(
                        "org/mastspark/connector",
                        "org/mastspark/shaded/com/fasterxml/jackson",
                        "org/mastspark/shaded/nom/tam",
                        "org/mastspark/shaded/org/apache/hc",
                        "org/mastspark/udfs");
    }

    @Test
    void resourcesOutsideMetaInfAreTheConnectorsSchemasAndHttpClientsOwn() {
        List<String> resources = entries.stream()
                .filter(name -> !name.endsWith(".class") && !name.startsWith("META-INF/"))
                .sorted()
                .toList();
        assertThat(resources)
                .containsExactly(
                        // nom-tam-fits' licence (The Unlicense), kept where its jar has it
                        "LICENSE.txt",
                        "org/mastspark/connector/schema/catalogs.tsv",
                        "org/mastspark/connector/schema/datasets.tsv",
                        // HttpCore's VersionInfo reads these beside its (relocated) classes.
                        "org/mastspark/shaded/org/apache/hc/client5/version.properties",
                        "org/mastspark/shaded/org/apache/hc/core5/version.properties",
                        // httpclient5 loads it by this path; relocation leaves resource paths outside its
                        // package alone.
                        "org/publicsuffix/list/effective_tld_names.dat");
    }

    @Test
    void entryPointsAndRelocatedLibrariesArePresent() {
        assertThat(entries)
                .contains(
                        "org/mastspark/connector/MastTableProvider.class",
                        "org/mastspark/udfs/MastSparkExtensions.class",
                        "org/mastspark/shaded/org/apache/hc/client5/http/impl/classic/HttpClients.class",
                        "org/mastspark/shaded/org/apache/hc/client5/http/io/HttpClientConnectionManager.class",
                        "org/mastspark/shaded/org/apache/hc/core5/http/HttpEntity.class",
                        // httpcore5-h2: forgetting it made name resolution fail with ERROR rows (issue 13).
                        "org/mastspark/shaded/org/apache/hc/core5/http2/HttpVersionPolicy.class",
                        "org/mastspark/shaded/com/fasterxml/jackson/core/io/NumberInput.class",
                        "org/mastspark/shaded/com/fasterxml/jackson/databind/ObjectMapper.class",
                        "org/mastspark/shaded/com/fasterxml/jackson/annotation/JsonProperty.class",
                        // format("fits"): the source and the nom-tam-fits it parses headers with, relocated
                        "org/mastspark/connector/fits/FitsTableProvider.class",
                        "org/mastspark/shaded/nom/tam/fits/Header.class",
                        "org/mastspark/shaded/nom/tam/util/FitsInputStream.class");
    }

    /**
     * The libraries inside are the versions the connector is built and tested with, not the older ones Spark 3.5's
     * POMs bring (Jackson 2.15.2), which lack API the connector calls.
     */
    @Test
    void bundledLibrariesAreTheConnectorsVersions() throws IOException {
        String jackson = property("bundle.jackson.version");
        String httpclient = property("bundle.httpclient5.version");
        assertThat(version("com.fasterxml.jackson.core/jackson-core")).isEqualTo(jackson);
        assertThat(version("com.fasterxml.jackson.core/jackson-databind")).isEqualTo(jackson);
        assertThat(version("org.apache.httpcomponents.client5/httpclient5")).isEqualTo(httpclient);
    }

    private static String version(String groupAndArtifact) throws IOException {
        return text("META-INF/maven/" + groupAndArtifact + "/pom.properties")
                .lines()
                .filter(line -> line.startsWith("version="))
                .map(line -> line.substring("version=".length()).trim())
                .findFirst()
                .orElse(null);
    }

    @Test
    void jacksonsJavaSpecificClassesAreRelocatedUnderTheirVersionDirectories() throws IOException {
        List<String> versioned = entries.stream()
                .filter(name -> name.startsWith("META-INF/versions/") && name.endsWith(".class"))
                .toList();
        assertThat(versioned)
                .isNotEmpty()
                .allMatch(name ->
                        name.matches("META-INF/versions/[0-9]+/org/mastspark/shaded/com/fasterxml/jackson/core/.*"));
        Manifest manifest = jar.getManifest();
        assertThat(manifest.getMainAttributes().getValue("Multi-Release")).isEqualTo("true");
    }

    @Test
    void serviceFilesRegisterTheSourceAndRelocatedJackson() throws IOException {
        List<String> services = entries.stream()
                .filter(name -> name.startsWith("META-INF/services/"))
                .sorted()
                .toList();
        assertThat(services)
                .containsExactly(
                        "META-INF/services/org.apache.spark.sql.sources.DataSourceRegister",
                        "META-INF/services/org.mastspark.shaded.com.fasterxml.jackson.core.JsonFactory",
                        "META-INF/services/org.mastspark.shaded.com.fasterxml.jackson.core.ObjectCodec",
                        // nom-tam-fits' (de)compressors, found by ServiceLoader under their relocated names
                        "META-INF/services/org.mastspark.shaded.nom.tam.fits.compress.ICompressProvider",
                        "META-INF/services/org.mastspark.shaded.nom.tam.fits.compression.provider.api.ICompressorProvider");
        assertThat(lines("META-INF/services/org.apache.spark.sql.sources.DataSourceRegister"))
                .containsExactly(
                        "org.mastspark.connector.MastTableProvider", "org.mastspark.connector.fits.FitsTableProvider");
        assertThat(lines("META-INF/services/org.mastspark.shaded.com.fasterxml.jackson.core.JsonFactory"))
                .containsExactly("org.mastspark.shaded.com.fasterxml.jackson.core.JsonFactory");
        assertThat(lines("META-INF/services/org.mastspark.shaded.com.fasterxml.jackson.core.ObjectCodec"))
                .containsExactly("org.mastspark.shaded.com.fasterxml.jackson.databind.ObjectMapper");
        assertThat(
                        lines(
                                "META-INF/services/org.mastspark.shaded.nom.tam.fits.compression.provider.api.ICompressorProvider"))
                .containsExactly("org.mastspark.shaded.nom.tam.fits.compression.provider.CompressorProvider");
        assertThat(lines("META-INF/services/org.mastspark.shaded.nom.tam.fits.compress.ICompressProvider"))
                .contains("org.mastspark.shaded.nom.tam.fits.compress.GZipCompressionProvider");
        assertThat(text("LICENSE.txt")).startsWith("The Unlicense");
    }

    @Test
    void licencesAndNoticesOfTheShadedLibrariesAreKept() throws IOException {
        assertThat(text("META-INF/LICENSE")).contains("Apache License").contains("Version 2.0, January 2004");
        assertThat(text("META-INF/NOTICE"))
                .contains("Apache HttpClient\nCopyright 1999-2021 The Apache Software Foundation")
                .contains("Apache HttpComponents Core HTTP/1.1")
                .contains("Apache HttpComponents Core HTTP/2")
                .contains("# Jackson JSON processor")
                .contains("jackson-core bundles a shaded copy of FastDoubleParser");
        assertThat(entries)
                .contains(
                        "META-INF/FastDoubleParser-LICENSE",
                        "META-INF/FastDoubleParser-NOTICE",
                        "META-INF/thirdparty-LICENSE");
    }

    /**
     * Every class's constant pool (class references, descriptors, and string constants used for reflection) names
     * HttpClient and Jackson only by their relocated names: a reference left unrelocated would load the cluster's
     * copy, or fail where there is none.
     */
    @Test
    void classesReferToTheLibrariesOnlyByTheirRelocatedNames() throws IOException {
        List<String> unrelocated = new ArrayList<>();
        int classes = 0;
        for (String name : entries) {
            if (!name.endsWith(".class")) {
                continue;
            }
            classes++;
            byte[] bytes;
            try (InputStream in = jar.getInputStream(jar.getEntry(name))) {
                bytes = in.readAllBytes();
            }
            for (String utf8 : utf8Constants(bytes)) {
                if (unrelocatedReference(utf8)) {
                    unrelocated.add(name + ": " + utf8);
                }
            }
        }
        assertThat(unrelocated).isEmpty();
        assertThat(classes).isGreaterThan(2000);
    }

    @Test
    void theScanFindsAnUnrelocatedReference() {
        assertThat(unrelocatedReference("Lorg/apache/hc/core5/http/HttpEntity;"))
                .isTrue();
        assertThat(unrelocatedReference("com.fasterxml.jackson.databind.ObjectMapper"))
                .isTrue();
        assertThat(unrelocatedReference("(Lcom/fasterxml/jackson/core/JsonParser;)V"))
                .isTrue();
        assertThat(unrelocatedReference("com.fasterxml.")).isTrue();
        assertThat(unrelocatedReference("(Lnom/tam/fits/Header;)V")).isTrue();
        assertThat(unrelocatedReference("Lorg/mastspark/shaded/nom/tam/fits/Header;"))
                .isFalse();
        assertThat(unrelocatedReference("Lorg/mastspark/shaded/org/apache/hc/core5/http/HttpEntity;"))
                .isFalse();
        assertThat(unrelocatedReference("org.mastspark.shaded.com.fasterxml.jackson.databind.ObjectMapper"))
                .isFalse();
    }

    private static boolean unrelocatedReference(String constant) {
        if (constant.contains(" ")) {
            // Prose (an error message naming a class, as databind's SimpleSerializers has), not a name the JVM or
            // reflection resolves: descriptors, internal names and class-name strings have no spaces.
            return false;
        }
        for (String library : List.of("org/apache/hc/", "com/fasterxml/", "nom/tam/")) {
            // Descriptors and internal names use '/', string constants for reflection use '.'.
            for (char separator : new char[] {'/', '.'}) {
                String name = library.replace('/', separator);
                String prefix = SHADED.replace('/', separator);
                for (int at = constant.indexOf(name); at >= 0; at = constant.indexOf(name, at + 1)) {
                    if (at < prefix.length() || !constant.startsWith(prefix, at - prefix.length())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Test
    void dependencyReducedPomListsNothingForIvyToFetch() throws Exception {
        Path pom = Path.of(property("bundle.pom"));
        Element project = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(pom.toFile())
                .getDocumentElement();
        List<String> fetched = new ArrayList<>();
        NodeList dependencies = project.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            if (dependency.getParentNode().getParentNode() != project) {
                continue; // dependencyManagement or a plugin's dependencies
            }
            String scope = child(dependency, "scope");
            if (!"test".equals(scope)) {
                fetched.add(child(dependency, "groupId") + ":" + child(dependency, "artifactId") + ":" + scope);
            }
        }
        assertThat(fetched).containsExactlyElementsOf(expectedProvided());
        assertThat(child(project, "artifactId")).isEqualTo(property("bundle.artifactId"));
    }

    private static List<String> expectedProvided() {
        String expected = System.getProperty("bundle.provided", "");
        return expected.isBlank() ? List.of() : List.of(expected.trim().split("\\s*,\\s*"));
    }

    private static String child(Element parent, String tag) {
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element element
                    && element.getTagName().equals(tag)) {
                return element.getTextContent().trim();
            }
        }
        return null;
    }

    private static String text(String entry) throws IOException {
        try (InputStream in = jar.getInputStream(jar.getEntry(entry))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        }
    }

    private static List<String> lines(String entry) throws IOException {
        return text(entry)
                .lines()
                .map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }

    /** The CONSTANT_Utf8 entries of a class file's constant pool (JVMS 4.4). */
    static List<String> utf8Constants(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        List<String> utf8 = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8.add(in.readUTF());
                case 7, 8, 16, 19, 20 -> in.skipBytes(2);
                case 15 -> in.skipBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    i++; // a long or double takes two slots
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at index " + i);
            }
        }
        return utf8;
    }
}
