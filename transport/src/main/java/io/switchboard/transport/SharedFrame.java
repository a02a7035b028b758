package io.switchboard.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.ByteBuffer;

/**
 * One WebSocket message encoded once as a whole frame, header included, for every connection that sends it:
 * server frames are not masked, so the bytes are the same for all. Connections write read-only views of the
 * same direct memory, with no copy per connection; the memory goes back to the JDK when the frame is
 * unreachable. Thread-safe.
 */
public final class SharedFrame {
    private final byte[] payload;
    private final boolean binary;
    private volatile ByteBuf frame;

    public SharedFrame(byte[] payload, boolean binary) {
        this.payload = payload;
        this.binary = binary;
    }

    /** The message itself, for transports that frame it otherwise. */
    public byte[] payload() {
        return payload;
    }

    public boolean binary() {
        return binary;
    }

    /** A view of the encoded frame for one write; the writer's channel releases it. */
    ByteBuf retainedFrame() {
        ByteBuf f = frame;
        if (f == null) frame = f = encode(); // two threads may race; both encode the same bytes
        return f.retainedDuplicate();
    }

    private ByteBuf encode() {
        int n = payload.length;
        int header = n < 126 ? 2 : n <= 0xFFFF ? 4 : 10;
        ByteBuffer out = ByteBuffer.allocateDirect(header + n);
        out.put((byte) (binary ? 0x82 : 0x81)); // FIN and the opcode: one whole text or binary message
        if (n < 126) {
            out.put((byte) n);
        } else if (n <= 0xFFFF) {
            out.put((byte) 126).putShort((short) n);
        } else {
            out.put((byte) 127).putLong(n);
        }
        out.put(payload).flip();
        return Unpooled.wrappedBuffer(out); // not freed on release: the JDK frees it once unreachable
    }
}
