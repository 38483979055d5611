package io.twinhub.it.security;

import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.twinhub.core.device.DeviceRegistry;
import io.twinhub.it.RunningNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Devices log in with their token, over MQTT 3.1.1 and 5.0; everything else is refused with the right code. */
class DeviceLoginTest {

    @RegisterExtension
    final RunningNode node = RunningNode.configured(c -> c.withAuth(c.auth().withAnonymous("off")));

    @RegisterExtension
    final Logins logins = new Logins(node);

    private DeviceRegistry devices() {
        return node.node().devices();
    }

    @Test
    void aDeviceWithItsTokenConnects() {
        String token = devices().create("dev-ok", Map.of()).token();
        assertThat(logins.connectV5(logins.v5("dev-ok"), "dev-ok", token)).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(logins.connectV3(logins.v3("dev-ok"), "dev-ok", token)).isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
    }

    @Test
    void aWrongTokenIsABadUserNameOrPassword() {
        String token = devices().create("dev-w", Map.of()).token();
        String wrong = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        assertThat(logins.connectV5(logins.v5("dev-w"), "dev-w", wrong)).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(logins.connectV3(logins.v3("dev-w"), "dev-w", wrong)).isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(logins.connectV5(logins.v5("dev-w"), "dev-w", null)).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(logins.connectV3(logins.v3("nobody"), "nobody", "thd_nobody.x")).isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void aDeletedDevicesTokenIsRefused() {
        String token = devices().create("dev-del", Map.of()).token();
        assertThat(logins.connectV5(logins.v5("dev-del"), "dev-del", token)).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(devices().delete("dev-del")).isTrue();
        // the token was verified (and cached) a moment ago; deleting must revoke it at once
        assertThat(logins.connectV5(logins.v5("dev-del"), "dev-del", token)).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(logins.connectV3(logins.v3("dev-del"), "dev-del", token)).isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void aRotatedAwayTokenIsRefusedAndTheNewOneWorks() {
        String old = devices().create("dev-rot", Map.of()).token();
        assertThat(logins.connectV3(logins.v3("dev-rot"), "dev-rot", old)).isEqualTo(Mqtt3ConnAckReturnCode.SUCCESS);
        String fresh = devices().rotateToken("dev-rot").orElseThrow().token();
        assertThat(logins.connectV5(logins.v5("dev-rot"), "dev-rot", old)).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(logins.connectV3(logins.v3("dev-rot"), "dev-rot", old)).isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(logins.connectV5(logins.v5("dev-rot"), "dev-rot", fresh)).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
    }

    @Test
    void aDeviceMustUseItsIdAsClientId() {
        String token = devices().create("dev-id", Map.of()).token();
        assertThat(logins.connectV5(logins.v5("someone-else"), "dev-id", token)).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
        assertThat(logins.connectV3(logins.v3("someone-else"), "dev-id", token)).isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED);
    }

    @Test
    void anonymousClientsAreRefusedWhenThePolicyIsOff() {
        assertThat(logins.connectV5(logins.v5("anon"), null, null)).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
        assertThat(logins.connectV3(logins.v3("anon"), null, null)).isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED);
    }

    @Test
    void aRefusedLoginDoesNotDisturbTheConnectedDevice() throws Exception {
        String token = devices().create("dev-held", Map.of()).token();
        var device = logins.connectedV5("dev-held", "dev-held", token);
        assertThat(logins.connectV5(logins.v5("dev-held"), "dev-held", "thd_dev-held.guess"))
                .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        Thread.sleep(200);
        assertThat(device.getState().isConnected()).isTrue();
    }
}
