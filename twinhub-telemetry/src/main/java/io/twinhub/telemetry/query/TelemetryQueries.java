package io.twinhub.telemetry.query;

import java.util.List;
import java.util.Map;

/**
 * Reads of stored telemetry. Every point acknowledged before a call is seen by it. Calls block
 * (they read the disk): never make them on an event loop.
 */
public interface TelemetryQueries {

    /**
     * Points of each asked key, newest first, at most {@code limit} per key. A key with no point
     * in the range is absent from the map (not an empty list); the map iterates in the order of
     * {@code query.keys()}, or of key names when all keys were asked.
     */
    Map<String, List<QueryPoint>> query(TelemetryQuery query);

    /**
     * The latest point (greatest timestamp; of equal ones, the last stored) of each asked key,
     * or of every key the device has when {@code keys} is empty. Keys never seen are absent.
     */
    Map<String, QueryPoint> latest(String device, List<String> keys);
}
