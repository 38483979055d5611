/** The query side of telemetry: what can be asked and what comes back, independent of transport. */
package io.twinhub.telemetry.query;
