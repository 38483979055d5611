package io.twinhub.store;

import io.twinhub.auth.AdminTokens;
import io.twinhub.auth.ApplicationCredentials;
import io.twinhub.auth.SecretHasher;
import io.twinhub.auth.StoredDeviceRegistry;
import io.twinhub.core.auth.AccessRules;
import io.twinhub.core.auth.CredentialStore;
import io.twinhub.core.auth.CredentialStore.Table;
import io.twinhub.core.device.CreatedDevice;
import io.twinhub.core.device.Device;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RocksCredentialStoreTest {

    private static final SecretHasher HASHER = new SecretHasher(new SecretHasher.Params(1024, 1, 1));

    @TempDir
    Path tmp;

    private RocksBrokerStore store;

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private CredentialStore open() {
        // durability NONE for messages: credential writes must be durable all the same
        store = RocksBrokerStore.open(StoreSettings.defaults(tmp.resolve("data")).withDurability(Durability.NONE));
        return store.credentials();
    }

    private CredentialStore reopen() {
        store.close();
        return open();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> keys(List<CredentialStore.Entry> entries) {
        return entries.stream().map(CredentialStore.Entry::key).toList();
    }

    @Test
    void recordsSurviveAReopenTableByTable() {
        CredentialStore c = open();
        c.put(Table.DEVICES, "d1", b("one"));
        c.put(Table.APPLICATIONS, "d1", b("app"));
        c.put(Table.DEVICES, "d2", b("two"));
        c.delete(Table.DEVICES, "d2");
        c.delete(Table.DEVICES, "never-was");

        CredentialStore again = reopen();
        assertThat(again.get(Table.DEVICES, "d1")).isEqualTo(b("one"));
        assertThat(again.get(Table.APPLICATIONS, "d1")).isEqualTo(b("app"));
        assertThat(again.get(Table.DEVICES, "d2")).isNull();
        assertThat(again.get(Table.ADMIN_TOKENS, "d1")).isNull();
        // the broker's own state is unaffected by the new column families
        assertThat(store.recover().sessions()).isEmpty();
    }

    @Test
    void scanIsInKeyOrderWithinThePrefixAfterTheCursor() {
        CredentialStore c = open();
        for (String k : List.of("b-2", "a", "b-1", "b", "b-10", "c", "bz")) {
            c.put(Table.DEVICES, k, b(k));
        }
        assertThat(keys(c.scan(Table.DEVICES, "", null, 100))).containsExactly("a", "b", "b-1", "b-10", "b-2", "bz", "c");
        assertThat(keys(c.scan(Table.DEVICES, "b-", null, 100))).containsExactly("b-1", "b-10", "b-2");
        assertThat(keys(c.scan(Table.DEVICES, "b-", "b-1", 100))).containsExactly("b-10", "b-2");
        assertThat(keys(c.scan(Table.DEVICES, "b-", "b-10", 1))).containsExactly("b-2");
        assertThat(keys(c.scan(Table.DEVICES, "b-", "a", 2))).containsExactly("b-1", "b-10");
        assertThat(keys(c.scan(Table.DEVICES, "b-", "b-2", 5))).isEmpty();
        assertThat(keys(c.scan(Table.DEVICES, "", "bz", 5))).containsExactly("c");
        assertThat(c.scan(Table.DEVICES, "b-1", null, 5).getFirst().value()).isEqualTo(b("b-1"));
    }

    @Test
    void theRegistrySurvivesARestartAndStoresOnlyHashes() throws IOException {
        StoredDeviceRegistry registry = new StoredDeviceRegistry(open(), HASHER);
        CreatedDevice dev = registry.create("dev-1", Map.of("site", "north"));
        String rotated = registry.rotateToken(registry.create("dev-2", Map.of()).device().id()).orElseThrow().token();
        ApplicationCredentials apps = new ApplicationCredentials(store.credentials(), HASHER);
        String appSecret = apps.create("dash", new AccessRules(List.of("a/#"), List.of("b/+"), List.of("*"))).secret();
        String adminToken = new AdminTokens(store.credentials(), HASHER).bootstrap().orElseThrow();
        store.close();
        List<String> secrets = List.of(dev.token(), rotated, appSecret, adminToken);
        for (String secret : secrets) {
            assertThat(containsInAnyFile(tmp.resolve("data"), secret)).as("clear token on disk").isFalse();
            // and not the random part alone either
            String randomPart = secret.substring(secret.lastIndexOf('.') + 1);
            assertThat(containsInAnyFile(tmp.resolve("data"), randomPart)).isFalse();
        }

        StoredDeviceRegistry again = new StoredDeviceRegistry(open(), HASHER);
        Device d = again.get("dev-1").orElseThrow();
        assertThat(d.attributes()).containsEntry("site", "north");
        assertThat(again.verifyToken("dev-1", b(dev.token()))).isTrue();
        assertThat(again.verifyToken("dev-2", b(rotated))).isTrue();
        assertThat(again.list("", 10, null).devices()).extracting(Device::id).containsExactly("dev-1", "dev-2");
        assertThat(new ApplicationCredentials(store.credentials(), HASHER).verify("dash", b(appSecret)))
                .hasValueSatisfying(r -> assertThat(r.publish()).containsExactly("a/#"));
        AdminTokens admins = new AdminTokens(store.credentials(), HASHER);
        assertThat(admins.verify("admin", b(adminToken))).isTrue();
        assertThat(admins.bootstrap()).isEmpty();  // not a first start any more

        // the stored record holds an Argon2id hash where the token would be
        String raw = new String(store.credentials().get(Table.DEVICES, "dev-1"), StandardCharsets.UTF_8);
        assertThat(raw).contains("$argon2id$").doesNotContain(dev.token());
    }

    @Test
    void aClosedStoreRefusesCredentialCalls() {
        CredentialStore c = open();
        store.close();
        assertThatThrownBy(() -> c.get(Table.DEVICES, "x")).isInstanceOf(IllegalStateException.class);
        store = null;
    }

    /** Scans every file of the data directory (WAL, SST, MANIFEST) for the bytes of {@code needle}. */
    private static boolean containsInAnyFile(Path dir, String needle) throws IOException {
        byte[] n = b(needle);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] content = Files.readAllBytes(f);
                if (indexOf(content, n) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
