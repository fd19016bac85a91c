package org.mastspark.emulator.sky;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mastspark.emulator.sky.FitsHdus.Hdu;

/**
 * The science products whose bytes are real FITS with values from the synthetic sky: TESS light curves
 * ({@code _lc.fits}) and target pixel files ({@code _tp.fits}), Kepler long-cadence light curves ({@code
 * _llc.fits}) and the 1-d spectra ({@code _x1d.fits}) of HST and JWST spectroscopic observations. They take
 * the place of the first product kinds of those observations (so product counts do not change); every other
 * product keeps its pseudo-random bytes ({@link GeneratedFile}).
 */
final class FitsProducts {
    /** A product kind: its file suffix, description and product subgroup. */
    enum Kind {
        TESS_LC("_lc.fits", "Light curves", "LC"),
        TESS_TP("_tp.fits", "Target pixel files", "TP"),
        KEPLER_LLC("_llc.fits", "Lightcurve Long Cadence (CLC)", "LLC"),
        HST_X1D("_x1d.fits", "1D extracted spectrum", "X1D"),
        JWST_X1D("_x1d.fits", "1D extracted spectrum", "X1D");

        final String suffix;
        final String description;
        final String subgroup;

        Kind(String suffix, String description, String subgroup) {
            this.suffix = suffix;
            this.description = description;
            this.subgroup = subgroup;
        }

        /** The file name of this product of an observation with {@code obs_id}. */
        String fileName(String obsId) {
            String base = obsId.toLowerCase(Locale.ROOT);
            if (this == KEPLER_LLC && base.endsWith("_lc")) {
                base = base.substring(0, base.length() - 3);
            }
            return base + suffix;
        }
    }

    private FitsProducts() {}

    /** The real-FITS kind of product {@code k} of an observation (a CAOM row), or null for the others. */
    static Kind kind(Object[] obs, int k) {
        String collection = (String) obs[1];
        boolean spectrum = "spectrum".equals(obs[12]);
        return switch (collection) {
            case "TESS" -> k == 0 ? Kind.TESS_LC : k == 1 ? Kind.TESS_TP : null;
            case "Kepler" -> k == 0 ? Kind.KEPLER_LLC : null;
            case "HST" -> k == 0 && spectrum ? Kind.HST_X1D : null;
            case "JWST" -> k == 0 && spectrum ? Kind.JWST_X1D : null;
            default -> null;
        };
    }

    /** The star of a TESS or Kepler observation: its TIC or KIC id (from target_name), magnitude, season. */
    static LightCurveModel.Star star(Kind kind, long index, Object[] obs) {
        String target = (String) obs[7];
        String obsId = (String) obs[9];
        int season = obs[24] == null ? 1 : (Integer) obs[24];
        double ra = SpectrumModel.round6((Double) obs[10]);
        double dec = SpectrumModel.round6((Double) obs[11]);
        if (kind == Kind.KEPLER_LLC) {
            long kic = Long.parseLong(target.substring(target.indexOf(' ') + 1));
            Rng r = new Rng(kic, 45, season);
            return new LightCurveModel.Star(
                    true,
                    kic,
                    LightCurves.magnitude(kic),
                    season,
                    2 + r.nextInt(23),
                    1 + r.nextInt(4),
                    ra,
                    dec,
                    LightCurveModel.KEPLER_ROWS);
        }
        // target_name is the TIC id, or "TESS FFI": then the id the observation would have had.
        long tic = Character.isDigit(target.charAt(0))
                ? Long.parseLong(target)
                : 10_000_000L + (Rng.mix(index) & 0x3FFFFFFFL);
        // obs_id is tess-s<id>-<camera>-<ccd>.
        String[] parts = obsId.split("-");
        int camera = Integer.parseInt(parts[parts.length - 2]);
        int ccd = Integer.parseInt(parts[parts.length - 1]);
        return new LightCurveModel.Star(
                false, tic, LightCurves.magnitude(tic), season, camera, ccd, ra, dec, LightCurveModel.TESS_ROWS);
    }

    /** The target of an HST or JWST spectroscopic observation; its magnitude is a seeded draw, 12 to 20. */
    static SpectrumModel.Target target(Kind kind, long index, Object[] obs) {
        Rng r = new Rng(index, 46, 0);
        String instrument = (String) obs[3];
        int slash = instrument.indexOf('/');
        return new SpectrumModel.Target(
                kind == Kind.HST_X1D ? "HST" : "JWST",
                slash < 0 ? instrument : instrument.substring(0, slash),
                (String) obs[5],
                ((String) obs[9]).toLowerCase(Locale.ROOT),
                (String) obs[7],
                (Double) obs[10],
                (Double) obs[11],
                Math.round(r.range(12, 20) * 1000) / 1000.0,
                (Double) obs[17],
                Rng.mix(index * 0x9E3779B97F4A7C15L + kind.ordinal()));
    }

    /** The HDUs of a product, with their data when {@code values}, else only what sizes them. */
    static List<Hdu> hdus(Kind kind, long index, Object[] obs, boolean values) {
        return switch (kind) {
            case TESS_LC, KEPLER_LLC -> new LightCurveModel(star(kind, index, obs), values).lightCurveHdus();
            case TESS_TP -> new LightCurveModel(star(kind, index, obs), values).targetPixelHdus();
            case HST_X1D -> SpectrumModel.hstHdus(target(kind, index, obs), values);
            case JWST_X1D -> SpectrumModel.jwstHdus(target(kind, index, obs), values);
        };
    }

    static long size(Kind kind, long index, Object[] obs) {
        return FitsHdus.size(hdus(kind, index, obs, false));
    }

    /**
     * The files' bytes, most recently used first: at most {@link #MAX_FILES} files and {@link #MAX_BYTES} bytes,
     * so a client reading a product in ranges does not regenerate it for every range.
     */
    static final class Cache {
        static final int MAX_FILES = 32;
        static final long MAX_BYTES = 64L << 20;

        private final LinkedHashMap<String, byte[]> files = new LinkedHashMap<>(16, 0.75f, true);
        private long bytes;

        synchronized byte[] get(String key) {
            return files.get(key);
        }

        synchronized void put(String key, byte[] value) {
            byte[] old = files.put(key, value);
            bytes += value.length - (old == null ? 0 : old.length);
            Iterator<Map.Entry<String, byte[]>> it = files.entrySet().iterator();
            while ((files.size() > MAX_FILES || bytes > MAX_BYTES) && it.hasNext()) {
                Map.Entry<String, byte[]> eldest = it.next();
                if (eldest.getKey().equals(key)) {
                    continue;
                }
                bytes -= eldest.getValue().length;
                it.remove();
            }
        }

        synchronized int files() {
            return files.size();
        }
    }

    /** One product's file: its size known from its headers, its bytes generated on first read. */
    static final class File implements ProductFile {
        private final Kind kind;
        private final long index;
        private final Object[] obs;
        private final String key;
        private final long size;
        private final boolean exclusive;
        private final Cache cache;

        File(Kind kind, long index, Object[] obs, String key, long size, boolean exclusive, Cache cache) {
            this.kind = kind;
            this.index = index;
            this.obs = obs.clone();
            this.key = key;
            this.size = size;
            this.exclusive = exclusive;
            this.cache = cache;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public boolean exclusiveAccess() {
            return exclusive;
        }

        /** The whole file. */
        byte[] bytes() {
            byte[] b = cache.get(key);
            if (b == null) {
                b = FitsHdus.bytes(hdus(kind, index, obs, true));
                if (b.length != size) {
                    throw new IllegalStateException(key + ": " + b.length + " bytes generated, " + size + " announced");
                }
                cache.put(key, b);
            }
            return b;
        }

        @Override
        public void write(long from, long toExclusive, OutputStream out) throws IOException {
            if (from < 0 || toExclusive > size || from > toExclusive) {
                throw new IllegalArgumentException("range " + from + ".." + toExclusive + " of " + size);
            }
            if (from == toExclusive) {
                return;
            }
            out.write(bytes(), (int) from, (int) (toExclusive - from));
        }
    }
}
