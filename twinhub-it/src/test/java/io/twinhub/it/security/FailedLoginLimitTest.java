package io.twinhub.it.security;

import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.twinhub.it.RunningNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Repeated failed logins from one address are refused for a while, even with good credentials. */
class FailedLoginLimitTest {

    private static final int BURST = 4;

    @RegisterExtension
    final RunningNode node = RunningNode.configured(c -> c.withAuth(c.auth().withAnonymous("off").withFailedAuthLimit(BURST, 1)));

    @RegisterExtension
    final Logins logins = new Logins(node);

    @Test
    void guessingFromOneAddressIsRateLimited() {
        String token = node.node().devices().create("dev-r", Map.of()).token();
        List<Mqtt5ConnAckReasonCode> codes = new ArrayList<>();
        for (int i = 0; i < BURST + 3; i++) {  // bounded: a handful of attempts on loopback
            codes.add(logins.connectV5(logins.v5("guess-" + i), "guess-" + i, "thd_guess-" + i + ".wrong"));
        }
        assertThat(codes.subList(0, BURST)).containsOnly(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(codes.subList(BURST, codes.size())).containsOnly(Mqtt5ConnAckReasonCode.CONNECTION_RATE_EXCEEDED);
        // the address is out of attempts: the right token waits too, in both protocol versions
        assertThat(logins.connectV5(logins.v5("dev-r"), "dev-r", token)).isEqualTo(Mqtt5ConnAckReasonCode.CONNECTION_RATE_EXCEEDED);
        assertThat(logins.connectV3(logins.v3("dev-r"), "dev-r", token)).isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED);
        assertThat(node.node().security().authenticator().metrics().rateLimited()).isEqualTo(5);
    }
}
