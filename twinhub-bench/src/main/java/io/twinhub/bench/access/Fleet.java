package io.twinhub.bench.access;

import java.util.List;

/**
 * A group of devices ready to connect: their ids (client id = user name = device id), their
 * tokens when they log in with one, and the TLS client that holds their sessions and certificates.
 *
 * @param ids device ids in connection order
 * @param tokens the device tokens in the same order, or null (anonymous, certificates)
 * @param tls the group's TLS client, or null for plain TCP
 * @param tlsHost the server name checked against its certificate
 */
public record Fleet(List<String> ids, List<String> tokens, ClientTls tls, String tlsHost) {

    public Fleet {
        ids = List.copyOf(ids);
        tokens = tokens == null ? null : List.copyOf(tokens);
        if (tokens != null && tokens.size() != ids.size()) {
            throw new IllegalArgumentException("one token per device");
        }
    }

    public int size() {
        return ids.size();
    }

    /** Full TLS handshakes so far (0 without TLS). */
    public long fullHandshakes() {
        return tls == null ? 0 : tls.fullHandshakes();
    }
}
