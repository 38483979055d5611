package io.twinhub.bench.cli;

import io.twinhub.bench.scenario.ConnectPlan;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A child process's side of a split connect run: status lines on stdout, "go" on stdin. If the
 * parent goes away (stdin closes), the child carries on rather than hanging.
 */
final class StdioCoordination implements ConnectPlan.Coordination {

    @Override
    public void warmedUp() {
        System.out.println("@bench warm");
        System.out.flush();
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            for (String line; (line = in.readLine()) != null; ) {
                if (line.trim().equals("go")) {
                    return;
                }
            }
        } catch (IOException e) {
            // parent gone: carry on
        }
    }

    @Override
    public void connected(int ready, int failed) {
        System.out.println("@bench connected " + ready + " " + failed);
        System.out.flush();
    }
}
