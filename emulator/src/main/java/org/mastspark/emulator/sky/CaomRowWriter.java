package org.mastspark.emulator.sky;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Writes CAOM rows as JSON in one pass from their draws: the values of {@link Caom#row} without its
 * {@code Object[]}, boxes and intermediate strings, appended as bytes and handed to the generator as one raw
 * value. Takes the same draws in the same order as {@link Caom#row} and writes byte for byte what
 * {@link Caom#write} writes of that row through a {@linkplain #writes plain generator} (CaomRowWriterTest
 * holds the two together). One per thread: not thread safe.
 */
final class CaomRowWriter {
    /** How a mission names its observations and targets: {@link Caom}'s obsId and targetName cases. */
    private enum Kind {
        HST,
        HLA,
        JWST,
        TESS,
        KEPLER,
        K2,
        GALEX,
        OTHER
    }

    /** A mission's vocabulary as bytes. */
    private static final class Vocab {
        final Caom.Mission mission;
        final Kind kind;
        final byte[] collection;
        final byte[] collectionQuoted;
        final byte[] collectionLower;
        final byte[] project;
        final byte[] provenance;
        final byte[] region;
        final byte[][] instruments;
        final byte[][] filters;
        final byte[][] obsIdFilters;
        final byte[][] productTypes;
        final boolean[] images;

        Vocab(Caom.Mission m) {
            this.mission = m;
            this.kind = switch (m.collection()) {
                case "HST" -> Kind.HST;
                case "HLA" -> Kind.HLA;
                case "JWST" -> Kind.JWST;
                case "TESS" -> Kind.TESS;
                case "Kepler" -> Kind.KEPLER;
                case "K2" -> Kind.K2;
                case "GALEX" -> Kind.GALEX;
                default -> Kind.OTHER;
            };
            this.collection = JsonBytes.plain(m.collection());
            this.collectionQuoted = JsonBytes.quoted(m.collection());
            this.collectionLower = JsonBytes.plain(m.collection().toLowerCase(Locale.ROOT));
            this.project = JsonBytes.quoted(m.project());
            this.provenance = JsonBytes.quoted(m.provenance());
            this.region = JsonBytes.quoted(m.region());
            this.instruments = quoted(m.instruments());
            this.filters = quoted(m.filters());
            this.obsIdFilters = new byte[m.filters().length][];
            for (int k = 0; k < m.filters().length; k++) {
                String lower = m.filters()[k].toLowerCase(Locale.ROOT);
                obsIdFilters[k] = JsonBytes.plain(kind == Kind.HLA ? lower.replace(';', '_') : lower.replace(';', '-'));
            }
            this.productTypes = quoted(m.productTypes());
            this.images = new boolean[m.productTypes().length];
            for (int k = 0; k < images.length; k++) {
                images[k] = m.productTypes()[k].equals("image");
            }
        }
    }

    private static final Vocab[] VOCABS = new Vocab[Caom.MISSIONS.length];
    /** {@code "name":} of each column, and {@code ,"name":} to follow another. */
    private static final byte[][] NAMES = new byte[Caom.FIELDS.size() + 1][];

    private static final byte[][] NEXT_NAMES = new byte[NAMES.length][];
    private static final byte[][] PIS = quoted(Caom.PIS);
    private static final byte[][] PIS_PLAIN = plain(Caom.PIS);
    private static final byte[][] CLASSES = quoted(Caom.CLASSES);
    private static final byte[][] PROPOSAL_TYPES = quoted(Caom.PROPOSAL_TYPES);
    private static final byte[][] TESS_PROVENANCES = quoted(Caom.TESS_PROVENANCES);
    private static final byte[][] TARGETS = new byte[Caom.TARGETS.length][];
    private static final byte[] SCIENCE = JsonBytes.quoted("science");
    private static final byte[] CALIBRATION = JsonBytes.quoted("calibration");
    private static final byte[] PUBLIC = JsonBytes.quoted("PUBLIC");
    private static final byte[] EXCLUSIVE_ACCESS = JsonBytes.quoted("EXCLUSIVE_ACCESS");
    private static final byte[] NULL = JsonBytes.plain("null");
    private static final byte[] TRUE = JsonBytes.plain("true");
    private static final byte[] FALSE = JsonBytes.plain("false");
    private static final byte[] TESS_FFI = JsonBytes.plain("TESS FFI");
    private static final byte[] TITLE_PI = JsonBytes.plain(" (");
    private static final byte[] OBSERVATIONS_OF = JsonBytes.plain(" observations of ");
    private static final byte[] CIRCLE_ICRS = JsonBytes.plain("CIRCLE ICRS ");
    private static final byte[] MAST = JsonBytes.plain("mast:");
    private static final byte[] PRODUCT = JsonBytes.plain("/product/");
    private static final byte[] PREVIEW_JPG = JsonBytes.plain("_preview.jpg");
    private static final byte[] HLA_PREFIX = JsonBytes.plain("hst_");
    private static final byte[] HLA_WFPC2 = JsonBytes.plain("_wfpc2_");
    private static final byte[] HLA_WF = JsonBytes.plain("_wf");
    private static final byte[] JWST_PREFIX = JsonBytes.plain("jw");
    private static final byte[] JWST_OBSERVATION = JsonBytes.plain("-o");
    private static final byte[] JWST_T001 = JsonBytes.plain("_t001_");
    private static final byte[] TESS_PREFIX = JsonBytes.plain("tess-s");
    private static final byte[] KEPLER_PREFIX = JsonBytes.plain("kplr");
    private static final byte[] K2_PREFIX = JsonBytes.plain("ktwo");
    private static final byte[] K2_CAMPAIGN = JsonBytes.plain("-c");
    private static final byte[] LC = JsonBytes.plain("_lc");
    private static final byte[] KIC = JsonBytes.plain("KIC ");
    private static final byte[] EPIC = JsonBytes.plain("EPIC ");
    private static final byte[] FIELD = JsonBytes.plain("FIELD-");

    static {
        for (int k = 0; k < VOCABS.length; k++) {
            VOCABS[k] = new Vocab(Caom.MISSIONS[k]);
        }
        for (int c = 0; c < NAMES.length; c++) {
            String name = c == Caom.FIELDS.size()
                    ? Caom.DISTANCE.name()
                    : Caom.FIELDS.get(c).name();
            String quoted = new String(JsonBytes.quoted(name), StandardCharsets.US_ASCII);
            NAMES[c] = (quoted + ":").getBytes(StandardCharsets.US_ASCII);
            NEXT_NAMES[c] = ("," + quoted + ":").getBytes(StandardCharsets.US_ASCII);
        }
        for (int k = 0; k < TARGETS.length; k++) {
            TARGETS[k] = JsonBytes.plain((String) Caom.TARGETS[k][0]);
        }
    }

    private final JsonBytes out = new JsonBytes();

    // The draws of the row being written, as Caom.row takes them.
    private long i;
    private double ra;
    private double dec;
    private int target;
    private Vocab m;
    private int instrument;
    private int filter;
    private int productType;
    private boolean calibration;
    private int pi;
    private int proposal;
    private double tMin;
    private double exptime;
    private double tMax;
    private double emMin;
    private double emMax;
    private boolean exclusive;
    private double release;
    private int calib;
    private int obsIdDraw1;
    private int obsIdDraw2;
    private boolean tessFfi;
    private int sequence;
    private int provenance;
    private double radius;
    private boolean preview;
    private int targetClass;
    private int proposalType;
    private boolean mtFlag;
    private boolean srcDenNull;
    private double srcDen;

    /**
     * Whether rows written by this class read as the generator would write them itself: no pretty printer, no
     * custom escapes, quoted names, doubles by the fast (Schubfach) writer, numbers as numbers.
     */
    static boolean writes(JsonGenerator g) {
        return g.getPrettyPrinter() == null
                && g.getCharacterEscapes() == null
                && g.isEnabled(JsonWriteFeature.QUOTE_FIELD_NAMES.mappedFeature())
                && g.isEnabled(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                && !g.isEnabled(JsonWriteFeature.WRITE_NUMBERS_AS_STRINGS.mappedFeature());
    }

    /**
     * Writes observation {@code index} as one JSON object of {@code columns} (indexes into {@link Caom#FIELDS},
     * or {@code FIELDS.size()} for {@code distance}: arcsec from the cone's center, 0 without cone).
     */
    void write(Caom caom, long index, int[] columns, double[] cone, JsonGenerator g) throws IOException {
        draw(caom, index);
        out.clear();
        out.put('{');
        for (int k = 0; k < columns.length; k++) {
            out.put(k == 0 ? NAMES[columns[k]] : NEXT_NAMES[columns[k]]);
            value(columns[k], cone);
        }
        out.put('}');
        g.writeRawValue(out);
    }

    private void draw(Caom caom, long index) {
        i = index;
        double[] pos = caom.position(index);
        ra = pos[0];
        dec = pos[1];
        target = (int) pos[2];
        Rng r = caom.draws(index);
        m = VOCABS[Caom.mission(r)];
        Caom.Mission mission = m.mission;
        instrument = r.nextInt(m.instruments.length);
        filter = r.nextInt(m.filters.length);
        productType = r.nextInt(m.productTypes.length);
        calibration = r.nextDouble() < 0.06;
        pi = r.nextInt(PIS.length);
        proposal = 1000 + r.nextInt(17000);
        tMin = r.range(48000, 60900);
        double e = Math.exp(r.range(Math.log(mission.expMin()), Math.log(mission.expMax())));
        exptime = Math.round(e * 100) / 100.0;
        tMax = tMin + exptime / 86400.0 + r.range(0, 0.05);
        emMin = r.range(mission.emMin(), (mission.emMin() + mission.emMax()) / 2);
        emMax = r.range(emMin, mission.emMax());
        exclusive = r.nextDouble() < 0.08;
        release = exclusive ? r.range(61400, 62200) : tMax + r.range(0, 400);
        calib = m.kind == Kind.HLA ? 3 : 1 + r.nextInt(3) + (r.nextDouble() < 0.1 ? 1 : 0);
        switch (m.kind) {
            case JWST -> obsIdDraw1 = 1000 + r.nextInt(6000);
            case TESS -> {
                obsIdDraw1 = 1 + r.nextInt(4);
                obsIdDraw2 = 1 + r.nextInt(4);
            }
            case K2 -> obsIdDraw1 = 1 + r.nextInt(19);
            default -> {}
        }
        tessFfi = m.kind == Kind.TESS && r.nextDouble() < 0.05;
        sequence = switch (m.kind) {
            case TESS -> 1 + r.nextInt(90);
            case KEPLER -> r.nextInt(18);
            case K2 -> r.nextInt(20);
            default -> -1;
        };
        provenance = m.kind == Kind.TESS ? r.nextInt(TESS_PROVENANCES.length) : -1;
        radius = 0.01 + r.nextDouble() * 0.05;
        preview = m.images[productType] && r.nextDouble() < 0.7;
        targetClass = r.nextInt(CLASSES.length);
        proposalType = r.nextInt(PROPOSAL_TYPES.length);
        mtFlag = r.nextDouble() < 0.01;
        srcDenNull = r.nextDouble() < 0.3;
        srcDen = srcDenNull ? 0 : (double) Math.round(r.range(0, 5000));
    }

    private void value(int column, double[] cone) {
        switch (column) {
            case 0 -> out.put(calibration ? CALIBRATION : SCIENCE);
            case 1 -> out.put(m.collectionQuoted);
            case 2 -> out.put(provenance < 0 ? m.provenance : TESS_PROVENANCES[provenance]);
            case 3 -> out.put(m.instruments[instrument]);
            case 4 -> out.put(m.project);
            case 5 -> out.put(m.filters[filter]);
            case 6 -> out.put(m.region);
            case 7 -> {
                out.put('"');
                targetName();
                out.put('"');
            }
            case 8 -> out.put(CLASSES[targetClass]);
            case 9 -> {
                out.put('"');
                obsId();
                out.put('"');
            }
            case 10 -> out.putDouble(ra);
            case 11 -> out.putDouble(dec);
            case 12 -> out.put(m.productTypes[productType]);
            case 13 -> out.put(PIS[pi]);
            case 14 -> out.putLong(calib);
            case 15 -> out.putDouble(tMin);
            case 16 -> out.putDouble(tMax);
            case 17 -> out.putDouble(exptime);
            case 18 -> out.putDouble(emMin);
            case 19 -> out.putDouble(emMax);
            case 20 -> {
                out.put('"');
                out.put(m.collection);
                out.put(OBSERVATIONS_OF);
                targetName();
                out.put(TITLE_PI);
                out.put(PIS_PLAIN[pi]);
                out.put(')');
                out.put('"');
            }
            case 21 -> out.putDouble(release);
            case 22 -> {
                out.put('"');
                out.putLong(proposal);
                out.put('"');
            }
            case 23 -> out.put(PROPOSAL_TYPES[proposalType]);
            case 24 -> {
                if (sequence < 0) {
                    out.put(NULL);
                } else {
                    out.putLong(sequence);
                }
            }
            case 25 -> {
                out.put('"');
                out.put(CIRCLE_ICRS);
                out.putMicros(ra);
                out.put(' ');
                out.putMicros(dec);
                out.put(' ');
                out.putMicros(radius);
                out.put('"');
            }
            case 26 -> {
                if (preview) {
                    out.put('"');
                    out.put(MAST);
                    out.put(m.collection);
                    out.put(PRODUCT);
                    out.putLong(Caom.BASE_OBSID + i);
                    out.put('/');
                    int from = out.length();
                    obsId();
                    out.lowerCaseFrom(from);
                    out.put(PREVIEW_JPG);
                    out.put('"');
                } else {
                    out.put(NULL);
                }
            }
            case 27 -> out.put(NULL);
            case 28 -> out.put(exclusive ? EXCLUSIVE_ACCESS : PUBLIC);
            case 29 -> out.put(mtFlag ? TRUE : FALSE);
            case 30 -> {
                if (srcDenNull) {
                    out.put(NULL);
                } else {
                    out.putDouble(srcDen);
                }
            }
            case 31 -> out.putLong(Caom.BASE_OBSID + i);
            case 32 -> out.putLong(3_000_000_000L + i);
            default -> out.putDouble(cone == null ? 0 : Sky.separation(cone[0], cone[1], ra, dec) * 3600);
        }
    }

    private void obsId() {
        switch (m.kind) {
            case HST -> {
                out.put('I');
                out.putBase36(i, 6, true);
                out.put('Q');
            }
            case HLA -> {
                out.put(HLA_PREFIX);
                out.putLong(5000 + (i % 9000), 5);
                out.put('_');
                out.putBase36(i, 6, false);
                out.put(HLA_WFPC2);
                out.put(m.obsIdFilters[filter]);
                out.put(HLA_WF);
            }
            case JWST -> {
                out.put(JWST_PREFIX);
                out.putLong(obsIdDraw1, 5);
                out.put(JWST_OBSERVATION);
                out.putBase36(i, 6, false);
                out.put(JWST_T001);
                out.put(m.obsIdFilters[filter]);
            }
            case TESS -> {
                out.put(TESS_PREFIX);
                out.putBase36(i, 6, false);
                out.put('-');
                out.putLong(obsIdDraw1);
                out.put('-');
                out.putLong(obsIdDraw2);
            }
            case KEPLER -> {
                out.put(KEPLER_PREFIX);
                out.putLong(i, 9);
                out.put(LC);
            }
            case K2 -> {
                out.put(K2_PREFIX);
                out.putLong(200000000L + i, 9);
                out.put(K2_CAMPAIGN);
                out.putLong(obsIdDraw1);
                out.put(LC);
            }
            case GALEX -> out.putLong(6_370_000_000_000_000_000L / 1000 + i);
            case OTHER -> {
                out.put(m.collectionLower);
                out.put('_');
                out.putBase36(i, 6, false);
            }
        }
    }

    private void targetName() {
        switch (m.kind) {
            case TESS -> {
                if (tessFfi) {
                    out.put(TESS_FFI);
                } else {
                    out.putLong(10_000_000L + (Rng.mix(i) & 0x3FFFFFFFL));
                }
            }
            case KEPLER, K2 -> {
                out.put(m.kind == Kind.K2 ? EPIC : KIC);
                out.putLong(1_000_000 + (i % 9_000_000));
            }
            default -> {
                if (target >= 0) {
                    out.put(TARGETS[target]);
                } else {
                    out.put(FIELD);
                    out.putLong((int) ra);
                    out.put(dec < 0 ? '-' : '+');
                    out.putLong(Math.abs((int) dec));
                }
            }
        }
    }

    private static byte[][] quoted(String[] values) {
        byte[][] out = new byte[values.length][];
        for (int k = 0; k < values.length; k++) {
            out[k] = JsonBytes.quoted(values[k]);
        }
        return out;
    }

    private static byte[][] plain(String[] values) {
        byte[][] out = new byte[values.length][];
        for (int k = 0; k < values.length; k++) {
            out[k] = JsonBytes.plain(values[k]);
        }
        return out;
    }
}
