package org.mastspark.connector.client.cutout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.stub.RecordedStub;
import org.mastspark.connector.stub.RecordedStub.Answer;

/**
 * The cutout client against MAST's recorded answers (astroquery's test data) served by a local stub: the
 * requests it sends, the zips unpacked member by member into files named from their headers, no-result
 * answers, retries, and sizes refused before anything is sent.
 */
class CutoutClientRecordedTest {
    private static final String NO_FFIS = "No FFIs found for input target. Cutout not performed.";

    @TempDir
    Path dir;

    private RecordedStub stub;
    private final List<String> permits = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() {
        stub = new RecordedStub();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private CutoutClient client() {
        RequestPermits recording = service -> {
            permits.add("acquire " + service);
            return () -> permits.add("release " + service);
        };
        return new CutoutClient(stub.quickRetries(), recording, new ClientMetrics());
    }

    /**
     * A sink writing each member to {@code part-<n>} in the test's directory, then renaming it to the name
     * the client made; it records what it was told.
     */
    private final class DirSink implements CutoutClient.Sink {
        final List<String> events = new ArrayList<>();

        @Override
        public OutputStream open(int ordinal) throws IOException {
            events.add("open " + ordinal);
            return Files.newOutputStream(dir.resolve("part-" + ordinal));
        }

        @Override
        public void completed(CutoutMember m) throws IOException {
            events.add("completed " + m.ordinal() + " " + m.fileName());
            Files.move(dir.resolve("part-" + m.ordinal()), dir.resolve(m.fileName()));
        }

        @Override
        public void abandon(int ordinal) throws IOException {
            events.add("abandon " + ordinal);
            Files.deleteIfExists(dir.resolve("part-" + ordinal));
        }
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void sectorsAreReadFromTheRecordedAnswer() {
        stub.onFile("/tesscut/api/v0.1/sector", "tess_sector.json");

        assertThat(client().sectors(107.27, -70.0, 0)).containsExactly(new TessSector("tess-s0001-1-3", 1, 1, 3));

        RecordedStub.Request r = stub.requests().get(0);
        assertThat(List.of(r.method(), r.contentType(), r.body()))
                .containsExactly(
                        "POST", "application/x-www-form-urlencoded; charset=UTF-8", "ra=107.27&dec=-70.0&radius=0.0");
        assertThat(permits).containsExactly("acquire tesscut", "release tesscut");
    }

    @Test
    void movingTargetSectorsSendTheNameAndType() {
        stub.onFile("/tesscut/api/v0.1/moving_target/sector", "tess_sector.json");

        assertThat(client().movingTargetSectors("2000 AB", "smallbody"))
                .containsExactly(new TessSector("tess-s0001-1-3", 1, 1, 3));
        assertThat(stub.requests().get(0).body()).isEqualTo("obj_id=2000%20AB&obj_type=smallbody");
    }

    @Test
    void movingTargetNamesArePercentEncodedKeepingOnlyUnreservedCharacters() {
        stub.onFile("/tesscut/api/v0.1/moving_target/sector", "tess_sector.json");

        client().movingTargetSectors("a b/c:d+e%f&g=h\u00e9~", null);

        assertThat(stub.requests().get(0).body()).isEqualTo("obj_id=a%20b%2Fc%3Ad%2Be%25f%26g%3Dh%C3%A9~");
    }

    @Test
    void theRecordedTesscutZipIsUnpackedToAFileNamedFromItsHeader() throws Exception {
        byte[] zip = Recorded.bytes(Recorded.TESS_ZIP);
        byte[] tpf = Recorded.tessTpf();
        stub.on("/tesscut/api/v0.1/astrocut", r -> new Answer(200, zip));
        DirSink sink = new DirSink();

        CutoutResult result = client().tesscut(107.27, -70.0, CutoutSize.parse("5"), null, sink);

        String name = "tess-s0001-4-3_107.270000_-70.000000_5x5_astrocut.fits";
        assertThat(result).isInstanceOf(CutoutResult.Files.class);
        CutoutResult.Files files = (CutoutResult.Files) result;
        assertThat(files.attempts()).isEqualTo(1);
        assertThat(files.members()).hasSize(1);
        CutoutMember m = files.members().get(0);
        assertThat(List.of(m.ordinal(), m.fileName(), m.bytes(), m.sha256()))
                .containsExactly(0, name, (long) tpf.length, sha256(tpf));
        assertThat(m.header().camera()).isEqualTo(4);
        assertThat(sink.events).containsExactly("open 0", "completed 0 " + name);
        assertThat(files()).containsExactly(name);
        assertThat(Files.readAllBytes(dir.resolve(name))).isEqualTo(tpf);

        RecordedStub.Request r = stub.requests().get(0);
        assertThat(List.of(r.method(), r.query())).containsExactly("GET", "ra=107.27&dec=-70.0&y=5&x=5&units=px");
    }

    @Test
    void sectorAndAngularSizeAreSentAsAstroquerySendsThem() {
        stub.on("/tesscut/api/v0.1/astrocut", r -> new Answer(200, Recorded.bytes(Recorded.TESS_ZIP)));

        client().tesscut(107.27, -70.0, CutoutSize.parse("5arcmin"), 1, new DirSink());

        assertThat(stub.requests().get(0).query())
                .isEqualTo("ra=107.27&dec=-70.0&y=0.08333333333333333&x=0.08333333333333333&units=d&sector=1");
    }

    /** Member names are never used: a zip whose members are named to escape the directory lands inside it. */
    @Test
    void hostileMemberNamesAreNotUsed() throws Exception {
        byte[] tpf = Recorded.tessTpf();
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("../../escape.fits", tpf);
        members.put("/etc/passwd", tpf);
        stub.on("/tesscut/api/v0.1/astrocut", r -> new Answer(200, Recorded.zip(members)));

        CutoutResult.Files files =
                (CutoutResult.Files) client().tesscut(107.27, -70.0, CutoutSize.parse("5"), null, new DirSink());

        assertThat(files.members().stream().map(CutoutMember::fileName))
                .containsExactly(
                        "tess-s0001-4-3_107.270000_-70.000000_5x5_astrocut.fits",
                        "tess-s0001-4-3_107.270000_-70.000000_5x5_astrocut_2.fits");
        assertThat(files())
                .containsExactly(
                        "tess-s0001-4-3_107.270000_-70.000000_5x5_astrocut.fits",
                        "tess-s0001-4-3_107.270000_-70.000000_5x5_astrocut_2.fits");
        assertThat(dir.resolve("../../escape.fits").normalize()).doesNotExist();
    }

    @Test
    void aNoResultMessageIsAnOutcomeNotAnException() {
        stub.on("/tesscut/api/v0.1/astrocut", r -> Answer.ok("{\"msg\": \"Target is not in any TESS sector.\"}"));

        CutoutResult result = client().tesscut(0.5, 89.0, CutoutSize.parse("5"), null, new DirSink());

        assertThat(result).isEqualTo(new CutoutResult.NoResult("Target is not in any TESS sector.", 1));
        assertThat(stub.requests()).hasSize(1);
    }

    /** "No FFIs found" is asked again (a sector being cubed), then reported with the attempts made. */
    @Test
    void noFfisFoundIsRetriedThenANoResult() {
        stub.on("/tesscut/api/v0.1/astrocut", r -> Answer.ok("{\"msg\": \"" + NO_FFIS + "\"}"));

        CutoutResult result = client().tesscut(107.27, -70.0, CutoutSize.parse("5"), 1, new DirSink());

        assertThat(result).isEqualTo(new CutoutResult.NoResult(NO_FFIS, 3));
        assertThat(stub.requests()).hasSize(3);
        assertThat(permits).hasSize(6).containsOnly("acquire tesscut", "release tesscut");
    }

    @Test
    void theNoFfisAttemptsCanBeSet() {
        stub.on("/tesscut/api/v0.1/astrocut", r -> Answer.ok("{\"msg\": \"" + NO_FFIS + "\"}"));

        CutoutResult result =
                client().withNoFfisAttempts(1).tesscut(107.27, -70.0, CutoutSize.parse("5"), 1, new DirSink());

        assertThat(result).isEqualTo(new CutoutResult.NoResult(NO_FFIS, 1));
        assertThat(stub.requests()).hasSize(1);
        assertThatThrownBy(() -> client().withNoFfisAttempts(7))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value '7' for option 'noFfisAttempts': expected 1 to maxAttempts (6)");
    }

    @Test
    void noFfisFoundThenTheCutoutSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        byte[] zip = Recorded.bytes(Recorded.TESS_ZIP);
        stub.on(
                "/tesscut/api/v0.1/astrocut",
                r -> calls.incrementAndGet() == 1 ? Answer.ok("{\"msg\": \"" + NO_FFIS + "\"}") : new Answer(200, zip));

        CutoutResult result = client().tesscut(107.27, -70.0, CutoutSize.parse("5"), 1, new DirSink());

        assertThat(result.attempts()).isEqualTo(2);
        assertThat(((CutoutResult.Files) result).members()).hasSize(1);
    }

    @Test
    void a503IsRetried() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        byte[] zip = Recorded.bytes(Recorded.TESS_ZIP);
        stub.on(
                "/tesscut/api/v0.1/astrocut",
                r -> calls.incrementAndGet() == 1 ? new Answer(503, "busy".getBytes()) : new Answer(200, zip));

        CutoutResult result = client().tesscut(107.27, -70.0, CutoutSize.parse("5"), null, new DirSink());

        assertThat(result.attempts()).isEqualTo(2);
        assertThat(files()).containsExactly("tess-s0001-4-3_107.270000_-70.000000_5x5_astrocut.fits");
        assertThat(permits).containsExactly("acquire tesscut", "release tesscut", "acquire tesscut", "release tesscut");
    }

    /** A body whose bytes do not match the zip's CRC is not a file: abandoned, and asked again. */
    @Test
    void aCorruptMemberIsAbandonedAndAskedAgain() throws IOException {
        byte[] tpf = Recorded.tessTpf();
        byte[] good = Recorded.zip(Map.of("a.fits", tpf));
        // a stored (uncompressed) zip whose data has one byte changed after the CRC was computed
        byte[] stored = storedZip("a.fits", tpf);
        int at = indexOf(stored, "SIMPLE".getBytes()) + 2000;
        stored[at] ^= 1;
        AtomicInteger calls = new AtomicInteger();
        stub.on("/tesscut/api/v0.1/astrocut", r -> new Answer(200, calls.incrementAndGet() == 1 ? stored : good));
        DirSink sink = new DirSink();

        CutoutResult result = client().tesscut(107.27, -70.0, CutoutSize.parse("5"), null, sink);

        assertThat(result.attempts()).isEqualTo(2);
        String name = "tess-s0001-4-3_107.270000_-70.000000_5x5_astrocut.fits";
        assertThat(sink.events).containsExactly("open 0", "abandon 0", "open 0", "completed 0 " + name);
        assertThat(files()).containsExactly(name);
        assertThat(Files.readAllBytes(dir.resolve(name))).isEqualTo(tpf);
    }

    @Test
    void sizesAboveThePixelLimitAreRefusedBeforeSending() {
        assertThatThrownBy(() -> client().tesscut(107.27, -70.0, CutoutSize.parse("120x120"), null, new DirSink()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value '120x120' for 'size': 14400 pixels is above MAST's limit of 10000 pixels"
                        + " per TESScut cutout; use a smaller size (at most 10000 pixels, e.g. '100x100')");
        assertThat(stub.requests()).isEmpty();
        assertThat(permits).isEmpty();
    }

    @Test
    void surveysAreReadFromTheRecordedAnswer() {
        stub.onFile("/zcut/api/v0.1/survey", "zcut_survey.json");

        assertThat(client().surveys(189.49206, 62.20615, 0))
                .containsExactly("candels_gn_60mas", "candels_gn_30mas", "goods_north");
        assertThat(stub.requests().get(0).body()).isEqualTo("ra=189.49206&dec=62.20615&radius=0.0");
    }

    @Test
    void theRecordedZcutFitsZipIsNamedFromTheSurveyAndHeader() throws Exception {
        stub.onFile("/zcut/api/v0.1/survey", "zcut_survey.json");
        byte[] zip = Recorded.bytes(Recorded.ZCUT_FITS_ZIP);
        stub.on("/zcut/api/v0.1/astrocut", r -> new Answer(200, zip));
        CutoutClient client = client();

        CutoutResult result =
                client.zcut(189.49206, 62.20615, CutoutSize.parse("100"), "candels_gn_30mas", "fits", new DirSink());

        assertThat(((CutoutResult.Files) result).members().get(0).fileName())
                .isEqualTo("candels_gn_30mas_189.492060_62.206150_100x100_astrocut.fits");
        assertThat(Files.readAllBytes(dir.resolve("candels_gn_30mas_189.492060_62.206150_100x100_astrocut.fits")))
                .isEqualTo(Recorded.members(zip).values().iterator().next());
        assertThat(stub.requests().stream().map(r -> r.path() + " " + r.query()))
                .containsExactly(
                        "/zcut/api/v0.1/survey null",
                        "/zcut/api/v0.1/astrocut ra=189.49206&dec=62.20615&y=100&x=100&units=px&survey=candels_gn_30mas"
                                + "&cutout_format=fits");

        // the survey list of the position is asked once per client
        client.zcut(189.49206, 62.20615, CutoutSize.parse("100"), "goods_north", "fits", new DirSink());
        assertThat(stub.requests()).hasSize(3);
    }

    @Test
    void theRecordedJpgZipGivesOneImagePerBand() throws Exception {
        stub.on("/zcut/api/v0.1/astrocut", r -> new Answer(200, Recorded.bytes(Recorded.ZCUT_JPG_ZIP)));

        CutoutResult.Files files = (CutoutResult.Files)
                client().zcut(189.49206, 62.20615, CutoutSize.parse("100"), null, "jpg", new DirSink());

        List<byte[]> jpgs = new ArrayList<>(
                Recorded.members(Recorded.bytes(Recorded.ZCUT_JPG_ZIP)).values());
        assertThat(files.members().stream().map(CutoutMember::fileName))
                .containsExactly(
                        "zcut_189.492060_62.206150_100x100px_1.jpg",
                        "zcut_189.492060_62.206150_100x100px_2.jpg",
                        "zcut_189.492060_62.206150_100x100px_3.jpg");
        for (int i = 0; i < 3; i++) {
            assertThat(Files.readAllBytes(dir.resolve("zcut_189.492060_62.206150_100x100px_" + (i + 1) + ".jpg")))
                    .isEqualTo(jpgs.get(i));
        }
        assertThat(stub.requests().get(0).query()).endsWith("&cutout_format=jpg");
    }

    @Test
    void anUnknownSurveyIsRefusedNamingTheSurveysThere() {
        stub.onFile("/zcut/api/v0.1/survey", "zcut_survey.json");

        assertThatThrownBy(() ->
                        client().zcut(189.49206, 62.20615, CutoutSize.parse("100"), "hudf", "fits", new DirSink()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value 'hudf' for 'survey': Zcut has no such survey at 189.49206, 62.20615; the"
                        + " surveys there are candels_gn_60mas, candels_gn_30mas, goods_north");
        assertThat(stub.requests().stream().map(RecordedStub.Request::path)).containsExactly("/zcut/api/v0.1/survey");
        assertThatThrownBy(
                        () -> client().zcut(189.49206, 62.20615, CutoutSize.parse("100"), null, "gif", new DirSink()))
                .hasMessage("Invalid value 'gif' for 'format': expected fits, jpg or png");
    }

    /** Hapcut takes x before y (astroquery's GET), and a JSON message with no results is a no-result outcome. */
    @Test
    void hapcutSendsXBeforeYAndReportsMissingFiles() {
        String msg = "Missing HAP files for input target. Cutout not performed.";
        stub.on("/hapcut/api/v0.1/astrocut", r -> Answer.ok("{\"msg\": \"" + msg + "\", \"results\": []}"));

        CutoutResult result = client().hapcut(102.7, 70.5, CutoutSize.parse("2x3"), new DirSink());

        assertThat(result).isEqualTo(new CutoutResult.NoResult(msg, 1));
        assertThat(stub.requests().get(0).query()).isEqualTo("ra=102.7&dec=70.5&x=3&y=2&units=px");
    }

    private static byte[] storedZip(String name, byte[] data) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(bytes)) {
            java.util.zip.ZipEntry e = new java.util.zip.ZipEntry(name);
            e.setMethod(java.util.zip.ZipEntry.STORED);
            e.setSize(data.length);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(data);
            e.setCrc(crc.getValue());
            out.putNextEntry(e);
            out.write(data);
            out.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
