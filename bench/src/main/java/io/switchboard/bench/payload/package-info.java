/**
 * The bytes every benchmark message carries ({@code {"t":…,"seq":…,"pad":"…"}}) and the allocation-free byte
 * searches that read them back on the receiving side. No Netty channels, no protocol knowledge here.
 */
package io.switchboard.bench.payload;
