package io.twinhub.auth;

import io.twinhub.core.auth.InMemoryCredentialStore;
import io.twinhub.core.device.CreatedDevice;
import io.twinhub.core.device.Device;
import io.twinhub.core.device.DeviceExistsException;
import io.twinhub.core.device.DevicePage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoredDeviceRegistryTest {

    private final StoredDeviceRegistry registry =
            new StoredDeviceRegistry(new InMemoryCredentialStore(), new SecretHasher(TestSecurity.FAST));

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aCreatedDeviceVerifiesWithItsTokenOnly() {
        CreatedDevice created = registry.create("dev-1", Map.of("model", "x1"));
        assertThat(created.token()).startsWith("thd_dev-1.");
        assertThat(created.device().attributes()).containsEntry("model", "x1");
        assertThat(registry.verifyToken("dev-1", b(created.token()))).isTrue();
        assertThat(registry.verifyToken("dev-1", b(created.token() + "x"))).isFalse();
        assertThat(registry.verifyToken("dev-2", b(created.token()))).isFalse();
        assertThat(registry.get("dev-1")).map(Device::id).contains("dev-1");
    }

    @Test
    void idsAreValidatedAndUnique() {
        registry.create("a", null);
        assertThatThrownBy(() -> registry.create("a", Map.of())).isInstanceOf(DeviceExistsException.class);
        assertThatThrownBy(() -> registry.create("a/b", Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.create("", Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(registry.get("a/b")).isEmpty();
    }

    @Test
    void rotationReplacesTheTokenAtOnce() {
        String old = registry.create("d", Map.of()).token();
        List<String> changed = new java.util.ArrayList<>();
        registry.onCredentialChange(changed::add);
        String fresh = registry.rotateToken("d").orElseThrow().token();
        assertThat(fresh).isNotEqualTo(old);
        assertThat(registry.verifyToken("d", b(old))).isFalse();
        assertThat(registry.verifyToken("d", b(fresh))).isTrue();
        assertThat(changed).containsExactly("d");
        assertThat(registry.rotateToken("nobody")).isEmpty();
    }

    @Test
    void deleteRemovesTheDeviceAndItsToken() {
        String token = registry.create("d", Map.of()).token();
        assertThat(registry.delete("d")).isTrue();
        assertThat(registry.delete("d")).isFalse();
        assertThat(registry.get("d")).isEmpty();
        assertThat(registry.verifyToken("d", b(token))).isFalse();
    }

    @Test
    void attributesTakeAMergePatch() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("fw", "1.0");
        nested.put("hw", "b");
        registry.create("d", Map.of("site", "north", "version", nested));
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("site", null);
        patch.put("version", Map.of("fw", "1.1"));
        patch.put("room", 12);
        Device d = registry.patchAttributes("d", patch).orElseThrow();
        assertThat(d.attributes()).doesNotContainKey("site").containsEntry("room", 12)
                .containsEntry("version", Map.of("fw", "1.1", "hw", "b"));
        assertThat(registry.get("d").orElseThrow().attributes()).isEqualTo(d.attributes());
        assertThat(registry.patchAttributes("none", Map.of())).isEmpty();
    }

    @Test
    void listingPagesThroughIdsInOrder() {
        for (String id : List.of("b-2", "a-1", "b-1", "b-3", "c-1")) {
            registry.create(id, Map.of());
        }
        DevicePage first = registry.list("b-", 2, null);
        assertThat(first.devices()).extracting(Device::id).containsExactly("b-1", "b-2");
        DevicePage second = registry.list("b-", 2, first.nextCursor());
        assertThat(second.devices()).extracting(Device::id).containsExactly("b-3");
        assertThat(second.nextCursor()).isNull();
        assertThat(registry.list("", 10, null).devices()).extracting(Device::id)
                .containsExactly("a-1", "b-1", "b-2", "b-3", "c-1");
        assertThat(registry.list("", 5, null).nextCursor()).isNull();
        assertThat(registry.list("z", 5, null).devices()).isEmpty();
    }
}
