package io.twinhub.core.topic;

import io.twinhub.core.session.Subscription;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The members of one shared subscription {@code $share/group/filter}; each message goes to one of them.
 *
 * <p>Members are a volatile copy-on-write array so {@link #pick} and {@link #members} never lock.
 * Only {@link SubscriptionTree} mutates a group, always while holding the lock of the trie node
 * that owns it, so the package-private mutators need no synchronisation of their own.
 */
public final class SharedGroup {

    private static final Subscription[] NONE = new Subscription[0];

    private final String group;
    private final String filter;
    private volatile Subscription[] members = NONE;
    /** Next round-robin position; wraps around harmlessly (floorMod). */
    private final AtomicInteger cursor = new AtomicInteger();

    SharedGroup(String group, String filter) {
        this.group = group;
        this.filter = filter;
    }

    public String group() {
        return group;
    }

    public String filter() {
        return filter;
    }

    /** The current members. This is the live snapshot array, not a copy: do not modify it. */
    public Subscription[] members() {
        return members;
    }

    public int size() {
        return members.length;
    }

    /**
     * Chooses the member for the next message: round-robin, skipping members whose client is not
     * online; if nobody is online, plain round-robin (the message then waits in that session).
     *
     * @return the chosen member, or null if the group is empty
     */
    public Subscription pick(Predicate<String> isOnline) {
        Subscription[] m = members;
        int n = m.length;
        if (n == 0) {
            return null;
        }
        int start = Math.floorMod(cursor.getAndIncrement(), n);
        for (int i = 0; i < n; i++) {
            Subscription s = m[(start + i) % n];
            if (isOnline.test(s.clientId())) {
                if (i > 0) {
                    // Move the cursor past the offline members we skipped, so the next pick starts
                    // after this one instead of landing on it again (keeps online members fair).
                    cursor.getAndAdd(i);
                }
                return s;
            }
        }
        return m[start];
    }

    /** Adds or replaces the member with the same client id; returns the replaced one. Caller holds the node lock. */
    Subscription putMember(Subscription s) {
        Subscription[] m = members;
        int i = CowArrays.indexOfClient(m, s.clientId());
        if (i >= 0) {
            members = CowArrays.replace(m, i, s);
            return m[i];
        }
        members = CowArrays.append(m, s);
        return null;
    }

    /** Removes the member of {@code clientId}; returns it or null. Caller holds the node lock. */
    Subscription removeMember(String clientId) {
        Subscription[] m = members;
        int i = CowArrays.indexOfClient(m, clientId);
        if (i < 0) {
            return null;
        }
        members = CowArrays.without(m, i);
        return m[i];
    }

    @Override
    public String toString() {
        return "SharedGroup[$share/" + group + "/" + filter + ", " + members.length + " members]";
    }
}
