package org.mastspark.connector.client.cutout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** MAST's recorded cutout answers (astroquery's test data, shipped in the emulator's resources). */
final class Recorded {
    static final String TESS_ZIP = "astrocut_107.27_-70.0_5x5.zip";
    static final String ZCUT_FITS_ZIP = "astrocut_189.49206_62.20615_100x100px_f.zip";
    static final String ZCUT_JPG_ZIP = "astrocut_189.49206_62.20615_100x100px.zip";

    private Recorded() {}

    static byte[] bytes(String file) {
        try (InputStream in = Recorded.class.getResourceAsStream("/org/mastspark/emulator/recorded/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no recorded file " + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The members of a zip, by name, in order: read with the JDK's {@code ZipFile} (through the central
     * directory), independently of the client. (The JDK's streaming {@code ZipInputStream} cannot read MAST's
     * Zcut zips: stored members with a data descriptor.)
     */
    static Map<String, byte[]> members(byte[] zip) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try {
            Path tmp = Files.createTempFile("recorded", ".zip");
            try {
                Files.write(tmp, zip);
                try (ZipFile z = new ZipFile(tmp.toFile())) {
                    for (ZipEntry e : Collections.list(z.entries())) {
                        try (InputStream in = z.getInputStream(e)) {
                            out.put(e.getName(), in.readAllBytes());
                        }
                    }
                }
            } finally {
                Files.delete(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** A zip (deflated) of the given members, names as given. */
    static byte[] zip(Map<String, byte[]> members) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> m : members.entrySet()) {
                out.putNextEntry(new ZipEntry(m.getKey()));
                out.write(m.getValue());
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The single member of the recorded TESScut zip: a 2018 TESScut target pixel file. */
    static byte[] tessTpf() {
        return members(bytes(TESS_ZIP)).values().iterator().next();
    }
}
