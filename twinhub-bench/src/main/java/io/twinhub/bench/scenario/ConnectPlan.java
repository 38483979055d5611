package io.twinhub.bench.scenario;

import io.twinhub.bench.access.DeviceAccess;

import java.util.Map;

/**
 * The {@code connect} scenario: {@code devices} connect and hold.
 *
 * @param devices connections to open
 * @param ratePerSecond connects started per second; 0 = as fast as the concurrency bound allows
 * @param keepAliveSeconds keep-alive each device announces and honours with PINGREQ
 * @param deviceOffset index of the first device (child processes of a split run get disjoint ranges)
 * @param warmupDevices connections of the uncounted warm-up round (when --warmup is not 0)
 * @param passes connect rounds of the same devices: the first with new TLS handshakes and a cold
 *               credential cache, each later one after all devices disconnected (resumed sessions,
 *               cached credentials)
 * @param access how the devices log in (anonymous, tokens, certificates) and whether over TLS
 * @param coordination hooks a parent process uses to line up its children; {@link Coordination#NONE} alone
 * @param config options, for the report
 */
public record ConnectPlan(int devices, double ratePerSecond, int keepAliveSeconds, int deviceOffset,
                          int warmupDevices, int passes, DeviceAccess access, Coordination coordination,
                          Map<String, Object> config) {

    /** One pass of anonymous devices over plain TCP: what the scenario does without security options. */
    public ConnectPlan(int devices, double ratePerSecond, int keepAliveSeconds, int deviceOffset, int warmupDevices,
                       Coordination coordination, Map<String, Object> config) {
        this(devices, ratePerSecond, keepAliveSeconds, deviceOffset, warmupDevices, 1, DeviceAccess.anonymous(),
                coordination, config);
    }

    /** Lets a parent process start every child's measured connect phase at the same moment. */
    public interface Coordination {
        Coordination NONE = new Coordination() { };

        /** Warm-up done; returns when the measured connect phase may start. */
        default void warmedUp() throws InterruptedException { }

        /** The measured connect phase is over. */
        default void connected(int ready, int failed) { }
    }
}
