package io.twinhub.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's data directory, held for as long as the node runs. Opening it
 * <ol>
 *   <li>creates it if missing,</li>
 *   <li>takes an exclusive lock on {@code twinhub.lock}, so that two nodes never open the same
 *       RocksDB (RocksDB's own LOCK would refuse too, but with a message about RocksDB, not about
 *       twinhub, and only after we had touched the directory),</li>
 *   <li>checks the {@code LAYOUT} file, or writes it in a new directory, so that a future
 *       version that changes keys or encodings is never read by an older node that would
 *       misread it.</li>
 * </ol>
 * The lock is an OS file lock: it goes away with the process, so a crashed node leaves nothing
 * to clean up. The lock file itself stays (deleting it would race with a starting node).
 */
public final class DataDirectory implements AutoCloseable {

    /** The layout this code writes and reads. Bump it when keys or encodings change incompatibly. */
    public static final int LAYOUT_VERSION = 1;
    public static final String LOCK_FILE = "twinhub.lock";
    public static final String LAYOUT_FILE = "LAYOUT";
    static final String LAYOUT_PREFIX = "twinhub-data-layout";
    private static final Pattern LAYOUT_LINE = Pattern.compile(LAYOUT_PREFIX + " (\\d{1,9})");
    /** A layout file is one short line; anything longer is not ours. */
    private static final int MAX_LAYOUT_BYTES = 256;

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final int layoutVersion;

    private DataDirectory(Path dir, FileChannel lockChannel, FileLock lock, int layoutVersion) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.layoutVersion = layoutVersion;
    }

    /**
     * Opens (creating if needed) and locks the directory.
     *
     * @throws StoreException with a message naming the directory when it cannot be created or
     *                        written, is held by another node, or has a layout this code cannot read
     */
    public static DataDirectory open(Path path) {
        Path dir = path.toAbsolutePath().normalize();
        createDirectory(dir);
        FileChannel channel = openLockFile(dir);
        try {
            FileLock lock = lock(dir, channel);
            writePid(dir, channel);
            int version = checkLayout(dir);
            return new DataDirectory(dir, channel, lock, version);
        } catch (RuntimeException e) {
            closeQuietly(channel); // releases the lock, if taken
            throw e;
        }
    }

    public Path path() { return dir; }

    /** Where RocksDB keeps its files. */
    public Path rocksDbPath() { return dir.resolve("rocksdb"); }

    public int layoutVersion() { return layoutVersion; }

    /** Releases the lock; another node may open the directory after this. */
    @Override
    public void close() {
        if (!lockChannel.isOpen()) {
            return;
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it anyway
        }
        closeQuietly(lockChannel);
    }

    private static void createDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new StoreException("data directory " + dir + " cannot be used: " + e.getFile()
                    + " exists and is not a directory");
        } catch (AccessDeniedException e) {
            throw new StoreException("data directory " + dir + " cannot be created: permission denied on "
                    + e.getFile());
        } catch (FileSystemException e) {
            throw new StoreException("data directory " + dir + " cannot be created: " + e.getFile() + ": "
                    + describe(e), e);
        } catch (IOException e) {
            throw new StoreException("data directory " + dir + " cannot be created: " + describe(e), e);
        }
        if (!Files.isDirectory(dir)) {
            throw new StoreException("data directory " + dir + " cannot be used: it is not a directory");
        }
    }

    private static FileChannel openLockFile(Path dir) {
        Path file = dir.resolve(LOCK_FILE);
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (AccessDeniedException e) {
            throw new StoreException("data directory " + dir + " is not writable: permission denied on " + file, e);
        } catch (IOException e) {
            throw new StoreException("data directory " + dir + " is not writable: cannot open " + file + ": "
                    + describe(e), e);
        }
    }

    private static FileLock lock(Path dir, FileChannel channel) {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very JVM (a second store in the same process)
        } catch (IOException e) {
            throw new StoreException("data directory " + dir + " cannot be locked: " + describe(e), e);
        }
        if (lock == null) {
            String holder = readHolder(channel);
            throw new StoreException("data directory " + dir + " is in use by another twinhub node"
                    + (holder.isEmpty() ? "" : " (" + holder + ")") + ": it holds the lock on "
                    + dir.resolve(LOCK_FILE) + "; stop that node or choose another data directory");
        }
        return lock;
    }

    /** Records who holds the lock, for the message another node prints when refused. */
    private static void writePid(Path dir, FileChannel channel) {
        byte[] line = ("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(line), 0);
        } catch (IOException e) {
            throw new StoreException("data directory " + dir + " is not writable: cannot write "
                    + dir.resolve(LOCK_FILE) + ": " + describe(e), e);
        }
    }

    private static String readHolder(FileChannel channel) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(64);
            channel.read(buf, 0);
            String s = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
            return s.matches("pid \\d+") ? s : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static int checkLayout(Path dir) {
        Path file = dir.resolve(LAYOUT_FILE);
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_LAYOUT_BYTES) {
                throw new StoreException("data directory " + dir + " has an unreadable layout file " + file
                        + ": expected one line '" + LAYOUT_PREFIX + " <version>', found "
                        + Files.size(file) + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            writeLayout(dir, file);
            return LAYOUT_VERSION;
        } catch (IOException e) {
            throw new StoreException("data directory " + dir + ": cannot read its layout file " + file + ": "
                    + describe(e), e);
        }
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        Matcher m = LAYOUT_LINE.matcher(text);
        if (!m.matches()) {
            throw new StoreException("data directory " + dir + " has an unreadable layout file " + file
                    + ": expected one line '" + LAYOUT_PREFIX + " <version>', found \"" + printable(text) + "\"");
        }
        int version = Integer.parseInt(m.group(1));
        if (version > LAYOUT_VERSION) {
            throw new StoreException("data directory " + dir + " has data layout version " + version
                    + ", but this twinhub knows layout version " + LAYOUT_VERSION
                    + " at most: it was written by a newer twinhub; run that version or choose another data directory");
        }
        if (version < 1) {
            throw new StoreException("data directory " + dir + " has an invalid layout version " + version
                    + " in " + file);
        }
        return version;
    }

    /** Writes the layout file atomically: a crash leaves either no file or a complete one. */
    private static void writeLayout(Path dir, Path file) {
        Path tmp = dir.resolve(LAYOUT_FILE + ".tmp");
        byte[] line = (LAYOUT_PREFIX + " " + LAYOUT_VERSION + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap(line));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(dir);
        } catch (IOException e) {
            throw new StoreException("data directory " + dir + " is not writable: cannot write " + file + ": "
                    + describe(e), e);
        }
    }

    /** Makes the rename durable; best effort where directories cannot be opened (not Linux). */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // not supported on this platform
        }
    }

    private static String describe(IOException e) {
        String reason = e.getMessage();
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            reason = fse.getReason();
        }
        return reason == null ? e.getClass().getSimpleName() : reason;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 60; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return s.length() > 60 ? b + "..." : b.toString();
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to do: the lock goes with the channel
        }
    }
}
