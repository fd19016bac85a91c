package org.mastspark.connector.download;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * The local FileSystem without {@code .crc} side files, setting permissions with a {@code chmod} system call
 * instead of a {@code chmod} process.
 *
 * <p>Without Hadoop's native library (the usual case: Spark does not ship it), {@link RawLocalFileSystem}
 * runs {@code chmod} as a child process for every file it creates and every folder it makes, to apply
 * {@code fs.permissions.umask-mode}: two processes per downloaded file in a new folder. Starting a process
 * costs a few milliseconds of CPU (more on virtualised hosts), which on a 2-core machine took a large part of
 * the CPU a download has. This class gives each file and folder the same permission (Hadoop's, umask
 * applied) through {@link Files#setPosixFilePermissions}; only what that cannot express (the sticky, setuid and
 * setgid bits, or a file system without POSIX permissions) goes to Hadoop's own code.
 */
final class NioLocalFileSystem extends RawLocalFileSystem {
    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE,
        PosixFilePermission.OTHERS_WRITE,
        PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE,
        PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_READ
    };

    /** One over the same URI and configuration as {@code local} (a new instance: not in Hadoop's cache). */
    static NioLocalFileSystem over(FileSystem local) throws IOException {
        NioLocalFileSystem fs = new NioLocalFileSystem();
        fs.initialize(local.getUri(), local.getConf());
        return fs;
    }

    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
        short mode = permission.toShort();
        if ((mode & ~0777) != 0) {
            super.setPermission(p, permission);
            return;
        }
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < BITS.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(BITS[i]);
            }
        }
        try {
            Files.setPosixFilePermissions(pathToFile(p).toPath(), set);
        } catch (UnsupportedOperationException e) {
            super.setPermission(p, permission);
        }
    }
}
