package io.twinhub.auth;

import io.twinhub.core.auth.CredentialStore;

/**
 * Everything a node needs for authentication, on one credential store: the device registry,
 * application credentials, admin tokens and the authenticator over them.
 */
public final class HubSecurity implements AutoCloseable {

    private final StoredDeviceRegistry devices;
    private final ApplicationCredentials applications;
    private final AdminTokens adminTokens;
    private final HubAuthenticator authenticator;

    public HubSecurity(CredentialStore store, AuthSettings settings) {
        SecretHasher hasher = new SecretHasher(settings.hashParams());
        this.devices = new StoredDeviceRegistry(store, hasher);
        this.applications = new ApplicationCredentials(store, hasher);
        this.adminTokens = new AdminTokens(store, hasher);
        this.authenticator = new HubAuthenticator(devices, applications, adminTokens, settings);
    }

    public StoredDeviceRegistry devices() { return devices; }

    public ApplicationCredentials applications() { return applications; }

    public AdminTokens adminTokens() { return adminTokens; }

    public HubAuthenticator authenticator() { return authenticator; }

    @Override
    public void close() {
        authenticator.close();
    }
}
