package io.switchboard.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.switchboard.transport.OriginPolicy;
import io.switchboard.transport.WebSocketConnection;
import io.switchboard.transport.WebSocketListener;
import io.switchboard.transport.WebSocketRoute;

import java.util.List;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * A protocol's WebSocket endpoint: what the handshake offers and accepts, and, per connection, the protocol's
 * {@link Messages}. Messages arrive as copies, so a protocol never holds Netty's buffers past a read.
 */
public final class WebSocketEndpoint implements WebSocketRoute {
    /** One connection's messages, on its event loop. */
    public interface Messages {
        void text(byte[] message);

        void binary(byte[] message);

        /** Every message of the current read is handled: the moment to flush gathered replies. */
        default void readComplete() {
        }

        /** A WebSocket pong control frame arrived: activity, for protocols that count it. */
        default void pong() {
        }

        /** The connection is gone, whoever closed it; called once. */
        void closed();
    }

    private final List<String> subprotocols;
    private final IntSupplier maxMessageSize;
    private final OriginPolicy origins;
    private final Function<WebSocketConnection, Messages> open;

    /**
     * @param maxMessageSize the largest client message in bytes (larger: close 1009)
     * @param origins        which browser origins may connect; null allows every one
     * @param open           called on the connection's loop once the handshake is done
     */
    public WebSocketEndpoint(List<String> subprotocols, IntSupplier maxMessageSize, OriginPolicy origins,
                             Function<WebSocketConnection, Messages> open) {
        this.subprotocols = List.copyOf(subprotocols);
        this.maxMessageSize = maxMessageSize;
        this.origins = origins;
        this.open = open;
    }

    /** The transport's listener for a protocol's messages: for endpoints that accept the upgrade themselves. */
    public static WebSocketListener listener(Messages messages) {
        return new WebSocketListener() {
            @Override
            public void onText(ByteBuf message) {
                messages.text(ByteBufUtil.getBytes(message));
            }

            @Override
            public void onBinary(ByteBuf message) {
                messages.binary(ByteBufUtil.getBytes(message));
            }

            @Override
            public void onReadComplete() {
                messages.readComplete();
            }

            @Override
            public void onPong() {
                messages.pong();
            }

            @Override
            public void onClose() {
                messages.closed();
            }
        };
    }

    @Override
    public List<String> subprotocols() {
        return subprotocols;
    }

    @Override
    public int maxMessageSize() {
        return maxMessageSize.getAsInt();
    }

    @Override
    public OriginPolicy originPolicy() {
        return origins;
    }

    @Override
    public WebSocketListener open(WebSocketConnection connection) {
        return listener(open.apply(connection));
    }
}
