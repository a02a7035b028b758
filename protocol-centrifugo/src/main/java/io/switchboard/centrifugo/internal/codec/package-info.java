/**
 * Pure Centrifugo protocol frames: commands decoded from JSON lines or varint-delimited Protobuf, replies and
 * pushes encoded back, one {@link io.switchboard.centrifugo.internal.codec.ClientCodec} per encoding. No I/O and no
 * connection state here. The JSON is Centrifugo's own mapping, not proto3 JSON.
 */
package io.switchboard.centrifugo.internal.codec;
