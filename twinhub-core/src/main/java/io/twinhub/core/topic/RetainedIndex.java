package io.twinhub.core.topic;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Retained messages keyed by topic name, stored as a trie of topic levels so that a SUBSCRIBE can
 * find the matching ones by walking only the branches its filter allows, instead of testing every
 * retained topic.
 *
 * <p>Same concurrency scheme as {@link SubscriptionTree}: lock-free reads of volatile fields and
 * {@link ConcurrentHashMap}s; writers lock the node; pruning of empty nodes locks parent then child and
 * marks the child {@code removed}, which makes a racing {@code put} start over instead of writing into
 * a detached node.
 *
 * @param <V> the stored value, typically the retained message
 */
public final class RetainedIndex<V> {

    private final Node<V> root = new Node<>();
    private final AtomicInteger size = new AtomicInteger();

    /** Stores {@code value} (not null) under topic name {@code topic}; returns the previous value or null. */
    public V put(String topic, V value) {
        Objects.requireNonNull(value, "value");
        // Topic and value travel together so readers never pair one topic with another's value.
        Entry<V> e = new Entry<>(topic, value);
        while (true) {
            Node<V> n = walkCreating(topic);
            if (n == null) {
                continue; // raced with pruning; start over
            }
            synchronized (n) {
                if (n.removed) {
                    continue;
                }
                Entry<V> old = n.entry;
                n.entry = e;
                if (old == null) {
                    size.incrementAndGet();
                    return null;
                }
                return old.value();
            }
        }
    }

    /** The value stored under exactly {@code topic}, or null. */
    public V get(String topic) {
        Node<V> n = root;
        LevelView level = new LevelView();
        int start = 0;
        while (n != null) {
            int end = TopicRules.levelEnd(topic, start);
            n = n.child(level.at(topic, start, end));
            if (end == topic.length()) {
                break;
            }
            start = end + 1;
        }
        Entry<V> e = n == null ? null : n.entry;
        return e == null ? null : e.value();
    }

    /** Removes the value under {@code topic}, pruning nodes left empty; returns it or null. */
    public V remove(String topic) {
        int levels = 1;
        for (int i = topic.indexOf('/'); i >= 0; i = topic.indexOf('/', i + 1)) {
            levels++;
        }
        @SuppressWarnings({"unchecked", "rawtypes"}) // generic array creation
        Node<V>[] path = new Node[levels + 1];
        String[] keys = new String[levels + 1];
        while (true) {
            path[0] = root;
            int start = 0;
            for (int i = 1; i <= levels; i++) {
                int end = TopicRules.levelEnd(topic, start);
                keys[i] = topic.substring(start, end);
                path[i] = path[i - 1].child(keys[i]);
                if (path[i] == null) {
                    return null;
                }
                start = end + 1;
            }
            Node<V> n = path[levels];
            Entry<V> old;
            synchronized (n) {
                if (n.removed) {
                    continue; // stale path; look again in the live trie
                }
                old = n.entry;
                if (old == null) {
                    return null;
                }
                n.entry = null;
                size.decrementAndGet();
            }
            prune(path, keys, levels);
            return old.value();
        }
    }

    /**
     * Calls {@code consumer} for every stored topic matched by {@code filter} (no {@code $share}
     * prefix). Topics starting with '$' are not matched by a leading '+' or '#'. The filter must be
     * valid ({@link TopicRules#isValidFilter}); recursion depth is bounded by its level limit.
     */
    public void match(String filter, BiConsumer<String, V> consumer) {
        matchLevel(root, filter, 0, new LevelView(), consumer);
    }

    /** Number of stored topics. */
    public int size() {
        return size.get();
    }

    /** Calls {@code consumer} for every stored topic (weakly consistent under concurrent change). */
    public void forEach(BiConsumer<String, V> consumer) {
        emitSubtree(root, consumer);
    }

    /** {@code start == filter.length() + 1} means the filter is used up and {@code n} is its exact node. */
    private static <V> void matchLevel(Node<V> n, String filter, int start, LevelView level,
                                       BiConsumer<String, V> consumer) {
        int len = filter.length();
        if (start > len) {
            emit(n, consumer);
            return;
        }
        int end = TopicRules.levelEnd(filter, start);
        boolean wildcard = end - start == 1 && (filter.charAt(start) == '#' || filter.charAt(start) == '+');
        if (!wildcard) {
            Node<V> child = n.child(level.at(filter, start, end));
            if (child != null) {
                matchLevel(child, filter, end + 1, level, consumer);
            }
            return;
        }
        boolean multiLevel = filter.charAt(start) == '#';
        if (multiLevel) {
            emit(n, consumer); // "a/#" also matches "a" (the root itself never holds a value)
        }
        Map<String, Node<V>> children = n.children;
        if (children == null) {
            return;
        }
        boolean atRoot = start == 0;
        for (Map.Entry<String, Node<V>> c : children.entrySet()) {
            if (atRoot && c.getKey().startsWith("$")) {
                continue; // MQTT 5 §4.7.2: leading wildcards skip '$' topics
            }
            if (multiLevel) {
                emitSubtree(c.getValue(), consumer);
            } else {
                matchLevel(c.getValue(), filter, end + 1, level, consumer);
            }
        }
    }

    private static <V> void emit(Node<V> n, BiConsumer<String, V> consumer) {
        Entry<V> e = n.entry;
        if (e != null) {
            consumer.accept(e.topic(), e.value());
        }
    }

    private static <V> void emitSubtree(Node<V> n, BiConsumer<String, V> consumer) {
        emit(n, consumer);
        Map<String, Node<V>> children = n.children;
        if (children != null) {
            for (Node<V> c : children.values()) {
                emitSubtree(c, consumer);
            }
        }
    }

    private Node<V> walkCreating(String topic) {
        Node<V> n = root;
        LevelView level = new LevelView();
        int start = 0;
        while (true) {
            int end = TopicRules.levelEnd(topic, start);
            n = n.childForPut(level.at(topic, start, end));
            if (n == null || end == topic.length()) {
                return n;
            }
            start = end + 1;
        }
    }

    /** Unlinks empty nodes bottom-up along {@code path}; locks parent then child, like SubscriptionTree. */
    private static <V> void prune(Node<V>[] path, String[] keys, int depth) {
        for (int i = depth; i > 0; i--) {
            Node<V> parent = path[i - 1];
            Node<V> child = path[i];
            synchronized (parent) {
                synchronized (child) {
                    if (child.removed || !child.isEmpty()) {
                        return;
                    }
                    child.removed = true;
                    parent.children.remove(keys[i], child);
                }
            }
        }
    }

    private record Entry<V>(String topic, V value) {
    }

    /** One topic level. Fields are written under this node's monitor and read without it. */
    private static final class Node<V> {
        /** Created on first use: most retained topics are leaves. */
        volatile ConcurrentHashMap<String, Node<V>> children;
        volatile Entry<V> entry;
        /** Unlinked from the trie; guarded by this node's monitor (set while holding the parent's too). */
        boolean removed;

        /** {@code level}: a String, or a {@link LevelView} (lookup only). */
        Node<V> child(Object level) {
            ConcurrentHashMap<String, Node<V>> c = children;
            return c == null ? null : c.get(level);
        }

        /** The child for {@code level}, created if missing; null if this node has been unlinked. */
        Node<V> childForPut(LevelView level) {
            Node<V> c = child(level);
            if (c != null) {
                return c; // may be unlinked meanwhile; put() re-checks under the node lock
            }
            synchronized (this) {
                if (removed) {
                    return null;
                }
                if (children == null) {
                    children = new ConcurrentHashMap<>(4);
                }
                return children.computeIfAbsent(level.toString(), k -> new Node<>());
            }
        }

        /** Caller holds this node's monitor. */
        boolean isEmpty() {
            ConcurrentHashMap<String, Node<V>> c = children;
            return entry == null && (c == null || c.isEmpty());
        }
    }
}
