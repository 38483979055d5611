package io.twinhub.bench.safety;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoopbackTest {

    @Test
    void acceptsLoopbackTargets() {
        assertThat(Loopback.parseTarget("127.0.0.1:1883")).isEqualTo(new InetSocketAddress("127.0.0.1", 1883));
        assertThat(Loopback.parseTarget("127.1.2.3:80").getAddress().isLoopbackAddress()).isTrue();
        assertThat(Loopback.parseTarget("[::1]:1883").getAddress().isLoopbackAddress()).isTrue();
        assertThat(Loopback.parseTarget("localhost:1883").getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void refusesEverythingElse() {
        for (String t : new String[] {"10.0.0.1:1883", "0.0.0.0:1883", "192.168.1.1:1883", "8.8.8.8:53", "[::]:1883",
                "[2001:db8::1]:1883"}) {
            assertThatThrownBy(() -> Loopback.parseTarget(t)).as(t)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refusing");
        }
    }

    @Test
    void refusesMalformedTargets() {
        for (String t : new String[] {"127.0.0.1", "127.0.0.1:0", "127.0.0.1:70000", "127.0.0.1:x", "::1:1883", "[::1]"}) {
            assertThatThrownBy(() -> Loopback.parseTarget(t)).as(t).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
