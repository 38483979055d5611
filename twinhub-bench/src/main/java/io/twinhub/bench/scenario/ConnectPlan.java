package io.twinhub.bench.scenario;

import java.util.Map;

/**
 * The {@code connect} scenario: {@code devices} connect and hold.
 *
 * @param devices connections to open
 * @param ratePerSecond connects started per second; 0 = as fast as the concurrency bound allows
 * @param keepAliveSeconds keep-alive each device announces and honours with PINGREQ
 * @param deviceOffset index of the first device (child processes of a split run get disjoint ranges)
 * @param config options, for the report
 */
public record ConnectPlan(int devices, double ratePerSecond, int keepAliveSeconds, int deviceOffset,
                          Map<String, Object> config) {
}
