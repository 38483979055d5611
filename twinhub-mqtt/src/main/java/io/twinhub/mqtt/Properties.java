package io.twinhub.mqtt;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttProperty;
import io.twinhub.core.message.MessageProperties;
import io.twinhub.core.message.MessageProperties.UserProperty;

import java.util.ArrayList;
import java.util.List;

/** Conversions between Netty's MQTT 5 property bags and the domain's message properties. */
final class Properties {

    private Properties() { }

    static Integer intValue(MqttProperties props, int id) {
        MqttProperty<?> p = props.getProperty(id);
        return p == null ? null : (Integer) p.value();
    }

    static String stringValue(MqttProperties props, int id) {
        MqttProperty<?> p = props.getProperty(id);
        return p == null ? null : (String) p.value();
    }

    static byte[] bytesValue(MqttProperties props, int id) {
        MqttProperty<?> p = props.getProperty(id);
        return p == null ? null : (byte[]) p.value();
    }

    /** The application properties of an inbound PUBLISH or will. */
    static MessageProperties toMessageProperties(MqttProperties props) {
        if (props == null || props.isEmpty()) {
            return MessageProperties.NONE;
        }
        List<UserProperty> users = userProperties(props);
        Integer format = intValue(props, MqttProperties.PAYLOAD_FORMAT_INDICATOR);
        String contentType = stringValue(props, MqttProperties.CONTENT_TYPE);
        String responseTopic = stringValue(props, MqttProperties.RESPONSE_TOPIC);
        byte[] correlation = bytesValue(props, MqttProperties.CORRELATION_DATA);
        if (format == null && contentType == null && responseTopic == null && correlation == null && users.isEmpty()) {
            return MessageProperties.NONE;
        }
        return new MessageProperties(format, contentType, responseTopic, correlation, users);
    }

    static List<UserProperty> userProperties(MqttProperties props) {
        List<? extends MqttProperty> list = props.getProperties(MqttProperties.USER_PROPERTY);
        if (list.isEmpty()) {
            return List.of();
        }
        List<UserProperty> out = new ArrayList<>();
        for (MqttProperty<?> p : list) {
            if (p instanceof MqttProperties.UserProperty up) {
                out.add(new UserProperty(up.value().key, up.value().value));
            } else if (p instanceof MqttProperties.UserProperties ups) {
                for (MqttProperties.StringPair pair : ups.value()) {
                    out.add(new UserProperty(pair.key, pair.value));
                }
            }
        }
        return out;
    }

    /** Adds a message's application properties to an outbound PUBLISH's property bag. */
    static void addMessageProperties(MqttProperties out, MessageProperties mp) {
        if (mp.payloadFormatIndicator() != null) {
            out.add(new MqttProperties.IntegerProperty(MqttProperties.PAYLOAD_FORMAT_INDICATOR, mp.payloadFormatIndicator()));
        }
        if (mp.contentType() != null) {
            out.add(new MqttProperties.StringProperty(MqttProperties.CONTENT_TYPE, mp.contentType()));
        }
        if (mp.responseTopic() != null) {
            out.add(new MqttProperties.StringProperty(MqttProperties.RESPONSE_TOPIC, mp.responseTopic()));
        }
        if (mp.correlationData() != null) {
            out.add(new MqttProperties.BinaryProperty(MqttProperties.CORRELATION_DATA, mp.correlationData()));
        }
        for (UserProperty u : mp.userProperties()) {
            out.add(new MqttProperties.UserProperty(u.name(), u.value()));
        }
    }

    static MqttProperties reasonString(String reason) {
        MqttProperties p = new MqttProperties();
        p.add(new MqttProperties.StringProperty(MqttProperties.REASON_STRING, reason));
        return p;
    }
}
