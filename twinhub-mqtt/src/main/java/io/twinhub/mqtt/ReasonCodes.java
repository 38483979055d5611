package io.twinhub.mqtt;

/** MQTT 5 reason codes this broker sends (MQTT 5.0 §2.4), named as the specification names them. */
final class ReasonCodes {
    static final byte SUCCESS = 0x00;
    static final byte DISCONNECT_WITH_WILL = 0x04;
    static final byte NO_MATCHING_SUBSCRIBERS = 0x10;
    static final byte NO_SUBSCRIPTION_EXISTED = 0x11;
    static final byte UNSPECIFIED_ERROR = (byte) 0x80;
    static final byte MALFORMED_PACKET = (byte) 0x81;
    static final byte PROTOCOL_ERROR = (byte) 0x82;
    static final byte IMPLEMENTATION_SPECIFIC_ERROR = (byte) 0x83;
    static final byte NOT_AUTHORIZED = (byte) 0x87;
    static final byte SERVER_BUSY = (byte) 0x89;
    static final byte SERVER_SHUTTING_DOWN = (byte) 0x8B;
    static final byte KEEP_ALIVE_TIMEOUT = (byte) 0x8D;
    static final byte SESSION_TAKEN_OVER = (byte) 0x8E;
    static final byte TOPIC_FILTER_INVALID = (byte) 0x8F;
    static final byte TOPIC_NAME_INVALID = (byte) 0x90;
    static final byte PACKET_ID_NOT_FOUND = (byte) 0x92;
    static final byte RECEIVE_MAXIMUM_EXCEEDED = (byte) 0x93;
    static final byte TOPIC_ALIAS_INVALID = (byte) 0x94;
    static final byte PACKET_TOO_LARGE = (byte) 0x95;
    static final byte MESSAGE_RATE_TOO_HIGH = (byte) 0x96;
    static final byte QUOTA_EXCEEDED = (byte) 0x97;
    static final byte PAYLOAD_FORMAT_INVALID = (byte) 0x99;
    static final byte SHARED_SUBSCRIPTIONS_NOT_SUPPORTED = (byte) 0x9E;

    private ReasonCodes() { }
}
