package io.twinhub.mqtt;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sits right behind the {@code SslHandler}: counts and logs (at debug: scanners and misconfigured
 * clients are routine) failed handshakes and closes those connections, and keeps TLS errors from
 * reaching the MQTT handler, which would take them for malformed packets. It stays for the
 * connection's life at no cost on reads: it does not override {@code channelRead}, so Netty skips it.
 */
@ChannelHandler.Sharable
final class TlsHandshakeWatch extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(TlsHandshakeWatch.class);

    private final LongAdder failures = new LongAdder();

    long failures() {
        return failures.sum();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (!done.isSuccess()) {
                failures.increment();
                log.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), describe(done.cause()));
                ctx.close();
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (isTls(cause)) {
            // The handshake event reports (and counts) the failure; nothing more to say here.
            ctx.close();
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    private static boolean isTls(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == cause ? String.valueOf(cause) : cause + " (" + root + ")";
    }
}
