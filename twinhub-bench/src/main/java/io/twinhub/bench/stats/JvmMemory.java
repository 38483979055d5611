package io.twinhub.bench.stats;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;

/**
 * Heap and NIO direct memory of another JVM on this machine, via the attach API and its local
 * JMX agent. Used for "memory per connection" of JVM servers: the RSS of a JVM mostly shows how
 * far the heap has grown, not what is live, so we force a GC and read the used heap instead.
 */
public final class JvmMemory implements AutoCloseable {

    /** One reading: heap used after a full GC, and NIO direct/mapped buffer memory. */
    public record Sample(long heapUsedBytes, long directBytes) {
        public long total() {
            return heapUsedBytes + directBytes;
        }
    }

    private final VirtualMachine vm;
    private final JMXConnector connector;
    private final MBeanServerConnection mbeans;

    private JvmMemory(VirtualMachine vm, JMXConnector connector) throws java.io.IOException {
        this.vm = vm;
        this.connector = connector;
        this.mbeans = connector.getMBeanServerConnection();
    }

    /** Attaches to {@code pid}; throws when it is not an attachable JVM of this user. */
    public static JvmMemory attach(long pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        try {
            String url = vm.startLocalManagementAgent();
            return new JvmMemory(vm, JMXConnectorFactory.connect(new JMXServiceURL(url)));
        } catch (Exception e) {
            vm.detach();
            throw e;
        }
    }

    /** Runs a full GC in the target, then reads heap used and direct buffer memory. */
    public Sample sampleAfterGc() throws Exception {
        MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(mbeans,
                ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
        memory.gc();
        memory.gc();
        long heap = memory.getHeapMemoryUsage().getUsed();
        long direct = 0;
        List<BufferPoolMXBean> pools = ManagementFactory.getPlatformMXBeans(mbeans, BufferPoolMXBean.class);
        for (BufferPoolMXBean pool : pools) {
            direct += Math.max(0, pool.getMemoryUsed());
        }
        return new Sample(heap, direct);
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (Exception ignored) {
            // best effort
        }
        try {
            vm.detach();
        } catch (Exception ignored) {
            // best effort
        }
    }
}
