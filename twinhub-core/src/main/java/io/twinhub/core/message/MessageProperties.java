package io.twinhub.core.message;

import java.util.List;

/**
 * The MQTT 5 application properties a PUBLISH carries from publisher to subscribers unchanged.
 * {@link #NONE} for MQTT 3.1.1 messages and for 5.0 messages that carry none.
 *
 * @param payloadFormatIndicator 0 = bytes, 1 = UTF-8, or null when absent
 * @param contentType MIME type, or null
 * @param responseTopic request/response topic, or null
 * @param correlationData opaque bytes, or null
 * @param userProperties name/value pairs in the order they were sent
 */
public record MessageProperties(
        Integer payloadFormatIndicator,
        String contentType,
        String responseTopic,
        byte[] correlationData,
        List<UserProperty> userProperties) {

    public static final MessageProperties NONE = new MessageProperties(null, null, null, null, List.of());

    public record UserProperty(String name, String value) { }

    public boolean isEmpty() {
        return payloadFormatIndicator == null && contentType == null && responseTopic == null
                && correlationData == null && userProperties.isEmpty();
    }
}
