package io.twinhub.bench.client;

/**
 * How shadow devices and applications send.
 *
 * @param qos QoS of update requests and of the answer subscriptions (0 or 1)
 * @param window a device's update requests awaiting their answer; the hub allows 10 per connection
 * @param ratePerDevice open loop: updates per second per device; 0 = closed loop (keep the window full)
 * @param devices how many devices share the rate (to phase-shift their schedules)
 * @param withVersions requests carry the version the device last saw accepted (optimistic locking)
 * @param delta devices subscribe to update/delta and report the desired setpoint back
 * @param coalesceNanos open loop: at most one write per connection per this interval
 */
public record ShadowSettings(int qos, int window, double ratePerDevice, int devices, boolean withVersions,
                             boolean delta, long coalesceNanos) {

    /** The hub's limit of shadow requests in flight on one connection (contract §3: 429 beyond). */
    public static final int MAX_WINDOW = 10;

    public boolean openLoop() {
        return ratePerDevice > 0;
    }
}
