package io.twinhub.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The bytes of a context's files, read together, and their digest. The reloader compares digests
 * rather than modification times: it notices a copy that kept the old time stamp and a swapped
 * symbolic link (as mounted secrets are updated) alike, and the files are a few kilobytes.
 */
record TlsFiles(byte[] certificateChain, byte[] privateKey, byte[] trustedCa, String digest) {

    static TlsFiles read(TlsSettings settings) {
        byte[] chain = read(settings.certificateChain(), "certificate");
        byte[] key = read(settings.privateKey(), "private key");
        byte[] ca = settings.trustedCa() == null ? null : read(settings.trustedCa(), "CA");
        return new TlsFiles(chain, key, ca, digest(chain, key, ca));
    }

    private static byte[] read(Path file, String what) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new TlsException(what + " file not found: " + file, e);
        } catch (IOException e) {
            throw new TlsException("cannot read " + what + " file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String digest(byte[]... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                byte[] bytes = part == null ? new byte[0] : part;
                sha.update(ByteBuffer.allocate(Long.BYTES).putLong(bytes.length).array());
                sha.update(bytes);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
