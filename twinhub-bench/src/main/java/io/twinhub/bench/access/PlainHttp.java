package io.twinhub.bench.access;

import io.twinhub.bench.safety.Loopback;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal blocking HTTP/1.1 client on one keep-alive socket, for timing GETs: a request is one
 * write, the answer is read up to its Content-Length, and nothing else happens in between. A
 * general client (the JDK's) adds its own thread hand-offs to every request, which would be a
 * large part of a sub-millisecond answer. Loopback only; answers must carry Content-Length, as
 * twinhub's do.
 */
public final class PlainHttp implements AutoCloseable {

    /** One answer: its status and body. */
    public record Answer(int status, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final URI base;
    private final String authorization;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;

    public PlainHttp(URI base, String token) {
        Loopback.requireLoopback(base.getHost().replace("[", "").replace("]", ""));
        this.base = base;
        this.authorization = token == null ? "" : "Authorization: Bearer " + token + "\r\n";
    }

    /** GET {@code pathAndQuery} (already encoded); reconnects once if the server closed the idle socket. */
    public Answer get(String pathAndQuery) throws IOException {
        byte[] request = ("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\n" + authorization + "Accept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        try {
            return exchange(request);
        } catch (IOException e) {
            close();
            return exchange(request);
        }
    }

    private Answer exchange(byte[] request) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
            socket.setSoTimeout(30_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
            start = end = 0;
        }
        out.write(request);
        out.flush();
        String head = readHead();
        int status = Integer.parseInt(head.substring(9, 12));
        int length = -1;
        boolean close = false;
        for (String line : head.split("\r\n")) {
            String l = line.toLowerCase(Locale.ROOT);
            if (l.startsWith("content-length:")) {
                length = Integer.parseInt(l.substring(15).trim());
            } else if (l.startsWith("connection:") && l.contains("close")) {
                close = true;
            }
        }
        if (length < 0) {
            throw new IOException("answer without Content-Length: " + head);
        }
        byte[] body = new byte[length];
        int got = Math.min(length, end - start);
        System.arraycopy(buffer, start, body, 0, got);
        start += got;
        while (got < length) {
            int n = in.read(body, got, length - got);
            if (n < 0) {
                throw new IOException("connection closed in the middle of an answer");
            }
            got += n;
        }
        if (close) {
            close();
        }
        return new Answer(status, body);
    }

    /** Reads up to and including the blank line that ends the head. */
    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(256);
        int matched = 0;
        while (true) {
            if (start == end) {
                start = 0;
                end = in.read(buffer);
                if (end < 0) {
                    end = 0;
                    throw new IOException("connection closed before an answer");
                }
            }
            byte b = buffer[start++];
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toString(StandardCharsets.US_ASCII);
            }
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}
