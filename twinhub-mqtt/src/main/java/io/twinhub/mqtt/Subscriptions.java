package io.twinhub.mqtt;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.twinhub.core.message.Message;
import io.twinhub.core.session.Delivery;
import io.twinhub.core.session.Session;
import io.twinhub.core.session.Subscription;
import io.twinhub.core.topic.ParsedFilter;

import java.util.ArrayList;
import java.util.List;

/** SUBSCRIBE and UNSUBSCRIBE: validation, the session's subscriptions, and retained messages. */
final class Subscriptions {

    private static final int GRANTED_FAILURE = 0x80;

    private Subscriptions() { }

    static void onSubscribe(MqttConnection c, MqttSubscribeMessage msg) {
        int packetId = msg.variableHeader().messageId();
        int subscriptionId = 0;
        if (c.v5 && msg.idAndPropertiesVariableHeader() != null) {
            MqttProperties props = msg.idAndPropertiesVariableHeader().properties();
            Integer id = Properties.intValue(props, MqttProperties.SUBSCRIPTION_IDENTIFIER);
            if (id != null) {
                if (id == 0) {
                    c.protocolError("subscription identifier 0");
                    return;
                }
                subscriptionId = id;
            }
        }
        List<MqttTopicSubscription> requested = msg.payload().topicSubscriptions();
        if (requested.isEmpty()) {
            c.protocolError("SUBSCRIBE without topic filters");
            return;
        }
        Session session = c.session;
        int[] codes = new int[requested.size()];
        List<Subscription> added = new ArrayList<>(requested.size());
        List<Boolean> isNew = new ArrayList<>(requested.size());
        for (int i = 0; i < requested.size(); i++) {
            MqttTopicSubscription t = requested.get(i);
            ParsedFilter parsed = ParsedFilter.parse(t.topicFilter());
            if (parsed == null || !c.broker.topicRules().isValidFilter(parsed.filter())) {
                codes[i] = c.v5 ? ReasonCodes.TOPIC_FILTER_INVALID & 0xFF : GRANTED_FAILURE;
                continue;
            }
            MqttSubscriptionOption o = t.option();
            if (!c.v5 && (o.isNoLocal() || o.isRetainAsPublished()
                    || o.retainHandling() != MqttSubscriptionOption.RetainedHandlingPolicy.SEND_AT_SUBSCRIBE)) {
                c.protocolError("reserved bits set in 3.1.1 subscription options");
                return;
            }
            if (parsed.shareGroup() != null && o.isNoLocal()) {
                c.protocolError("no local on a shared subscription");
                return;
            }
            if (!c.principal.permissions().maySubscribe(t.topicFilter())) {
                c.broker.metrics().subscriptionsDenied.increment();
                codes[i] = c.v5 ? ReasonCodes.NOT_AUTHORIZED & 0xFF : GRANTED_FAILURE;
                continue;
            }
            if (!session.hasSubscription(t.topicFilter())
                    && session.subscriptionCount() >= c.broker.limits().maxSubscriptionsPerClient()) {
                codes[i] = c.v5 ? ReasonCodes.QUOTA_EXCEEDED & 0xFF : GRANTED_FAILURE;
                continue;
            }
            int qos = Math.min(o.qos().value(), 2);
            Subscription s = new Subscription(c.clientId, parsed.filter(), parsed.shareGroup(), qos,
                    c.v5 && o.isNoLocal(), c.v5 && o.isRetainAsPublished(),
                    c.v5 ? o.retainHandling().value() : 0, subscriptionId);
            Subscription previous = session.subscribe(s);
            codes[i] = qos;
            added.add(s);
            isNew.add(previous == null);
        }
        session.persistSubscriptions(added, () -> {
            if (!session.isAttachedTo(c)) {
                return;  // the connection went away while the subscriptions were being stored
            }
            c.write(Replies.subAck(c.v5, packetId, codes));
            for (int i = 0; i < added.size(); i++) {
                sendRetained(c, added.get(i), isNew.get(i));
            }
            c.flush();
        });
    }

    /**
     * Retained messages for a new subscription, per its Retain Handling option; none for shared
     * subscriptions (MQTT 5 §4.8.2). They carry RETAIN=1 whatever Retain As Published says.
     */
    private static void sendRetained(MqttConnection c, Subscription s, boolean isNew) {
        if (s.isShared() || s.retainHandling() == 2 || (s.retainHandling() == 1 && !isNew)) {
            return;
        }
        int[] ids = s.subscriptionId() > 0 ? new int[] {s.subscriptionId()} : null;
        c.broker.retained().match(s.filter(), (Message m) -> c.session.deliverNow(
                new Delivery(m, m.payload().retain(), Math.min(m.qos(), s.qos()), true, ids)));
    }

    static void onUnsubscribe(MqttConnection c, MqttUnsubscribeMessage msg) {
        int packetId = msg.variableHeader().messageId();
        List<String> filters = msg.payload().topics();
        if (filters.isEmpty()) {
            c.protocolError("UNSUBSCRIBE without topic filters");
            return;
        }
        short[] codes = new short[filters.size()];
        for (int i = 0; i < filters.size(); i++) {
            boolean existed = c.session.unsubscribe(filters.get(i));
            codes[i] = existed ? ReasonCodes.SUCCESS : ReasonCodes.NO_SUBSCRIPTION_EXISTED;
        }
        c.write(Replies.unsubAck(c.v5, packetId, codes));
    }
}
