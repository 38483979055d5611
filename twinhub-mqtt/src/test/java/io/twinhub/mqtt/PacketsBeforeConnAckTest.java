package io.twinhub.mqtt;

import io.twinhub.core.Broker;
import io.twinhub.core.BrokerLimits;
import io.twinhub.core.auth.AuthOutcome;
import io.twinhub.core.auth.Authenticator;
import io.twinhub.core.auth.Authenticators;
import io.twinhub.core.auth.ClientCredentials;
import io.twinhub.core.store.MemoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client may send packets right behind CONNECT without waiting for CONNACK. They are held until
 * the connection is authenticated and then run in order, whether the credentials are checked at
 * once (a cached token) or later on another thread (a slow hash).
 */
class PacketsBeforeConnAckTest {

    private static final Authenticator ANONYMOUS = Authenticators.anonymous();
    private MqttServer server;

    @AfterEach
    void close() {
        server.close();
    }

    @ParameterizedTest(name = "credentials checked after {0} ms")
    @ValueSource(ints = {0, 300})
    void packetsSentWithConnectRunInOrderOnceItIsAccepted(int authMillis) throws Exception {
        Authenticator delayed = new Authenticator() {
            @Override
            public CompletionStage<AuthOutcome> authenticate(ClientCredentials credentials) {
                if (authMillis == 0) {
                    return ANONYMOUS.authenticate(credentials);
                }
                return CompletableFuture.supplyAsync(() -> ANONYMOUS.authenticate(credentials),
                                CompletableFuture.delayedExecutor(authMillis, TimeUnit.MILLISECONDS))
                        .thenCompose(stage -> stage);
            }

            @Override
            public CompletionStage<AuthOutcome> authenticateBearer(String token, String remoteAddress) {
                return ANONYMOUS.authenticateBearer(token, remoteAddress);
            }
        };
        server = new MqttServer(new Broker(BrokerLimits.defaults(), new MemoryStore()),
                new MqttServerSettings("127.0.0.1", 0, "auto", 1, 10), new ListenerSecurity(delayed, 0));
        server.open();
        server.listen();

        ByteArrayOutputStream burst = new ByteArrayOutputStream();
        burst.writeBytes(new byte[] {0x10, 13, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 30, 0, 1, 'p'}); // CONNECT "p"
        burst.writeBytes(new byte[] {(byte) 0x82, 6, 0, 1, 0, 1, 't', 0});                         // SUBSCRIBE 1 "t" QoS 0
        burst.writeBytes(new byte[] {0x30, 4, 0, 1, 't', 'x'});                                       // PUBLISH "t" "x"
        burst.writeBytes(new byte[] {(byte) 0xC0, 0});                                                // PINGREQ
        try (Socket s = new Socket("127.0.0.1", server.localAddress().getPort())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(burst.toByteArray());
            InputStream in = s.getInputStream();
            assertThat(in.readNBytes(4)).as("CONNACK").containsExactly(0x20, 2, 0, 0);
            assertThat(in.readNBytes(5)).as("SUBACK").containsExactly(0x90, 3, 0, 1, 0);
            // The delivery to its own subscription is routed, the PINGRESP is answered at once:
            // MQTT sets no order between the two.
            byte[] rest = in.readNBytes(8);
            byte[] publish = {0x30, 4, 0, 1, 't', 'x'};
            byte[] pingResp = {(byte) 0xD0, 0};
            assertThat(rest).as("the PUBLISH to its own subscription and PINGRESP")
                    .isIn(concat(publish, pingResp), concat(pingResp, publish));

            // and reading goes on after the hand-over
            s.getOutputStream().write(new byte[] {(byte) 0xC0, 0});
            assertThat(in.readNBytes(2)).as("PINGRESP").containsExactly(0xD0, 0);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
