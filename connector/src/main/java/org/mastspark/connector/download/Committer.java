package org.mastspark.connector.download;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/** FileSystem steps that make a file visible only when complete. */
final class Committer {
    /** The capability of output streams that can be abandoned without publishing anything (S3A). */
    static final String ABORTABLE = "fs.capability.outputstream.abortable";

    private Committer() {}

    /**
     * The FileSystem to write with: for the local FileSystem a {@link NioLocalFileSystem}, without its
     * {@code .crc} side files (whose checksums protect nothing here: every file gets a SHA-256 in the
     * manifest) and without a {@code chmod} process per file; else the given one.
     */
    static FileSystem writable(FileSystem fs) throws IOException {
        if (fs instanceof NioLocalFileSystem) {
            return fs;
        }
        if (fs instanceof LocalFileSystem local) {
            return NioLocalFileSystem.over(local.getRawFileSystem());
        }
        return fs.getClass() == RawLocalFileSystem.class ? NioLocalFileSystem.over(fs) : fs;
    }

    static FileStatus statOrNull(FileSystem fs, Path p) throws IOException {
        try {
            return fs.getFileStatus(p);
        } catch (FileNotFoundException e) {
            return null;
        }
    }

    /**
     * Renames {@code src} to {@code dst}, replacing {@code dst} if it exists: atomically where the
     * FileSystem can (POSIX rename on the local FileSystem, {@code Rename.OVERWRITE} on HDFS), else by
     * deleting {@code dst} first (readers may then briefly see no file, never a partial one).
     */
    static void renameReplacing(FileSystem fs, Path src, Path dst) throws IOException {
        if (renameOrFalse(fs, src, dst)) {
            return;
        }
        if (!fs.exists(src)) {
            throw new FileNotFoundException("the temporary file " + src + " vanished before its rename to " + dst);
        }
        if (fs.exists(dst)) {
            try {
                FileContext.getFileContext(fs.getUri(), fs.getConf()).rename(src, dst, Options.Rename.OVERWRITE);
                return;
            } catch (IOException | UnsupportedOperationException e) {
                // not supported by this FileSystem: replace in two steps below
            }
            fs.delete(dst, false);
        }
        if (!renameOrFalse(fs, src, dst)) {
            throw new IOException("could not rename " + src + " to " + dst);
        }
    }

    /**
     * {@code fs.rename}, false where the destination exists: HDFS and the local FileSystem return false, S3A
     * throws {@link FileAlreadyExistsException} (S3A renames by copying, and refuses to copy over a file).
     */
    private static boolean renameOrFalse(FileSystem fs, Path src, Path dst) throws IOException {
        try {
            return fs.rename(src, dst);
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    /**
     * Writes a small file so that readers see the old one or the new one, never a part: in place for
     * {@link DownloadOptions.Commit#DIRECT} (an object appears only when complete), else under a temporary name
     * beside it, then renamed over it.
     */
    static void writeWhole(FileSystem fs, Path target, byte[] bytes, DownloadOptions.Commit commit) throws IOException {
        if (commit == DownloadOptions.Commit.DIRECT) {
            writeDirect(fs, target, bytes);
            return;
        }
        Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".mastpart");
        try {
            try (OutputStream out = fs.create(tmp, true)) {
                out.write(bytes);
            }
            renameReplacing(fs, tmp, target);
        } finally {
            fs.delete(tmp, false);
        }
    }

    /** Writes a small file in place, abandoning the stream (no object appears) if the write fails. */
    static void writeDirect(FileSystem fs, Path target, byte[] bytes) throws IOException {
        FSDataOutputStream out = fs.create(target, true);
        boolean ok = false;
        try {
            out.write(bytes);
            ok = true;
        } finally {
            if (ok) {
                out.close();
            } else {
                abort(fs, target, out);
            }
        }
    }

    /**
     * Abandons a stream written in place: {@code abort()} where the stream supports it (S3A: the upload is
     * cancelled, no object appears), else close and delete the partial file.
     */
    static void abort(FileSystem fs, Path target, FSDataOutputStream out) {
        try {
            if (out.hasCapability(ABORTABLE)) {
                out.abort();
                return;
            }
        } catch (RuntimeException e) {
            // fall back to close and delete
        }
        closeQuietly(out);
        try {
            fs.delete(target, false);
        } catch (IOException e) {
            // reported by the caller's error; nothing more to do
        }
    }

    static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException | RuntimeException e) {
            // the stream is being abandoned
        }
    }
}
