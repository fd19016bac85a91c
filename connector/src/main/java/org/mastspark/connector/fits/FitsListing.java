package org.mastspark.connector.fits;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.mastspark.connector.text.Echo;

/**
 * The files of a {@code load(...)}: each path a file, a directory (read recursively) or a Hadoop glob, on any
 * FileSystem. As Spark's file sources, names starting with {@code _} or {@code .} under a directory are
 * skipped (e.g. {@code _SUCCESS}, {@code .crc} files). Sorted by path, each file once.
 */
final class FitsListing {
    private FitsListing() {}

    static List<FitsFile> list(Configuration conf, List<String> paths) {
        TreeMap<String, FitsFile> files = new TreeMap<>();
        for (String given : paths) {
            try {
                Path p = new Path(given);
                FileSystem fs = p.getFileSystem(conf);
                FileStatus[] matched = fs.globStatus(p);
                if (matched == null || matched.length == 0) {
                    throw new IllegalArgumentException("Path does not exist: '" + Echo.of(given) + "' (load() of"
                            + " format(\"fits\") takes files, directories and globs on any Hadoop FileSystem, such"
                            + " as hdfs:///data/tess, s3a://bucket/tess/*_lc.fits or /local/dir)");
                }
                for (FileStatus st : matched) {
                    if (st.isDirectory() && "file".equals(fs.getScheme())) {
                        walk(fs, st.getPath(), files);
                    } else if (st.isDirectory()) {
                        RemoteIterator<LocatedFileStatus> it = fs.listFiles(st.getPath(), true);
                        String root = st.getPath().toUri().getPath();
                        while (it.hasNext()) {
                            LocatedFileStatus f = it.next();
                            if (f.isFile() && !hidden(root, f.getPath())) {
                                add(files, f);
                            }
                        }
                    } else {
                        add(files, st);
                    }
                }
            } catch (FileNotFoundException e) {
                throw new IllegalArgumentException(
                        "Path does not exist: '" + Echo.of(given) + "': " + e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list '" + Echo.of(given) + "' for format(\"fits\"): " + e, e);
            }
        }
        return List.copyOf(files.values());
    }

    /**
     * A local directory, recursively, by {@code listStatus}: {@code listFiles} makes a {@code LocatedFileStatus}
     * of each file, which reads the file's permissions, and without Hadoop's native library that starts an
     * {@code ls} process per file (seconds for a few thousand light curves). Hidden names are not descended.
     */
    private static void walk(FileSystem fs, Path dir, TreeMap<String, FitsFile> files) throws IOException {
        for (FileStatus f : fs.listStatus(dir)) {
            String name = f.getPath().getName();
            if (name.startsWith("_") || name.startsWith(".")) {
                continue;
            }
            if (f.isDirectory()) {
                walk(fs, f.getPath(), files);
            } else if (f.isFile()) {
                add(files, f);
            }
        }
    }

    private static void add(TreeMap<String, FitsFile> files, FileStatus st) {
        String uri = st.getPath().toString();
        files.putIfAbsent(uri, new FitsFile(uri, st.getLen()));
    }

    /** Whether a path below {@code root} has a component starting with {@code _} or {@code .}. */
    private static boolean hidden(String root, Path file) {
        String p = file.toUri().getPath();
        String rel = p.startsWith(root) ? p.substring(root.length()) : file.getName();
        List<String> parts = new ArrayList<>(List.of(rel.split("/")));
        for (String part : parts) {
            if (part.startsWith("_") || part.startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
