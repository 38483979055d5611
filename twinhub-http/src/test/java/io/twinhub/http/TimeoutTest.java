package io.twinhub.http;

import io.twinhub.http.testkit.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Slow and idle HTTP/1 clients do not keep connections (and memory) forever. */
class TimeoutTest {

    private static final long READ_TIMEOUT_MS = 500;
    private final TestHub hub = TestHub.start(s -> s.withTimeouts(Duration.ofMillis(READ_TIMEOUT_MS), Duration.ofMillis(800)));

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void slowLorisHeadersGet408AndAreClosed() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            long start = System.nanoTime();
            out.write("GET /health/live HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = null;
            // one header line every 100 ms, never the blank line that ends the headers
            for (int i = 0; i < 40 && answer == null; i++) {
                try {
                    out.write(("X-Slow-" + i + ": y\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (SocketException closed) {
                    break;
                }
                Thread.sleep(100);
                if (s.getInputStream().available() > 0) {
                    answer = readUntilClosed(s);
                }
            }
            if (answer == null) {
                answer = readUntilClosed(s);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(answer).startsWith("HTTP/1.1 408").contains("\"code\":408").contains("connection: close");
            assertThat(millis).isBetween(READ_TIMEOUT_MS - 50, READ_TIMEOUT_MS + 1500);
        }
    }

    @Test
    void slowBodyGets408() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write(("POST /api/v1/things HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"id\":").getBytes(StandardCharsets.US_ASCII));

            assertThat(readUntilClosed(s)).startsWith("HTTP/1.1 408");
        }
    }

    @Test
    void eachRequestGetsItsOwnTimeOnAKeptAliveConnection() throws Exception {
        try (Socket s = connect()) {
            for (int i = 0; i < 3; i++) {
                s.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(readResponse(s)).startsWith("HTTP/1.1 200");
                Thread.sleep(READ_TIMEOUT_MS / 2 + 50); // the three together take longer than one read timeout
            }
        }
    }

    @Test
    void idleConnectionIsClosedSilently() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(s)).startsWith("HTTP/1.1 200");
            long start = System.nanoTime();

            assertThat(readUntilClosed(s)).isEmpty();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(600L, 3000L);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        hub.registry.onCall = () -> sleep(300); // the first answer is slow, the second would be quick
        try (Socket s = connect()) {
            s.getOutputStream().write(("GET /api/v1/things/slow HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestHub.ADMIN
                    + "\r\n\r\nGET /health/live HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));

            String first = readResponse(s);
            String second = readResponse(s);

            assertThat(first).startsWith("HTTP/1.1 404").contains("no thing 'slow'");
            assertThat(second).startsWith("HTTP/1.1 200").contains("live");
        }
    }

    @Test
    void malformedRequestIs400AndClosed() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write("GARBAGE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = readUntilClosed(s);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("\"code\":400");
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", hub.port());
        s.setSoTimeout(5000);
        return s;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Everything the server sends until it closes the connection (bounded by the socket timeout). */
    static String readUntilClosed(Socket s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
        } catch (SocketException reset) {
            // closed
        } catch (SocketTimeoutException e) {
            throw new AssertionError("connection not closed; got so far: " + out.toString(StandardCharsets.UTF_8), e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** One response with a content-length body. */
    static String readResponse(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("closed after: " + head);
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
