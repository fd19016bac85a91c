package org.mastspark.connector.download;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * Hadoop's raw local FileSystem (the one the downloader writes through), with one race made deterministic: when a download starts its temporary file
 * for an armed final name, a "speculative twin" commits that final file first and removes the temporary
 * file, so creating it fails as it does on a real race (Hadoop creates the file, then sets its permissions
 * on a path that is gone). Used as {@code fs.file.impl} with {@code fs.file.impl.disable.cache}.
 */
public final class TwinCommitsFirstFileSystem extends RawLocalFileSystem {
    /** Final file name -> the bytes the twin commits; each entry fires once. */
    static final Map<String, byte[]> TWIN_COPIES = new ConcurrentHashMap<>();

    @Override
    public FSDataOutputStream create(
            Path f, boolean overwrite, int bufferSize, short replication, long blockSize, Progressable progress)
            throws IOException {
        twinCommitsFirst(f);
        return super.create(f, overwrite, bufferSize, replication, blockSize, progress);
    }

    @Override
    public FSDataOutputStream create(
            Path f,
            FsPermission permission,
            boolean overwrite,
            int bufferSize,
            short replication,
            long blockSize,
            Progressable progress)
            throws IOException {
        twinCommitsFirst(f);
        return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
    }

    private void twinCommitsFirst(Path f) throws IOException {
        String name = f.getName();
        if (!name.startsWith(".") || !name.endsWith(".mastpart")) {
            return;
        }
        for (String finalName : TWIN_COPIES.keySet()) {
            if (name.startsWith("." + finalName + ".")) {
                byte[] copy = TWIN_COPIES.remove(finalName);
                if (copy != null) {
                    try (OutputStream out = super.create(new Path(f.getParent(), finalName), true)) {
                        out.write(copy);
                    }
                    throw new FileNotFoundException(
                            "File " + f + " does not exist (removed by a twin attempt that committed first)");
                }
            }
        }
    }
}
