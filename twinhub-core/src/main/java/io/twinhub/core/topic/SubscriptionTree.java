package io.twinhub.core.topic;

import io.twinhub.core.session.Subscription;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The subscription trie: one node per filter level, walked on every PUBLISH.
 *
 * <p><b>Concurrency.</b> {@link #match} takes no lock: it only reads volatile fields, a
 * {@link ConcurrentHashMap} of literal children and copy-on-write arrays, so it sees each node either
 * before or after a change, never halfway. Writers lock one node at a time, except pruning, which locks
 * a parent and then its child (always top-down, so no deadlock).
 *
 * <p><b>Pruning</b> unlinks nodes left empty by {@link #remove}. The danger is a {@code put} that
 * walked to a node just before it was unlinked and then writes into a detached node (a lost
 * subscription). So a node carries a {@code removed} flag, set under its own lock at the moment it is
 * unlinked; {@code put} re-checks the flag under the same lock and starts over from the root if set.
 * Invariant: a node that is not removed is linked to a parent that is not removed.
 */
public final class SubscriptionTree {

    private static final Subscription[] NO_SUBS = new Subscription[0];
    private static final SharedGroup[] NO_GROUPS = new SharedGroup[0];

    private final Node root = new Node();
    private final AtomicInteger size = new AtomicInteger();

    /**
     * Adds {@code s}, or replaces the entry with the same client id, share group and filter.
     * The filter must already be valid (see {@link TopicRules#isValidFilter}).
     *
     * @return the replaced subscription, or null if it is new
     */
    public Subscription put(Subscription s) {
        while (true) {
            Node n = walkCreating(s.filter());
            if (n == null) {
                continue; // an intermediate node was pruned under us; start over
            }
            synchronized (n) {
                if (n.removed) {
                    continue;
                }
                Subscription old = s.isShared() ? n.putShared(s) : n.putOrdinary(s);
                if (old == null) {
                    size.incrementAndGet();
                }
                return old;
            }
        }
    }

    /**
     * Removes the subscription of {@code clientId} on {@code filter} in {@code shareGroup}
     * (null for an ordinary subscription) and prunes nodes left empty.
     *
     * @return the removed subscription, or null if there was none
     */
    public Subscription remove(String clientId, String shareGroup, String filter) {
        int levels = countLevels(filter);
        Node[] path = new Node[levels + 1];
        String[] keys = new String[levels + 1];
        while (true) {
            path[0] = root;
            int start = 0;
            for (int i = 1; i <= levels; i++) {
                int end = TopicRules.levelEnd(filter, start);
                String key = filter.substring(start, end);
                Node child = path[i - 1].child(key);
                if (child == null) {
                    return null;
                }
                path[i] = child;
                keys[i] = key;
                start = end + 1;
            }
            Node n = path[levels];
            Subscription old;
            synchronized (n) {
                if (n.removed) {
                    continue; // stale path; a removed node is empty, look again in the live trie
                }
                old = shareGroup == null ? n.removeOrdinary(clientId) : n.removeShared(shareGroup, clientId);
                if (old == null) {
                    return null;
                }
                size.decrementAndGet();
            }
            prune(path, keys, levels);
            return old;
        }
    }

    /**
     * Reports every ordinary subscription and every shared group whose filter matches {@code topic}.
     * Lock-free; looks levels up in place ({@link LevelView}), no substring per level. {@code topic} must be a valid name:
     * recursion depth equals its level count, which {@link TopicRules} bounds.
     */
    public void match(String topic, SubscriptionVisitor v) {
        // MQTT 5 §4.7.2: '+' or '#' as the first filter level must not match a topic starting with '$'.
        boolean dollar = !topic.isEmpty() && topic.charAt(0) == '$';
        matchLevel(root, topic, 0, dollar, new LevelView(), v);
    }

    /** Number of subscriptions, counting each shared-group member. */
    public int size() {
        return size.get();
    }

    /**
     * Matches the topic level starting at {@code start} against the children of {@code n}.
     * {@code start == topic.length() + 1} means every topic level has been consumed and {@code n}
     * is the node of a filter with exactly as many levels as the topic.
     */
    private static void matchLevel(Node n, String topic, int start, boolean noWildcards, LevelView level,
                                   SubscriptionVisitor v) {
        int len = topic.length();
        if (start > len) {
            visit(n, v);
            Node hash = n.hash;
            if (hash != null) {
                visit(hash, v); // "a/#" also matches "a"
            }
            return;
        }
        int end = TopicRules.levelEnd(topic, start);
        if (!noWildcards) {
            Node hash = n.hash;
            if (hash != null) {
                visit(hash, v);
            }
            Node plus = n.plus;
            if (plus != null) {
                matchLevel(plus, topic, end + 1, false, level, v);
            }
        }
        ConcurrentHashMap<String, Node> children = n.children;
        if (children != null) {
            // The view is free again once get() returned: deeper levels reuse it.
            Node child = children.get(level.at(topic, start, end));
            if (child != null) {
                matchLevel(child, topic, end + 1, false, level, v);
            }
        }
    }

    private static void visit(Node n, SubscriptionVisitor v) {
        for (Subscription s : n.subs) {
            v.subscriber(s);
        }
        for (SharedGroup g : n.groups) {
            v.sharedGroup(g);
        }
    }

    /** Walks to the node of {@code filter}, creating missing nodes; null if a pruning race got in the way. */
    private Node walkCreating(String filter) {
        Node n = root;
        int start = 0;
        while (true) {
            int end = TopicRules.levelEnd(filter, start);
            n = n.childForPut(filter.substring(start, end));
            if (n == null || end == filter.length()) {
                return n;
            }
            start = end + 1;
        }
    }

    /** Unlinks empty nodes bottom-up along {@code path}, stopping at the first one still in use. */
    private static void prune(Node[] path, String[] keys, int depth) {
        for (int i = depth; i > 0; i--) {
            Node parent = path[i - 1];
            Node child = path[i];
            synchronized (parent) {
                synchronized (child) {
                    if (child.removed || !child.isEmpty()) {
                        return;
                    }
                    child.removed = true;
                    parent.unlink(keys[i], child);
                }
            }
        }
    }

    private static int countLevels(String filter) {
        int levels = 1;
        for (int i = filter.indexOf('/'); i >= 0; i = filter.indexOf('/', i + 1)) {
            levels++;
        }
        return levels;
    }

    private static boolean isPlus(String level) {
        return level.length() == 1 && level.charAt(0) == '+';
    }

    private static boolean isHash(String level) {
        return level.length() == 1 && level.charAt(0) == '#';
    }

    /** One filter level. Fields are written under this node's monitor and read without it. */
    private static final class Node {
        /** Literal children; created on first use because most nodes are leaves. */
        volatile ConcurrentHashMap<String, Node> children;
        /** Wildcard children live in fields so match() needs no map lookup to find them. */
        volatile Node plus;
        volatile Node hash;
        volatile Subscription[] subs = NO_SUBS;
        volatile SharedGroup[] groups = NO_GROUPS;
        /** Unlinked from the trie; guarded by this node's monitor (and set while holding the parent's). */
        boolean removed;

        Node child(String level) {
            if (isPlus(level)) {
                return plus;
            }
            if (isHash(level)) {
                return hash;
            }
            ConcurrentHashMap<String, Node> c = children;
            return c == null ? null : c.get(level);
        }

        /** The child for {@code level}, created if missing; null if this node has been unlinked. */
        Node childForPut(String level) {
            Node c = child(level);
            if (c != null) {
                return c; // may be unlinked meanwhile; put() detects that under the node lock
            }
            synchronized (this) {
                if (removed) {
                    return null;
                }
                c = child(level); // under our lock a linked child is never removed
                if (c == null) {
                    c = new Node();
                    link(level, c);
                }
                return c;
            }
        }

        /** Caller holds this node's monitor. */
        private void link(String level, Node c) {
            if (isPlus(level)) {
                plus = c;
            } else if (isHash(level)) {
                hash = c;
            } else {
                if (children == null) {
                    children = new ConcurrentHashMap<>(4);
                }
                children.put(level, c);
            }
        }

        /** Caller holds this node's monitor. */
        void unlink(String level, Node c) {
            if (isPlus(level)) {
                if (plus == c) {
                    plus = null;
                }
            } else if (isHash(level)) {
                if (hash == c) {
                    hash = null;
                }
            } else if (children != null) {
                children.remove(level, c);
            }
        }

        /** Caller holds this node's monitor. */
        boolean isEmpty() {
            ConcurrentHashMap<String, Node> c = children;
            return subs.length == 0 && groups.length == 0 && plus == null && hash == null
                    && (c == null || c.isEmpty());
        }

        /** Caller holds this node's monitor. */
        Subscription putOrdinary(Subscription s) {
            Subscription[] a = subs;
            int i = CowArrays.indexOfClient(a, s.clientId());
            if (i >= 0) {
                subs = CowArrays.replace(a, i, s);
                return a[i];
            }
            subs = CowArrays.append(a, s);
            return null;
        }

        /** Caller holds this node's monitor. */
        Subscription removeOrdinary(String clientId) {
            Subscription[] a = subs;
            int i = CowArrays.indexOfClient(a, clientId);
            if (i < 0) {
                return null;
            }
            subs = CowArrays.without(a, i);
            return a[i];
        }

        /** Caller holds this node's monitor. */
        Subscription putShared(Subscription s) {
            SharedGroup[] a = groups;
            int i = indexOfGroup(a, s.shareGroup());
            if (i >= 0) {
                return a[i].putMember(s);
            }
            SharedGroup g = new SharedGroup(s.shareGroup(), s.filter());
            g.putMember(s); // before publishing the group, so match() never sees it empty
            groups = CowArrays.append(a, g);
            return null;
        }

        /** Caller holds this node's monitor. */
        Subscription removeShared(String group, String clientId) {
            SharedGroup[] a = groups;
            int i = indexOfGroup(a, group);
            if (i < 0) {
                return null;
            }
            Subscription old = a[i].removeMember(clientId);
            if (old != null && a[i].size() == 0) {
                groups = CowArrays.without(a, i);
            }
            return old;
        }

        private static int indexOfGroup(SharedGroup[] a, String group) {
            for (int i = 0; i < a.length; i++) {
                if (a[i].group().equals(group)) {
                    return i;
                }
            }
            return -1;
        }
    }
}
