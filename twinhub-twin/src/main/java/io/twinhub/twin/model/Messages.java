package io.twinhub.twin.model;

/**
 * The messages of rejections, in one place because users match on them and docs/SHADOWS.md lists
 * them. Where AWS IoT Device Shadow has a message for the same case, it is the same text.
 */
final class Messages {

    static final String INVALID_JSON = "Payload contains invalid json";
    static final String NOT_AN_OBJECT = "Payload must be a JSON object";
    static final String MISSING_STATE = "Missing required node: state";
    static final String STATE_NOT_OBJECT = "State node must be an object";
    static final String DESIRED_NOT_OBJECT = "Desired node must be an object";
    static final String REPORTED_NOT_OBJECT = "Reported node must be an object";
    static final String INVALID_VERSION = "Invalid version";
    static final String INVALID_CLIENT_TOKEN = "Invalid clientToken";
    static final String NULL_IN_ARRAY = "Arrays must not contain null";
    static final String NUMBER_OUT_OF_RANGE = "Number out of range";
    static final String VERSION_CONFLICT = "Version conflict";

    private Messages() {
    }

    static String invalidStateNode(String name) {
        return "State contains an invalid node: '" + name + "'";
    }

    static String tooDeep(int maxDepth) {
        return "JSON contains too many levels of nesting; maximum is " + maxDepth;
    }

    static String tooLarge(int maxStateBytes) {
        return "The state exceeds the maximum size allowed: desired and reported together may hold "
                + maxStateBytes + " bytes";
    }

    static String noShadow(String name) {
        return name == null ? "No shadow exists" : "No shadow exists with name: " + name;
    }
}
