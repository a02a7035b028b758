/**
 * The server API's one implementation, behind both transports: {@link io.switchboard.server.api.internal.ApiExecutor}
 * takes {@link io.switchboard.server.api.internal.ApiRequest} values, validates them as Centrifugo does and answers
 * an {@link io.switchboard.server.api.internal.Answer} (a result or a client error) per call and per broadcast or
 * batch entry. The HTTP JSON and gRPC adapters only translate their encoding to and from these values.
 */
package io.switchboard.server.api.internal;
