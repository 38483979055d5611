package io.twinhub.core.topic;

import io.twinhub.core.session.Subscription;

import java.util.ArrayList;
import java.util.List;

/** Test visitor that just remembers what match() reported, duplicates included. */
final class RecordingVisitor implements SubscriptionVisitor {

    final List<Subscription> subscribers = new ArrayList<>();
    final List<SharedGroup> groups = new ArrayList<>();

    static RecordingVisitor match(SubscriptionTree tree, String topic) {
        RecordingVisitor v = new RecordingVisitor();
        tree.match(topic, v);
        return v;
    }

    @Override
    public void subscriber(Subscription s) {
        subscribers.add(s);
    }

    @Override
    public void sharedGroup(SharedGroup g) {
        groups.add(g);
    }

    List<String> clientIds() {
        return subscribers.stream().map(Subscription::clientId).toList();
    }

    List<String> fullFilters() {
        List<String> out = new ArrayList<>();
        subscribers.forEach(s -> out.add(s.clientId() + ":" + s.fullFilter()));
        groups.forEach(g -> out.add("$share/" + g.group() + "/" + g.filter()));
        return out;
    }
}
