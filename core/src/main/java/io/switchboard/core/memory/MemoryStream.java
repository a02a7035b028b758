package io.switchboard.core.memory;

import io.switchboard.core.Epochs;
import io.switchboard.core.HistoryFilter;
import io.switchboard.core.HistoryOptions;
import io.switchboard.core.Publication;
import io.switchboard.core.StreamPosition;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One channel's history: a bounded deque of publications, the top offset and the epoch. The publications
 * expire {@code ttl} after the last publish; the position (epoch and offset) lives {@code metaTtl}.
 * Callers hold the stream's monitor.
 */
final class MemoryStream {
    private final String epoch = Epochs.next();
    private final ArrayDeque<Publication> publications = new ArrayDeque<>();
    private long top;
    private long dataExpiresAt;
    private long metaExpiresAt;

    Publication append(Publication pub, HistoryOptions options, long now) {
        dropExpiredData(now);
        Publication stored = pub.withOffset(++top);
        publications.addLast(stored);
        while (publications.size() > options.size()) publications.removeFirst();
        dataExpiresAt = now + options.ttl().toMillis();
        metaExpiresAt = now + Math.max(options.metaTtl().toMillis(), options.ttl().toMillis());
        return stored;
    }

    /** The newest publication still kept, or null. */
    Publication last(long now) {
        dropExpiredData(now);
        return publications.peekLast();
    }

    StreamPosition position() {
        return new StreamPosition(top, epoch);
    }

    void touchMeta(HistoryOptions options, long now) {
        metaExpiresAt = Math.max(metaExpiresAt, now + options.metaTtl().toMillis());
    }

    boolean metaExpired(long now) {
        return now >= metaExpiresAt;
    }

    List<Publication> read(HistoryFilter filter, int maxLimit, long now) {
        dropExpiredData(now);
        int limit = filter.limit() < 0 ? maxLimit : Math.min(filter.limit(), maxLimit);
        List<Publication> out = new ArrayList<>(Math.min(limit, publications.size()));
        if (limit == 0) return out;
        long since = filter.since() == null ? -1 : filter.since().offset();
        Iterator<Publication> it = filter.reverse() ? publications.descendingIterator() : publications.iterator();
        while (it.hasNext() && out.size() < limit) {
            Publication p = it.next();
            if (since >= 0 && (filter.reverse() ? p.offset() >= since : p.offset() <= since)) continue;
            out.add(p);
        }
        return out;
    }

    void clear() {
        publications.clear();
    }

    private void dropExpiredData(long now) {
        if (!publications.isEmpty() && now >= dataExpiresAt) publications.clear();
    }
}
