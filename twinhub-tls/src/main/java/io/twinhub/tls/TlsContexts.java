package io.twinhub.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** Builds Netty server {@link SslContext}s: BoringSSL when its natives load, else the JDK's TLS. */
public final class TlsContexts {

    private static final Logger log = LoggerFactory.getLogger(TlsContexts.class);

    private TlsContexts() {
    }

    /** BoringSSL ({@link SslProvider#OPENSSL}) when netty-tcnative loads on this machine, else the JDK. */
    public static SslProvider preferredProvider() {
        if (OpenSsl.isAvailable()) {
            return SslProvider.OPENSSL;
        }
        log.debug("OpenSSL/BoringSSL not available, using the JDK's TLS", OpenSsl.unavailabilityCause());
        return SslProvider.JDK;
    }

    /** A human description of a provider for the log, e.g. {@code BoringSSL (BoringSSL)}. */
    public static String describe(SslProvider provider) {
        return provider == SslProvider.JDK
                ? "JDK " + Runtime.version().feature()
                : "OpenSSL engine (" + OpenSsl.versionString() + ")";
    }

    /** Reads the settings' files and builds a context with {@code provider}. */
    public static SslContext build(TlsSettings settings, SslProvider provider) {
        return build(settings, TlsFiles.read(settings), provider);
    }

    static SslContext build(TlsSettings settings, TlsFiles files, SslProvider provider) {
        X509Certificate[] chain = Pem.certificates(files.certificateChain(), settings.certificateChain().toString());
        PrivateKey key = Pem.privateKey(files.privateKey(), settings.privateKey().toString());
        Pem.requireMatch(key, chain[0], settings.privateKey().toString());
        SslContextBuilder builder = SslContextBuilder.forServer(key, chain)
                .sslProvider(provider)
                .protocols(TlsSettings.PROTOCOLS)
                .clientAuth(settings.clientAuth().netty());
        if (files.trustedCa() != null) {
            builder.trustManager(Pem.certificates(files.trustedCa(), settings.trustedCa().toString()));
        }
        if (!settings.alpnProtocols().isEmpty()) {
            builder.applicationProtocolConfig(new ApplicationProtocolConfig(
                    ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                    settings.alpnProtocols()));
        }
        try {
            return builder.build();
        } catch (SSLException | RuntimeException e) {
            throw new TlsException("cannot build a TLS context from " + settings.certificateChain() + " and "
                    + settings.privateKey() + ": " + e.getMessage(), e);
        }
    }
}
