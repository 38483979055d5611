package io.twinhub.core.auth;

/** The answer to an authentication attempt. */
public sealed interface AuthOutcome {

    record Accepted(Principal principal) implements AuthOutcome { }

    /**
     * @param reason why, mapped to a CONNACK code / HTTP status by the protocol layer
     * @param message a short text for logs and MQTT 5 reason strings; never reveals which part was wrong
     */
    record Refused(Reason reason, String message) implements AuthOutcome { }

    enum Reason {
        /** Unknown identity, wrong or revoked token, bad certificate: CONNACK 0x04 / 0x86, HTTP 401. */
        BAD_CREDENTIALS,
        /** Known but not allowed (e.g. anonymous access off, client id does not match): 0x05 / 0x87, HTTP 403. */
        NOT_AUTHORIZED,
        /** Too many failed attempts from this address or for this client id: 0x05 / 0x9F, HTTP 429. */
        RATE_LIMITED,
        /** The credential store could not be read: 0x03 / 0x88, HTTP 503. */
        UNAVAILABLE
    }
}
