package io.twinhub.auth;

import io.twinhub.core.auth.AccessRules;
import io.twinhub.core.auth.AuthOutcome;
import io.twinhub.core.auth.AuthOutcome.Reason;
import io.twinhub.core.auth.ClientCredentials;
import io.twinhub.core.auth.Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import static io.twinhub.auth.TestSecurity.await;
import static io.twinhub.auth.TestSecurity.mqtt;
import static org.assertj.core.api.Assertions.assertThat;

class HubAuthenticatorTest {

    private HubSecurity security = TestSecurity.open(AuthSettings.defaults().withAnonymous(AnonymousPolicy.OFF));

    @AfterEach
    void close() {
        security.close();
    }

    private AuthOutcome connect(ClientCredentials c) {
        return await(security.authenticator().authenticate(c));
    }

    private static Principal accepted(AuthOutcome o) {
        assertThat(o).isInstanceOf(AuthOutcome.Accepted.class);
        return ((AuthOutcome.Accepted) o).principal();
    }

    private static Reason refused(AuthOutcome o) {
        assertThat(o).isInstanceOf(AuthOutcome.Refused.class);
        return ((AuthOutcome.Refused) o).reason();
    }

    @Test
    void aDeviceConnectsWithItsTokenAndIsConfinedToItsThing() {
        String token = security.devices().create("dev-1", Map.of()).token();
        Principal p = accepted(connect(mqtt("dev-1", "dev-1", token)));
        assertThat(p.kind()).isEqualTo(Principal.Kind.DEVICE);
        assertThat(p.name()).isEqualTo("dev-1");
        assertThat(p.permissions().mayPublish("$twin/things/dev-1/telemetry")).isTrue();
        assertThat(p.permissions().mayPublish("$twin/things/dev-2/telemetry")).isFalse();
    }

    @Test
    void wrongTokensAndMismatchedIdsAreRefused() {
        String token = security.devices().create("dev-1", Map.of()).token();
        String other = security.devices().create("dev-2", Map.of()).token();
        assertThat(refused(connect(mqtt("dev-1", "dev-1", token + "x")))).isEqualTo(Reason.BAD_CREDENTIALS);
        assertThat(refused(connect(mqtt("dev-1", "dev-1", other)))).isEqualTo(Reason.BAD_CREDENTIALS);
        assertThat(refused(connect(mqtt("dev-1", "dev-1", null)))).isEqualTo(Reason.BAD_CREDENTIALS);
        assertThat(refused(connect(mqtt("other", "dev-1", token)))).isEqualTo(Reason.NOT_AUTHORIZED);
        assertThat(refused(connect(mqtt("dev-1", "nobody", "secret")))).isEqualTo(Reason.BAD_CREDENTIALS);
    }

    @Test
    void aVerifiedTokenIsCachedUntilItIsRotated() {
        String token = security.devices().create("dev-1", Map.of()).token();
        accepted(connect(mqtt("dev-1", "dev-1", token)));
        long slow = security.authenticator().metrics().slowChecks();
        for (int i = 0; i < 20; i++) {
            accepted(connect(mqtt("dev-1", "dev-1", token)));
        }
        assertThat(security.authenticator().metrics().slowChecks()).isEqualTo(slow);
        assertThat(security.authenticator().metrics().cacheHits()).isEqualTo(20);
        // a cached token lets in no one else, and no other token of the device
        String other = security.devices().create("dev-2", Map.of()).token();
        assertThat(refused(connect(mqtt("dev-2", "dev-2", token)))).isEqualTo(Reason.BAD_CREDENTIALS);
        assertThat(refused(connect(mqtt("dev-1", "dev-1", other)))).isEqualTo(Reason.BAD_CREDENTIALS);
        char last = token.charAt(token.length() - 1);
        String oneOff = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThat(refused(connect(mqtt("dev-1", "dev-1", oneOff)))).isEqualTo(Reason.BAD_CREDENTIALS);

        String fresh = security.devices().rotateToken("dev-1").orElseThrow().token();
        assertThat(refused(connect(mqtt("dev-1", "dev-1", token)))).isEqualTo(Reason.BAD_CREDENTIALS);
        accepted(connect(mqtt("dev-1", "dev-1", fresh)));
        security.devices().delete("dev-1");
        assertThat(refused(connect(mqtt("dev-1", "dev-1", fresh)))).isEqualTo(Reason.BAD_CREDENTIALS);
    }

    @Test
    void aCertificateCommonNameAuthenticatesARegisteredDeviceWithThatClientId() {
        security.devices().create("dev-1", Map.of());
        ClientCredentials ok = new ClientCredentials("dev-1", null, null, "dev-1", "192.0.2.1", false);
        assertThat(accepted(connect(ok)).kind()).isEqualTo(Principal.Kind.DEVICE);
        ClientCredentials mismatch = new ClientCredentials("dev-2", null, null, "dev-1", "192.0.2.1", false);
        assertThat(refused(connect(mismatch))).isEqualTo(Reason.NOT_AUTHORIZED);
        ClientCredentials unknown = new ClientCredentials("dev-9", null, null, "dev-9", "192.0.2.1", false);
        assertThat(refused(connect(unknown))).isEqualTo(Reason.BAD_CREDENTIALS);
    }

    @Test
    void anonymousFollowsThePolicyAndNeverReplacesBadCredentials() {
        ClientCredentials loopbackAnon = new ClientCredentials("c", null, null, null, "127.0.0.1", true);
        ClientCredentials remoteAnon = new ClientCredentials("c", "", null, null, "192.0.2.1", false);
        ClientCredentials unknownUser = new ClientCredentials("c", "someone", new byte[] {1}, null, "127.0.0.1", true);
        assertThat(refused(connect(loopbackAnon))).isEqualTo(Reason.NOT_AUTHORIZED);
        security.close();

        security = TestSecurity.open(AuthSettings.defaults());  // auto
        assertThat(accepted(connect(loopbackAnon)).kind()).isEqualTo(Principal.Kind.ANONYMOUS);
        assertThat(refused(connect(remoteAnon))).isEqualTo(Reason.NOT_AUTHORIZED);
        assertThat(refused(connect(unknownUser))).isEqualTo(Reason.BAD_CREDENTIALS);
        security.close();

        security = TestSecurity.open(AuthSettings.defaults().withAnonymous(AnonymousPolicy.ON));
        Principal anon = accepted(connect(remoteAnon));
        assertThat(anon.permissions().mayPublish("$twin/things/x/shadow/update")).isTrue();
        assertThat(refused(connect(unknownUser))).isEqualTo(Reason.BAD_CREDENTIALS);
    }

    @Test
    void applicationRulesAreCompiledWithThePlaceholders() {
        AccessRules rules = new AccessRules(List.of("$twin/things/+/commands/#", "apps/{username}/{clientId}/#"),
                List.of("$twin/things/+/telemetry"), List.of("sensor-*"));
        String secret = security.applications().create("dash", rules).secret();
        Principal p = accepted(connect(mqtt("dash-7", "dash", secret)));
        assertThat(p.kind()).isEqualTo(Principal.Kind.APPLICATION);
        assertThat(p.permissions().mayPublish("apps/dash/dash-7/x")).isTrue();
        assertThat(p.permissions().mayPublish("apps/dash/dash-8/x")).isFalse();
        assertThat(p.permissions().maySubscribe("$twin/things/+/telemetry")).isTrue();
        assertThat(p.permissions().maySubscribe("$twin/things/+/shadow/update")).isFalse();
        assertThat(p.mayManageThing("sensor-3")).isTrue();
        assertThat(p.mayManageThing("pump-1")).isFalse();

        security.applications().updateRules("dash", AccessRules.NONE);
        Principal after = accepted(connect(mqtt("dash-7", "dash", secret)));
        assertThat(after.permissions().mayPublish("apps/dash/dash-7/x")).isFalse();
    }

    @Test
    void bearerTokensOfEveryKind() {
        String admin = security.adminTokens().bootstrap().orElseThrow();
        assertThat(security.adminTokens().bootstrap()).isEmpty();
        String device = security.devices().create("dev-1", Map.of()).token();
        String app = security.applications().create("app", new AccessRules(List.of(), List.of(), List.of("*"))).secret();

        Principal a = accepted(await(security.authenticator().authenticateBearer(admin, "192.0.2.1")));
        assertThat(a.kind()).isEqualTo(Principal.Kind.ADMIN);
        assertThat(a.mayManageThing("anything")).isTrue();
        Principal d = accepted(await(security.authenticator().authenticateBearer(device, "192.0.2.1")));
        assertThat(d.mayManageThing("dev-1")).isTrue();
        assertThat(d.mayManageThing("dev-2")).isFalse();
        assertThat(accepted(await(security.authenticator().authenticateBearer(app, "192.0.2.1"))).mayManageThing("x")).isTrue();
        assertThat(refused(await(security.authenticator().authenticateBearer("thk_admin.nope", "192.0.2.1"))))
                .isEqualTo(Reason.BAD_CREDENTIALS);
        assertThat(refused(await(security.authenticator().authenticateBearer("garbage", "192.0.2.1"))))
                .isEqualTo(Reason.BAD_CREDENTIALS);
        security.adminTokens().delete("admin");
        assertThat(refused(await(security.authenticator().authenticateBearer(admin, "192.0.2.1"))))
                .isEqualTo(Reason.BAD_CREDENTIALS);
    }

    @Test
    void repeatedFailuresFromOneAddressAreRateLimited() {
        security.close();
        security = TestSecurity.open(AuthSettings.defaults().withAnonymous(AnonymousPolicy.OFF).withFailureLimit(3, 1));
        String token = security.devices().create("dev-1", Map.of()).token();
        for (int i = 0; i < 3; i++) {
            assertThat(refused(connect(mqtt("c" + i, "c" + i, "thd_c" + i + ".bad")))).isEqualTo(Reason.BAD_CREDENTIALS);
        }
        // the address is out of attempts: even good credentials wait, and nothing is checked
        long slow = security.authenticator().metrics().slowChecks();
        assertThat(refused(connect(mqtt("dev-1", "dev-1", token)))).isEqualTo(Reason.RATE_LIMITED);
        assertThat(security.authenticator().metrics().slowChecks()).isEqualTo(slow);
        assertThat(security.authenticator().metrics().rateLimited()).isEqualTo(1);
        // another address is not affected
        ClientCredentials elsewhere = new ClientCredentials("dev-1", "dev-1",
                token.getBytes(java.nio.charset.StandardCharsets.UTF_8), null, "198.51.100.7", false);
        accepted(connect(elsewhere));
    }

    @Test
    void aFullQueueRefusesAsUnavailableInsteadOfWaiting() {
        security.close();
        AuthSettings tiny = new AuthSettings(AnonymousPolicy.OFF, 1, 1, 100, 0, 0, new SecretHasher.Params(64 * 1024, 3, 1));
        security = new HubSecurity(new io.twinhub.core.auth.InMemoryCredentialStore(), tiny);
        String token = security.devices().create("dev-1", Map.of()).token();
        List<CompletionStage<AuthOutcome>> attempts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            attempts.add(security.authenticator().authenticate(mqtt("dev-1", "dev-1", token + i)));
        }
        long unavailable = attempts.stream().map(TestSecurity::await)
                .filter(o -> o instanceof AuthOutcome.Refused r && r.reason() == Reason.UNAVAILABLE).count();
        assertThat(unavailable).isGreaterThanOrEqualTo(4);  // one running, one queued, the rest refused at once
        assertThat(security.authenticator().metrics().busy()).isEqualTo(unavailable);
    }
}
