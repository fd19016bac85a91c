package org.mastspark.connector.client.cutout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.MastHttpException;
import org.mastspark.connector.client.download.DownloadClient;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.http.MastHttp;
import org.mastspark.connector.client.http.UrlEncoding;
import org.mastspark.connector.text.Echo;

/**
 * A client of MAST's cutout services: TESScut ({@code /tesscut/api/v0.1/}: {@code sector},
 * {@code moving_target/sector}, {@code astrocut}, {@code moving_target/astrocut}), Zcut
 * ({@code /zcut/api/v0.1/}: {@code survey}, {@code astrocut}) and Hapcut ({@code /hapcut/api/v0.1/astrocut}).
 *
 * <p><b>Requests.</b> Listings are form POSTs, cutouts GETs, with the parameters astroquery sends
 * ({@code ra}, {@code dec} in degrees; {@code y}, {@code x}, {@code units} from {@link CutoutSize}; Hapcut
 * with {@code x} before {@code y}, as astroquery sends it). Every attempt first takes a permit of the
 * {@link RequestPermits} (MAST allows 10 requests at once and 5 per second per user), held until the answer
 * is read to its end.
 *
 * <p><b>Retries.</b> 503 (waiting at least its {@code Retry-After}), 504 and the other statuses
 * {@link MastHttp} retries, connection failures and answers broken off part way are retried with exponential
 * backoff and jitter, at most {@link MastClientConfig#maxAttempts()} attempts. TESScut's "No FFIs found"
 * answer is transient while a sector is being cubed: it is asked again up to {@link #noFfisAttempts()} times,
 * then becomes a {@link CutoutResult.NoResult} with the message and the attempt count.
 *
 * <p><b>Answers.</b> A zip is read as it arrives and unpacked member by member into the caller's
 * {@link Sink} (nothing is held in memory but the first {@value CutoutFiles#HEAD_BYTES} bytes of a member, to
 * read its headers); each member's CRC-32 and size are checked by the unzipping and its SHA-256 computed.
 * Files are named from their own headers ({@link CutoutFiles}), never from member names. A 2xx JSON
 * {@code {"msg": ...}} is a {@link CutoutResult.NoResult}, never an exception.
 *
 * <p><b>Refused before sending</b> (IllegalArgumentException naming the field, the value and the fix):
 * sizes of zero or less, unknown units ({@link CutoutSize#parse}), a TESScut size above
 * {@value CutoutSize#MAX_PIXELS} pixels at 21 arcsec per pixel (a Zcut or Hapcut size in pixels above it),
 * a Zcut survey that is not among the surveys at the position, a Zcut format other than fits, jpg or png.
 *
 * <p>The token of the configuration, if any, goes to MAST's host only ({@link MastHttp}). No Spark imports.
 * Thread safe; one client per task is cheap (connections are pooled per JVM).
 */
public final class CutoutClient {
    /** The service names permits are taken for. */
    public static final String TESSCUT = "tesscut";

    public static final String ZCUT = "zcut";
    public static final String HAPCUT = "hapcut";

    static final String TESSCUT_PATH = "/tesscut/api/v0.1/";
    static final String ZCUT_PATH = "/zcut/api/v0.1/";
    static final String HAPCUT_PATH = "/hapcut/api/v0.1/";

    /** Text of TESScut's answer while a sector's cube is not ready (and for a target on no detector). */
    static final String NO_FFIS = "No FFIs found";

    /** Attempts for a "No FFIs found" answer by default (at most the configuration's attempts). */
    static final int DEFAULT_NO_FFIS_ATTEMPTS = 3;

    /** Positions whose Zcut survey list is kept, to check a survey without asking again. */
    private static final int SURVEY_CACHE = 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper(MastHttp.JSON);
    private static final int BUFFER = 64 * 1024;
    /**
     * Answers up to this size (8 MB; a 20 x 20 TESScut zip is about 1 MB) are read whole before they are
     * unpacked, so their permit returns as soon as MAST has sent them; larger ones are unpacked as they arrive,
     * under their permit.
     */
    static final int HELD_ANSWER_BYTES = 8 << 20;

    private final MastHttp http;
    private final RequestPermits permits;
    private final ClientMetrics metrics;
    private final int noFfisAttempts;
    private final int heldAnswerBytes;
    private final Map<String, List<String>> surveys = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<String>> eldest) {
            return size() > SURVEY_CACHE;
        }
    };

    /**
     * @param config where MAST is, timeouts, attempts, backoff, token
     * @param permits the limiter every request goes through ({@link RequestPermits#NONE} for none)
     * @param metrics counters of requests, retries and bytes
     */
    public CutoutClient(MastClientConfig config, RequestPermits permits, ClientMetrics metrics) {
        this(config, permits, metrics, Math.min(DEFAULT_NO_FFIS_ATTEMPTS, config.maxAttempts()), HELD_ANSWER_BYTES);
    }

    private CutoutClient(
            MastClientConfig config,
            RequestPermits permits,
            ClientMetrics metrics,
            int noFfisAttempts,
            int heldAnswerBytes) {
        this.http = MastHttp.shared(config);
        this.permits = permits;
        this.metrics = metrics;
        this.noFfisAttempts = noFfisAttempts;
        this.heldAnswerBytes = heldAnswerBytes;
    }

    /** This client, reading answers of up to {@code bytes} whole before unpacking them (tests: the large path). */
    CutoutClient withHeldAnswerBytes(int bytes) {
        return new CutoutClient(http.config(), permits, metrics, noFfisAttempts, Math.max(1, bytes));
    }

    /**
     * This client, asking a "No FFIs found" answer again up to {@code attempts} times in all.
     *
     * @throws IllegalArgumentException unless 1 to the configuration's {@code maxAttempts}
     */
    public CutoutClient withNoFfisAttempts(int attempts) {
        if (attempts < 1 || attempts > http.config().maxAttempts()) {
            throw new IllegalArgumentException("Invalid value '" + attempts + "' for option 'noFfisAttempts': expected"
                    + " 1 to maxAttempts (" + http.config().maxAttempts() + ")");
        }
        return new CutoutClient(http.config(), permits, metrics, attempts, heldAnswerBytes);
    }

    /** Attempts for a "No FFIs found" answer, the first included. */
    public int noFfisAttempts() {
        return noFfisAttempts;
    }

    /**
     * Where a cutout's files go. For each member of the answer the client {@linkplain #open opens} a stream,
     * writes the member's bytes, closes the stream, checks the member, then calls {@link #completed} with
     * its name and checksum. When the member turns out bad or the answer breaks off inside it, it calls
     * {@link #abandon} instead (and, for a broken answer, asks again: the members come again, with the same
     * ordinals). Exceptions a sink throws are not retried.
     */
    public interface Sink {
        /** A fresh destination for member {@code ordinal} (from 0) of the answer. */
        OutputStream open(int ordinal) throws IOException;

        /** Member {@code member.ordinal()} is whole and checked; its stream is closed. */
        void completed(CutoutMember member) throws IOException;

        /** What was written for member {@code ordinal} is not a whole, checked file: discard it. */
        void abandon(int ordinal) throws IOException;
    }

    // ---------------------------------------------------------------------------------------------- TESScut

    /**
     * The TESS sectors, cameras and CCDs whose full-frame images cover a position ({@code POST sector}).
     *
     * @param radiusDegrees how far from the position a sector may be and still count (0 for the position only)
     * @return the sectors in MAST's order; empty when the position is in no sector
     */
    public List<TessSector> sectors(double ra, double dec, double radiusDegrees) {
        String form = "ra=" + num(ra) + "&dec=" + num(dec) + "&radius=" + num(radiusDegrees);
        return sectorList("TESScut sector", TESSCUT_PATH + "sector", form);
    }

    /**
     * The TESS sectors a moving target's path crosses ({@code POST moving_target/sector}).
     *
     * @param objId the JPL Horizons name or number, e.g. "Eleonora"
     * @param objType {@code majorbody} or {@code smallbody}, or null to let MAST try both
     */
    public List<TessSector> movingTargetSectors(String objId, String objType) {
        String form = "obj_id=" + encode(requireText(objId, "objId"))
                + (objType == null ? "" : "&obj_type=" + encode(objType));
        return sectorList("TESScut moving_target/sector " + objId, TESSCUT_PATH + "moving_target/sector", form);
    }

    /**
     * A TESScut cutout around a position ({@code GET astrocut}): one target pixel file per sector, camera
     * and CCD covering it, or just the given sector's.
     *
     * @param sector the sector, or null for every sector covering the position
     * @throws IllegalArgumentException for a size above {@value CutoutSize#MAX_PIXELS} pixels, before sending
     */
    public CutoutResult tesscut(double ra, double dec, CutoutSize size, Integer sector, Sink sink) {
        size.requireWithinLimit(CutoutSize.TESS_ARCSEC_PER_PIXEL, "TESScut");
        String query =
                "ra=" + num(ra) + "&dec=" + num(dec) + sizeYx(size) + (sector == null ? "" : "&sector=" + sector);
        return cutout(
                TESSCUT,
                "TESScut astrocut " + num(ra) + " " + num(dec),
                TESSCUT_PATH + "astrocut?" + query,
                sink,
                (ordinal, h) -> CutoutFiles.tesscutName(h, sector));
    }

    /**
     * A TESScut cutout following a moving target ({@code GET moving_target/astrocut}): one path-focused target
     * pixel file per sector.
     *
     * @param objType {@code majorbody}, {@code smallbody}, or null
     * @param sector the sector, or null for all (MAST cuts every sector in one answer)
     */
    public CutoutResult movingTargetTesscut(String objId, String objType, CutoutSize size, Integer sector, Sink sink) {
        requireText(objId, "objId");
        size.requireWithinLimit(CutoutSize.TESS_ARCSEC_PER_PIXEL, "TESScut");
        String query = "obj_id=" + encode(objId) + (objType == null ? "" : "&obj_type=" + encode(objType))
                + sizeYx(size) + (sector == null ? "" : "&sector=" + sector);
        return cutout(
                TESSCUT,
                "TESScut moving_target/astrocut " + objId,
                TESSCUT_PATH + "moving_target/astrocut?" + query,
                sink,
                (ordinal, h) -> CutoutFiles.tesscutName(
                        h.object() != null || h.ra() != null ? h : withObject(h, objId), sector));
    }

    // ------------------------------------------------------------------------------------------------- Zcut

    /** The deep-field surveys Zcut has at a position ({@code POST survey}); empty when none. */
    public List<String> surveys(double ra, double dec, double radiusDegrees) {
        String form = "ra=" + num(ra) + "&dec=" + num(dec) + "&radius=" + num(radiusDegrees);
        List<String> list = send(ZCUT, "Zcut survey", () -> post(ZCUT_PATH + "survey", form), (body, attempt) -> {
            JsonNode root = json(body, "Zcut survey");
            List<String> out = new ArrayList<>();
            for (JsonNode s : root.path("surveys")) {
                out.add(s.asText());
            }
            return List.copyOf(out);
        });
        if (radiusDegrees == 0) {
            synchronized (surveys) {
                surveys.put(num(ra) + "," + num(dec), list);
            }
        }
        return list;
    }

    /**
     * A Zcut cutout ({@code GET astrocut}): one FITS file per survey (with a {@code CUTOUT} image per band),
     * or one jpg/png image per band.
     *
     * @param survey the survey, or null for every survey at the position; a survey is checked against the
     *     surveys at the position (asked once per position and client) before the cutout is asked
     * @param format {@code fits}, {@code jpg} or {@code png}
     * @throws IllegalArgumentException for a survey not at the position (naming those that are), a bad format,
     *     a size in pixels above {@value CutoutSize#MAX_PIXELS}
     */
    public CutoutResult zcut(double ra, double dec, CutoutSize size, String survey, String format, Sink sink) {
        String fmt = format == null ? "fits" : format.strip().toLowerCase(Locale.ROOT);
        if (!(fmt.equals("fits") || fmt.equals("jpg") || fmt.equals("png"))) {
            throw new IllegalArgumentException(
                    "Invalid value '" + Echo.of(format) + "' for 'format': expected fits, jpg or png");
        }
        if (size.inPixels()) {
            size.requireWithinLimit(1, "Zcut");
        }
        if (survey != null) {
            List<String> available;
            synchronized (surveys) {
                available = surveys.get(num(ra) + "," + num(dec));
            }
            if (available == null) {
                available = surveys(ra, dec, 0);
            }
            if (available.isEmpty()) {
                return new CutoutResult.NoResult(
                        "Coordinates are not in an available deep field survey (Zcut has no survey at " + num(ra) + ", "
                                + num(dec) + ")",
                        0);
            }
            if (!available.contains(survey)) {
                throw new IllegalArgumentException("Invalid value '" + Echo.of(survey) + "' for 'survey': Zcut has no"
                        + " such survey at " + num(ra) + ", " + num(dec) + "; the surveys there are "
                        + String.join(", ", available));
            }
        }
        String query = "ra=" + num(ra) + "&dec=" + num(dec) + sizeYx(size)
                + (survey == null ? "" : "&survey=" + encode(survey)) + "&cutout_format=" + fmt;
        boolean image = !fmt.equals("fits");
        int[] images = {0};
        return cutout(
                ZCUT,
                "Zcut astrocut " + num(ra) + " " + num(dec),
                ZCUT_PATH + "astrocut?" + query,
                sink,
                image ? null : (ordinal, h) -> CutoutFiles.zcutName(survey, h),
                image ? ordinal -> CutoutFiles.zcutImageName(survey, ra, dec, size, ++images[0], fmt) : null);
    }

    // ----------------------------------------------------------------------------------------------- Hapcut

    /**
     * A Hapcut cutout of Hubble Advanced Products ({@code GET astrocut}, {@code x} before {@code y} as astroquery
     * sends it; the service's axes are its own, so the file's size is read from its header).
     *
     * @throws IllegalArgumentException for a size in pixels above {@value CutoutSize#MAX_PIXELS}
     */
    public CutoutResult hapcut(double ra, double dec, CutoutSize size, Sink sink) {
        if (size.inPixels()) {
            size.requireWithinLimit(1, "Hapcut");
        }
        String query = "ra=" + num(ra) + "&dec=" + num(dec) + "&x=" + size.wireX() + "&y=" + size.wireY() + "&units="
                + size.wireUnits();
        return cutout(
                HAPCUT,
                "Hapcut astrocut " + num(ra) + " " + num(dec),
                HAPCUT_PATH + "astrocut?" + query,
                sink,
                (ordinal, h) -> CutoutFiles.hapcutName(h, ra, dec));
    }

    // ------------------------------------------------------------------------------------------- the wire

    /** Names a FITS member from its headers. */
    private interface FitsNamer {
        String name(int ordinal, CutoutFiles.CutoutHeader header);
    }

    /** Names an image member (no headers). */
    private interface ImageNamer {
        String name(int ordinal);
    }

    /** Reads a 2xx answer of one attempt. */
    private interface Reader<T> {
        T read(InputStream body, int attempt) throws IOException, Transient;
    }

    /** An answer worth asking again (TESScut's "No FFIs found"). */
    private static final class Transient extends Exception {
        private static final long serialVersionUID = 1L;

        Transient(String message) {
            super(message, null, false, false);
        }
    }

    private CutoutResult cutout(String service, String what, String pathAndQuery, Sink sink, FitsNamer namer) {
        return cutout(service, what, pathAndQuery, sink, namer, null);
    }

    private CutoutResult cutout(
            String service, String what, String pathAndQuery, Sink sink, FitsNamer fits, ImageNamer image) {
        return send(
                service,
                what,
                () -> new HttpGet(http.config().baseUrl() + pathAndQuery),
                (body, attempt) -> unpack(service, what, body, attempt, sink, fits, image));
    }

    /**
     * Sends a request until an attempt's answer is read, each attempt under a permit held until its answer is
     * read or abandoned.
     */
    private <T> T send(String service, String what, Supplier<ClassicHttpRequest> request, Reader<T> reader) {
        int max = http.config().maxAttempts();
        for (int attempt = 1; ; attempt++) {
            String failure;
            String retryAfter = null;
            try {
                byte[] whole;
                RequestPermits.Permit permit = permits.acquire(service);
                try {
                    permit.sending();
                    try (MastHttp.Response r = http.sendOnce(what, request.get(), metrics)) {
                        InputStream in = r.body();
                        byte[] head = in.readNBytes(heldAnswerBytes);
                        if (head.length == heldAnswerBytes) {
                            // a large answer: read on while MAST sends it, under the permit
                            return reader.read(
                                    new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(head), in),
                                    attempt);
                        }
                        whole = head;
                    }
                } finally {
                    permit.close();
                }
                // The whole answer is here and MAST is done with the request: its permit is back before the answer
                // is unpacked, checked and written, so another request can be at MAST meanwhile.
                return reader.read(new java.io.ByteArrayInputStream(whole), attempt);
            } catch (MastHttp.Retryable e) {
                if (e.status() > 0 && attempt >= max) {
                    throw new MastHttpException(what + " (after " + attempt + " attempts)", e.status(), e.detail());
                }
                failure = e.reason();
                retryAfter = e.retryAfter();
            } catch (IOException e) {
                failure = http.failure(e);
            } catch (Transient e) {
                failure = "MAST answered \"" + e.getMessage() + "\"";
            }
            http.waitBeforeRetry(what, attempt, retryAfter, failure, metrics);
        }
    }

    private CutoutResult unpack(
            String service,
            String what,
            InputStream body,
            int attempt,
            Sink sink,
            FitsNamer fitsNamer,
            ImageNamer imageNamer)
            throws IOException, Transient {
        BufferedInputStream in = new BufferedInputStream(body, BUFFER);
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 5 && magic[3] == 6) {
            return new CutoutResult.NoResult("MAST answered with a zip without files", attempt);
        }
        if (!(magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4)) {
            return noResult(service, what, in, attempt);
        }
        List<CutoutMember> members = new ArrayList<>();
        Set<String> names = new HashSet<>();
        ZipStream zip = new ZipStream(in);
        int ordinal = 0;
        for (InputStream member = zip.next(); member != null; member = zip.next()) {
            members.add(member(what, member, ordinal++, sink, fitsNamer, imageNamer, names));
        }
        // The central directory is left: read it (it is small) so that the connection can be used again.
        in.readNBytes(1 << 20);
        if (members.isEmpty()) {
            return new CutoutResult.NoResult("MAST answered with a zip without files", attempt);
        }
        return new CutoutResult.Files(members, attempt);
    }

    /**
     * Copies one member to the sink, checks it (the unzipping checks CRC-32 and size) and names it. A member
     * of zero bytes (a directory entry) is a file too: it fails to be named, as any member that is not FITS.
     */
    private static CutoutMember member(
            String what,
            InputStream zip,
            int ordinal,
            Sink sink,
            FitsNamer fitsNamer,
            ImageNamer imageNamer,
            Set<String> names)
            throws IOException {
        MessageDigest digest = DownloadClient.sha256();
        byte[] head = new byte[imageNamer != null ? 0 : CutoutFiles.HEAD_BYTES];
        int headLength = 0;
        long bytes = 0;
        OutputStream out = open(sink, ordinal);
        boolean done = false;
        try {
            byte[] buf = new byte[BUFFER];
            int n;
            while ((n = zip.read(buf)) >= 0) {
                if (n == 0) {
                    continue;
                }
                if (headLength < head.length) {
                    int k = Math.min(n, head.length - headLength);
                    System.arraycopy(buf, 0, head, headLength, k);
                    headLength += k;
                }
                try {
                    out.write(buf, 0, n);
                } catch (IOException e) {
                    throw new DownloadClient.SinkException(e);
                }
                digest.update(buf, 0, n);
                bytes += n;
            }
            try {
                out.close();
            } catch (IOException e) {
                throw new DownloadClient.SinkException(e);
            }
            String name;
            CutoutFiles.CutoutHeader header = null;
            if (imageNamer != null) {
                name = imageNamer.name(ordinal);
            } else {
                try {
                    header = CutoutFiles.read(head, headLength);
                    name = fitsNamer.name(ordinal, header);
                } catch (IOException | IllegalArgumentException e) {
                    throw new MastException(what + ": file " + (ordinal + 1) + " of the answer (" + bytes
                            + " bytes) cannot be named from its header: " + e.getMessage());
                }
            }
            String unique = name;
            for (int k = 2; !names.add(unique); k++) {
                unique = CutoutFiles.numbered(name, k);
            }
            CutoutMember m =
                    new CutoutMember(ordinal, unique, bytes, HexFormat.of().formatHex(digest.digest()), header);
            try {
                sink.completed(m);
            } catch (IOException e) {
                throw new DownloadClient.SinkException(e);
            }
            done = true;
            return m;
        } finally {
            if (!done) {
                try {
                    out.close();
                } catch (IOException e) {
                    // abandoned below
                }
                try {
                    sink.abandon(ordinal);
                } catch (IOException e) {
                    // the sink's own cleanup failed; the original failure matters more
                }
            }
        }
    }

    private static OutputStream open(Sink sink, int ordinal) {
        try {
            return sink.open(ordinal);
        } catch (IOException e) {
            throw new DownloadClient.SinkException(e);
        }
    }

    /** A 2xx answer that is not a zip: MAST's {@code {"msg": ...}}. */
    private CutoutResult noResult(String service, String what, InputStream in, int attempt)
            throws IOException, Transient {
        byte[] body = in.readNBytes(64 * 1024);
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject() || !root.path("msg").isTextual()) {
            throw new MastException(what + ": MAST answered neither a zip nor a JSON message: "
                    + snippet(new String(body, StandardCharsets.UTF_8)));
        }
        String msg = root.path("msg").asText();
        JsonNode results = root.path("results");
        if (results.isArray() && results.size() > 0) {
            // Hapcut: a message beside results is an error, not a null answer (astroquery re-raises)
            throw new MastException(what + ": MAST answered with results but no zip: " + snippet(msg));
        }
        if (service.equals(TESSCUT) && msg.contains(NO_FFIS) && attempt < noFfisAttempts) {
            throw new Transient(msg);
        }
        return new CutoutResult.NoResult(msg, attempt);
    }

    private List<TessSector> sectorList(String what, String path, String form) {
        return send(TESSCUT, what, () -> post(path, form), (body, attempt) -> {
            JsonNode root = json(body, what);
            List<TessSector> out = new ArrayList<>();
            for (JsonNode s : root.path("results")) {
                out.add(new TessSector(
                        s.path("sectorName").asText(),
                        integer(s, "sector", what),
                        integer(s, "camera", what),
                        integer(s, "ccd", what)));
            }
            return List.copyOf(out);
        });
    }

    private ClassicHttpRequest post(String path, String form) {
        HttpPost p = new HttpPost(http.config().baseUrl() + path);
        p.setEntity(
                new StringEntity(form, ContentType.APPLICATION_FORM_URLENCODED.withCharset(StandardCharsets.UTF_8)));
        return p;
    }

    private static JsonNode json(InputStream answer, String what) throws IOException {
        try (InputStream in = answer) {
            byte[] body = in.readAllBytes();
            try {
                JsonNode root = MAPPER.readTree(body);
                if (root != null && root.isObject()) {
                    return root;
                }
            } catch (IOException e) {
                // reported below
            }
            throw new MastException(what + ": MAST answered something that is not a JSON object: "
                    + snippet(new String(body, StandardCharsets.UTF_8)));
        }
    }

    private static int integer(JsonNode row, String field, String what) {
        String v = row.path(field).asText("").strip();
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new MastException(what + ": MAST sent '" + Echo.of(v) + "' as " + field + ", expected a number");
        }
    }

    private static CutoutFiles.CutoutHeader withObject(CutoutFiles.CutoutHeader h, String object) {
        return new CutoutFiles.CutoutHeader(
                h.sector(),
                h.camera(),
                h.ccd(),
                h.ra(),
                h.dec(),
                h.ny(),
                h.nx(),
                object,
                h.telescope(),
                h.instrument(),
                h.detector(),
                h.filter(),
                h.firstExtension());
    }

    /** {@code &y=..&x=..&units=..}: TESScut and Zcut send rows first. */
    private static String sizeYx(CutoutSize size) {
        return "&y=" + size.wireY() + "&x=" + size.wireX() + "&units=" + size.wireUnits();
    }

    /** A coordinate as Python's {@code repr} writes a float (astroquery's form). */
    static String num(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("Invalid coordinate '" + v + "': expected a finite number of degrees");
        }
        return Double.toString(v);
    }

    private static String requireText(String v, String field) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(
                    "Invalid value '" + v + "' for '" + field + "': expected a moving target's name, e.g. 'Eleonora'");
        }
        return v.strip();
    }

    /** Percent-encodes a query or form value as astroquery does ({@code quote(s, safe='')}). */
    private static String encode(String s) {
        return UrlEncoding.encode(s, "");
    }

    private static String snippet(String s) {
        String t = s.replaceAll("\\s+", " ").strip();
        return t.length() > 300 ? t.substring(0, 300) + "..." : t;
    }
}
