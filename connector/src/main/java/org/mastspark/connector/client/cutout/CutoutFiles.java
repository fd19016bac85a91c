package org.mastspark.connector.client.cutout;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;
import nom.tam.fits.TruncatedFileException;
import nom.tam.util.FitsInputStream;

/**
 * Names of cutout files, made from the FITS file's own header values, never from the names of the zip's
 * members (which MAST has changed three times, and which could hold anything, {@code ../} included): a name
 * holds only numbers read from the header and characters from {@code [A-Za-z0-9._+-]}, so a hostile member
 * name or header text cannot lead a file anywhere but into the directory the caller chose.
 *
 * <ul>
 *   <li>TESScut: {@code tess-s<SECTOR, 4 digits>-<CAMERA>-<CCD>_<RA_OBJ>_<DEC_OBJ>_<ny>x<nx>_astrocut.fits}
 *       (size from the {@code FLUX} column's {@code TDIM}); a moving target's file, which has no
 *       {@code RA_OBJ}, is {@code <OBJECT>_tess-s<SECTOR>-<CAMERA>-<CCD>_<ny>x<nx>_astrocut.fits}. TESScut
 *       files of 2018 leave {@code SECTOR} blank; then the sector is the one in the file's first
 *       {@code FFI_FILE} value ({@code tess2018206192942-s0001-4-3-0120-s_ffi}), else the one requested.
 *   <li>Zcut FITS: {@code <survey>_<RA_OBJ>_<DEC_OBJ>_<ny>x<nx>_astrocut.fits} (size from the first
 *       {@code CUTOUT} image); jpg and png have no header: {@code <survey>_<ra>_<dec>_<size>_<n>.jpg} from
 *       the request, {@code n} counting the images of the answer.
 *   <li>Hapcut: {@code hapcut_<TELESCOP>_<INSTRUME>_<DETECTOR>_<FILTER>_<RA_OBJ>_<DEC_OBJ>_<ny>x<nx>.fits}, the
 *       keywords present in the primary header (size from the first image extension).
 * </ul>
 *
 * <p>Coordinates are written with 6 decimals. Stateless.
 */
public final class CutoutFiles {
    /** Bytes of a member's start kept to read its headers (and a TPF's first row): headers, then one row. */
    static final int HEAD_BYTES = 1 << 20;

    private static final Pattern FFI_SECTOR = Pattern.compile("-s(\\d{4})-\\d-\\d-");
    private static final Pattern TDIM = Pattern.compile("\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");
    private static final Pattern TFORM = Pattern.compile("\\s*(\\d*)\\s*([LXBIJKAEDCMPQ])(.*)");
    private static final int MAX_TEXT = 64;

    private CutoutFiles() {}

    /**
     * What a cutout's headers say about it; a value absent from the header is null.
     *
     * @param sector {@code SECTOR} (or from {@code FFI_FILE}, see {@link CutoutFiles})
     * @param camera {@code CAMERA}
     * @param ccd {@code CCD}
     * @param ra {@code RA_OBJ}, degrees
     * @param dec {@code DEC_OBJ}, degrees
     * @param ny rows of the cutout: TESScut from {@code TDIM} of {@code FLUX}, else {@code NAXIS2} of the
     *     first image extension
     * @param nx columns, likewise
     * @param object {@code OBJECT} (moving targets), blank as null
     * @param telescope {@code TELESCOP}
     * @param instrument {@code INSTRUME}
     * @param detector {@code DETECTOR}
     * @param filter {@code FILTER}
     * @param firstExtension {@code EXTNAME} of the first extension ({@code PIXELS}, {@code CUTOUT}, {@code SCI})
     */
    public record CutoutHeader(
            Integer sector,
            Integer camera,
            Integer ccd,
            Double ra,
            Double dec,
            Integer ny,
            Integer nx,
            String object,
            String telescope,
            String instrument,
            String detector,
            String filter,
            String firstExtension)
            implements Serializable {}

    /**
     * Reads the headers of a cutout file from its start (the primary header, the first extension's header
     * and, for a target pixel file without {@code SECTOR}, the first row's {@code FFI_FILE}); stops there.
     *
     * @throws IOException when the stream is not a FITS file or ends inside a header
     */
    public static CutoutHeader read(InputStream in) throws IOException {
        FitsInputStream fits = new FitsInputStream(in);
        Header primary = header(fits, 0);
        fits.skipAllBytes(primary.getDataSize());
        Header ext;
        try {
            ext = header(fits, 1);
        } catch (EOFException e) {
            ext = null;
        }
        Integer sector = integer(primary, "SECTOR");
        Integer ny = null;
        Integer nx = null;
        String extname = ext == null ? null : text(ext, "EXTNAME");
        if (ext != null && "BINTABLE".equalsIgnoreCase(text(ext, "XTENSION"))) {
            int flux = column(ext, "FLUX");
            String tdim = flux > 0 ? text(ext, "TDIM" + flux) : null;
            Matcher m = tdim == null ? null : TDIM.matcher(tdim);
            if (m != null && m.matches()) {
                nx = Integer.valueOf(m.group(1));
                ny = Integer.valueOf(m.group(2));
            }
            if (sector == null) {
                sector = sectorFromFirstRow(fits, ext);
            }
        } else if (ext != null && integer(ext, "NAXIS") != null && integer(ext, "NAXIS") >= 2) {
            nx = integer(ext, "NAXIS1");
            ny = integer(ext, "NAXIS2");
        }
        return new CutoutHeader(
                sector,
                integer(primary, "CAMERA"),
                integer(primary, "CCD"),
                real(primary, "RA_OBJ"),
                real(primary, "DEC_OBJ"),
                ny,
                nx,
                text(primary, "OBJECT"),
                text(primary, "TELESCOP"),
                text(primary, "INSTRUME"),
                text(primary, "DETECTOR"),
                text(primary, "FILTER"),
                extname);
    }

    /** {@link #read(InputStream)} of a file's first bytes (what the client kept of a member). */
    static CutoutHeader read(byte[] head, int length) throws IOException {
        return read(new ByteArrayInputStream(head, 0, length));
    }

    /**
     * The name of a TESScut target pixel file.
     *
     * @param requestedSector the sector asked for, used when the file names none; null if none was asked
     * @throws IllegalArgumentException when the header lacks what the name needs (CAMERA, CCD, a sector,
     *     and RA_OBJ/DEC_OBJ or OBJECT), naming what is missing
     */
    public static String tesscutName(CutoutHeader h, Integer requestedSector) {
        Integer sector = h.sector() != null ? h.sector() : requestedSector;
        if (sector == null || h.camera() == null || h.ccd() == null) {
            throw new IllegalArgumentException("The TESScut file's primary header lacks "
                    + missing(
                            sector == null ? "SECTOR" : null,
                            h.camera() == null ? "CAMERA" : null,
                            h.ccd() == null ? "CCD" : null)
                    + " (and no sector was requested): it cannot be named from its header");
        }
        String ccd = String.format(Locale.ROOT, "tess-s%04d-%d-%d", sector, h.camera(), h.ccd());
        String size = size(h);
        if (h.ra() != null && h.dec() != null) {
            return ccd + "_" + coordinate(h.ra()) + "_" + coordinate(h.dec()) + size + "_astrocut.fits";
        }
        if (h.object() != null) {
            return safe(h.object()) + "_" + ccd + size + "_astrocut.fits";
        }
        throw new IllegalArgumentException("The TESScut file's primary header has neither RA_OBJ/DEC_OBJ nor OBJECT:"
                + " it cannot be named from its header");
    }

    /**
     * The name of a Zcut FITS file.
     *
     * @param survey the survey requested (Zcut's FITS header does not name it)
     */
    public static String zcutName(String survey, CutoutHeader h) {
        if (h.ra() == null || h.dec() == null) {
            throw new IllegalArgumentException(
                    "The Zcut file's primary header lacks RA_OBJ/DEC_OBJ: it cannot be named from its header");
        }
        return safe(survey == null ? "zcut" : survey) + "_" + coordinate(h.ra()) + "_" + coordinate(h.dec()) + size(h)
                + "_astrocut.fits";
    }

    /**
     * The name of a Zcut jpg or png image, which has no header: from the request.
     *
     * @param ordinal the image's place among the images of the answer, from 1
     */
    public static String zcutImageName(
            String survey, double ra, double dec, CutoutSize size, int ordinal, String format) {
        return safe(survey == null ? "zcut" : survey) + "_" + coordinate(ra) + "_" + coordinate(dec) + "_"
                + safe(size.wireY() + "x" + size.wireX() + size.wireUnits()) + "_" + ordinal + "."
                + safe(format.toLowerCase(Locale.ROOT));
    }

    /**
     * The name of a Hapcut FITS file.
     *
     * @param ra the requested position, used when the header has no RA_OBJ/DEC_OBJ
     */
    public static String hapcutName(CutoutHeader h, double ra, double dec) {
        StringBuilder sb = new StringBuilder("hapcut");
        for (String part : new String[] {h.telescope(), h.instrument(), h.detector(), h.filter()}) {
            if (part != null) {
                sb.append('_').append(safe(part));
            }
        }
        sb.append('_')
                .append(coordinate(h.ra() != null ? h.ra() : ra))
                .append('_')
                .append(coordinate(h.dec() != null ? h.dec() : dec))
                .append(size(h));
        return sb.append(".fits").toString();
    }

    /**
     * A second, third... file of one answer with the same name: {@code name_2.fits}, {@code name_3.fits}.
     */
    static String numbered(String name, int n) {
        int dot = name.indexOf('.', Math.max(0, name.lastIndexOf('_')));
        return dot < 0 ? name + "_" + n : name.substring(0, dot) + "_" + n + name.substring(dot);
    }

    private static String size(CutoutHeader h) {
        return h.ny() != null && h.nx() != null ? "_" + h.ny() + "x" + h.nx() : "";
    }

    private static String coordinate(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    /**
     * Header or request text made safe for a file name: letters, digits, {@code . _ + -} kept, anything
     * else (slashes, spaces, control characters) as {@code _}, no leading dot, at most {@value #MAX_TEXT}
     * characters.
     */
    static String safe(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < MAX_TEXT; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '+'
                    || c == '-';
            sb.append(ok ? c : '_');
        }
        while (sb.length() > 0 && sb.charAt(0) == '.') {
            sb.setCharAt(0, '_');
        }
        return sb.length() == 0 ? "_" : sb.toString();
    }

    private static String missing(String... keys) {
        StringBuilder sb = new StringBuilder();
        for (String k : keys) {
            if (k != null) {
                sb.append(sb.length() == 0 ? "" : ", ").append(k);
            }
        }
        return sb.toString();
    }

    private static Header header(FitsInputStream in, int index) throws IOException {
        try {
            Header h = Header.readHeader(in);
            if (h == null) {
                throw new EOFException("no header " + index);
            }
            return h;
        } catch (TruncatedFileException e) {
            if (index > 0) {
                throw new EOFException("no header " + index);
            }
            throw new IOException("not a FITS file: the primary header ends before its END card", e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IOException("not a FITS file: " + e.getMessage(), e);
        }
    }

    /** The number (1-based) of the column named {@code name}, or 0. */
    private static int column(Header h, String name) {
        Integer n = integer(h, "TFIELDS");
        for (int i = 1; n != null && i <= n; i++) {
            if (name.equalsIgnoreCase(text(h, "TTYPE" + i))) {
                return i;
            }
        }
        return 0;
    }

    /** The sector in the first row's {@code FFI_FILE}, or null when there is none (or it is past the head). */
    private static Integer sectorFromFirstRow(FitsInputStream in, Header ext) throws IOException {
        int col = column(ext, "FFI_FILE");
        Integer rows = integer(ext, "NAXIS2");
        if (col == 0 || rows == null || rows < 1) {
            return null;
        }
        long offset = 0;
        for (int i = 1; i < col; i++) {
            long w = width(text(ext, "TFORM" + i));
            if (w < 0) {
                return null;
            }
            offset += w;
        }
        long len = width(text(ext, "TFORM" + col));
        if (len <= 0 || len > 1024) {
            return null;
        }
        byte[] value = new byte[(int) len];
        try {
            in.skipAllBytes(offset);
            in.readFully(value);
        } catch (EOFException e) {
            return null;
        }
        Matcher m = FFI_SECTOR.matcher(new String(value, StandardCharsets.US_ASCII));
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    /** Bytes per row of a TFORM, or -1 when unreadable. */
    private static long width(String tform) {
        if (tform == null) {
            return -1;
        }
        Matcher m = TFORM.matcher(tform.toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            return -1;
        }
        long r = m.group(1).isEmpty() ? 1 : Long.parseLong(m.group(1));
        return switch (m.group(2).charAt(0)) {
            case 'L', 'B', 'A' -> r;
            case 'X' -> (r + 7) / 8;
            case 'I' -> 2 * r;
            case 'J', 'E' -> 4 * r;
            case 'K', 'D', 'C', 'P' -> 8 * r;
            case 'M', 'Q' -> 16 * r;
            default -> -1;
        };
    }

    /** A card's value as written, strings without quotes and trailing blanks; null when absent or blank. */
    private static String text(Header h, String key) {
        HeaderCard card = h.findCard(key);
        if (card == null || card.getValue() == null) {
            return null;
        }
        String v = card.getValue().strip();
        return v.isEmpty() ? null : v;
    }

    private static Integer integer(Header h, String key) {
        String v = text(h, key);
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v.replaceFirst("^\\+", ""));
        } catch (NumberFormatException e) {
            try {
                double d = Double.parseDouble(v.replace('D', 'E'));
                return d == Math.rint(d) && Math.abs(d) < Integer.MAX_VALUE ? (int) d : null;
            } catch (NumberFormatException e2) {
                return null;
            }
        }
    }

    private static Double real(Header h, String key) {
        String v = text(h, key);
        if (v == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(v.replace('D', 'E').replace('d', 'e'));
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
