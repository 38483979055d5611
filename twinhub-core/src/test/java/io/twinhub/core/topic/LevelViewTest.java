package io.twinhub.core.topic;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

class LevelViewTest {

    @Test
    void hasTheHashOfTheEqualStringAndEqualsIt() {
        Random random = new Random(7);
        LevelView view = new LevelView();
        for (int i = 0; i < 2_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = random.nextInt(12);
            for (int j = 0; j < n; j++) {
                // ASCII, Latin-1 and characters beyond it (a String's other internal coding)
                b.append(switch (random.nextInt(3)) {
                    case 0 -> (char) ('a' + random.nextInt(26));
                    case 1 -> (char) (0xC0 + random.nextInt(0x40));
                    default -> (char) (0x4E00 + random.nextInt(500));
                });
            }
            String level = b.toString();
            String topic = "x/" + level + "/y";
            view.at(topic, 2, 2 + level.length());
            assertThat(view.hashCode()).isEqualTo(level.hashCode());
            assertThat(view.equals(level)).isTrue();
            assertThat(view.toString()).isEqualTo(level);
            assertThat(view.equals(level + "z")).isFalse();
            assertThat(view.equals("x")).isEqualTo(level.equals("x"));
        }
    }

    @Test
    void findsKeysOfAConcurrentHashMapAlsoInABinOfCollidingHashes() {
        // "Aa" and "BB" have the same hash, so every string of 7 such pairs does: 128 keys in one
        // bin, which the map turns into a tree that it searches by equals alone for a view.
        List<String> colliding = new ArrayList<>();
        colliding.add("");
        for (int i = 0; i < 7; i++) {
            List<String> next = new ArrayList<>();
            for (String s : colliding) {
                next.add(s + "Aa");
                next.add(s + "BB");
            }
            colliding = next;
        }
        ConcurrentHashMap<String, Integer> map = new ConcurrentHashMap<>();
        for (int i = 0; i < colliding.size(); i++) {
            map.put(colliding.get(i), i);
        }
        for (int i = 0; i < 100; i++) {
            map.put("level" + i, -i);
        }
        LevelView view = new LevelView();
        for (int i = 0; i < colliding.size(); i++) {
            String topic = "a/" + colliding.get(i) + "/b";
            assertThat(map.get(view.at(topic, 2, topic.length() - 2))).isEqualTo(i);
        }
        assertThat(map.get(view.at("a/level42", 2, 9))).isEqualTo(-42);
        assertThat(map.get(view.at("a/level4200", 2, 11))).isNull();
        assertThat(map.get(view.at("a/AaAaAaAaAaAaAb/b", 2, 16))).isNull();
    }
}
