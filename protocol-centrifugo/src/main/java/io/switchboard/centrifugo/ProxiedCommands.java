package io.switchboard.centrifugo;

import io.switchboard.auth.SubscribeClaim;
import io.switchboard.centrifugo.internal.codec.Method;
import io.switchboard.centrifugo.internal.codec.Requests;
import io.switchboard.centrifugo.internal.codec.Results;
import io.switchboard.core.ChannelOptions;
import io.switchboard.core.ChannelRules;
import io.switchboard.core.ClientError;
import io.switchboard.core.ClientInfo;
import io.switchboard.core.CoreException;
import io.switchboard.core.Disconnect;
import io.switchboard.core.Node;
import io.switchboard.core.PublishOptions;
import io.switchboard.protocol.ChannelAccess;
import io.switchboard.protocol.ClientAccess;
import io.switchboard.protocol.ConnectionAccess;
import io.switchboard.protocol.Verdict;
import io.switchboard.protocol.proxy.Proxies;
import io.switchboard.protocol.proxy.ProxyEndpoint;
import io.switchboard.protocol.proxy.ProxyResults;
import io.switchboard.protocol.proxy.ProxySettings;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * One connection's commands that Centrifugo's proxies answer: connect without a token, refresh at expiry,
 * subscribe, publish and sub_refresh in namespaces that enable them, and RPC. Each call leaves the event loop
 * and its reply comes back to it ({@link CentrifugoClient#whenDone}); nothing waits.
 */
final class ProxiedCommands {
    private final CentrifugoClient client;
    private final Node node;
    private final Proxies proxies;
    private final ClientAccess access;
    /** Channels whose subscribe proxy call is under way: a second subscribe is answered 105. */
    private final Set<String> subscribing = new HashSet<>();

    ProxiedCommands(CentrifugoClient client, Node node, Proxies proxies, ClientAccess access) {
        this.client = client;
        this.node = node;
        this.proxies = proxies;
        this.access = access;
    }

    private ProxySettings settings() {
        return proxies.settings();
    }

    // --- connect and refresh --------------------------------------------------------------------------

    void connect(long id, Requests.Connect req) {
        String clientId = UUID.randomUUID().toString();
        var call = proxies.connect(client.proxyCaller().withClient(clientId), req.data(), req.name(), req.version(),
                List.copyOf(req.subs().keySet()));
        client.whenDone(call, (reply, err) -> {
            if (err != null) {
                client.connectError(id, ClientError.INTERNAL);
            } else if (reply.verdict() instanceof Verdict.Refused r) {
                client.connectError(id, r.error());
            } else if (reply.verdict() instanceof Verdict.Ended e) {
                client.disconnect(e.disconnect());
            } else if (reply.result() == null) {
                // the backend named no one: anonymous if anonymous clients may connect, else refused
                ConnectionAccess.Identity who = access.connection().authenticate("");
                if (!client.accepted(id, who)) return;
                client.accept(clientId, who.user(), null, 0);
                client.connected(id, req, Set.of(), List.of(), new ArrayList<>(), null);
            } else {
                connected(id, req, clientId, reply.result());
            }
        });
    }

    private void connected(long id, Requests.Connect req, String clientId, ProxyResults.Connect r) {
        for (String ch : r.channels()) {
            if (node.optionsFor(ch).isEmpty()) {
                client.connectError(id, ClientError.UNKNOWN_CHANNEL);
                return;
            }
        }
        for (String ch : r.subs().keySet()) {
            if (node.optionsFor(ch).isEmpty()) {
                client.connectError(id, ClientError.UNKNOWN_CHANNEL);
                return;
            }
        }
        if (r.expireAt() > 0 && r.expireAt() < client.nowSeconds()) { // as Centrifugo: an expiry already past
            client.connectError(id, ClientError.EXPIRED);
            return;
        }
        client.meta = r.meta();
        client.accept(clientId, r.user(), r.info(), r.expireAt());
        List<CompletableFuture<Map.Entry<String, Results.Subscribe>>> serverSubs = new ArrayList<>();
        for (String ch : r.channels()) {
            serverSubs.add(client.subscriptions.fromConnect(ch, null, req.subs().get(ch)));
        }
        for (var e : r.subs().entrySet()) {
            if (r.channels().contains(e.getKey())) continue;
            ProxyResults.Subscribe o = e.getValue();
            serverSubs.add(client.subscriptions.fromConnect(e.getKey(), new SubscribeClaim(o.info(), o.data(),
                    o.presence(), o.joinLeave(), o.forcePushJoinLeave(), o.forceRecovery(), o.forcePositioning()),
                    req.subs().get(e.getKey()), o.expireAt()));
        }
        client.connected(id, req, r.subs().keySet(), r.channels(), serverSubs, r.data());
    }

    /** The connection reached its expiry: the refresh proxy decides whether it lives on. */
    void refresh() {
        client.whenDone(proxies.refresh(client.proxyCaller()), (reply, err) -> {
            if (client.state() != CentrifugoClient.State.CONNECTED) return;
            if (err != null || reply.verdict() instanceof Verdict.Refused) {
                client.disconnect(Disconnect.SERVER_ERROR);
                return;
            }
            if (reply.verdict() instanceof Verdict.Ended e) {
                client.disconnect(e.disconnect());
                return;
            }
            ProxyResults.Refresh r = reply.result();
            if (r.expired()) {
                client.disconnect(Disconnect.EXPIRED);
                return;
            }
            if (r.meta() != null) client.meta = r.meta();
            long expireAt = r.expireAt() > 0 ? r.expireAt() : client.expireAt();
            if (expireAt <= client.nowSeconds()) {
                client.disconnect(Disconnect.EXPIRED);
                return;
            }
            client.refreshed(expireAt, r.info());
        });
    }

    // --- RPC ------------------------------------------------------------------------------------------

    void rpc(long id, Requests.Rpc req) {
        ProxySettings.RpcRoute route = settings().rpc(req.method());
        if (route.error() != null) {
            client.error(id, route.error());
            return;
        }
        client.whenDone(proxies.rpc(route.proxy(), client.proxyCaller(), req.method(), req.data()), (reply, err) -> {
            if (err != null) client.error(id, ClientError.INTERNAL);
            else if (reply.verdict().isAllowed()) client.send(client.codec().rpc(id, reply.result().data()));
            else client.answer(id, reply.verdict());
        });
    }

    // --- channels -------------------------------------------------------------------------------------

    /**
     * A subscribe without a token in a namespace whose subscribe proxy is on: the backend decides instead of the
     * channel rules. False when it is not such a subscribe.
     */
    boolean subscribe(long id, Requests.Subscribe req) {
        String channel = req.channel();
        ProxyEndpoint proxy = req.token().isEmpty() ? settings().channel(channel).subscribe() : null;
        if (proxy == null) return false;
        Optional<ChannelOptions> o = node.optionsFor(channel);
        if (o.isEmpty()) {
            client.error(id, ClientError.UNKNOWN_CHANNEL);
            return true;
        }
        if (ChannelRules.isPrivate(channel) || node.rules().privateByName(channel)) {
            client.error(id, ClientError.PERMISSION_DENIED); // a private channel needs a subscription token
            return true;
        }
        if (!subscribing.add(channel)) {
            client.error(id, ClientError.ALREADY_SUBSCRIBED);
            return true;
        }
        var call = proxies.subscribe(proxy, client.proxyCaller(), channel, req.token(), req.data());
        client.whenDone(call, (reply, err) -> {
            subscribing.remove(channel);
            if (err != null) {
                client.error(id, ClientError.INTERNAL);
            } else if (!reply.verdict().isAllowed()) {
                client.answer(id, reply.verdict());
            } else if (client.subscriptions.get(channel) != null) {
                client.error(id, ClientError.ALREADY_SUBSCRIBED);
            } else {
                ProxyResults.Subscribe r = reply.result();
                ChannelOptions granted = ChannelAccess.override(o.get(), r.presence(), r.joinLeave(),
                        r.forcePushJoinLeave(), r.forceRecovery(), r.forcePositioning());
                client.subscriptions.proxied(id, channel, granted, r.info(), r.data(), req, r.expireAt());
            }
        });
        return true;
    }

    /**
     * A publish in a namespace whose publish proxy is on: the backend decides, may rewrite the data or keep it out
     * of history, and the server publishes. False when it is not such a publish.
     */
    boolean publish(long id, Requests.Publish req, ClientInfo info) {
        String channel = req.channel();
        ProxyEndpoint proxy = settings().channel(channel).publish();
        if (proxy == null) return false;
        if (node.optionsFor(channel).isEmpty()) {
            client.error(id, ClientError.UNKNOWN_CHANNEL);
            return true;
        }
        client.whenDone(proxies.publish(proxy, client.proxyCaller(), channel, req.data()), (reply, err) -> {
            if (err != null) {
                client.error(id, ClientError.INTERNAL);
                return;
            }
            if (!reply.verdict().isAllowed()) {
                client.answer(id, reply.verdict());
                return;
            }
            ProxyResults.Publish r = reply.result();
            byte[] data = r.data() != null ? r.data() : req.data();
            var published = node.publish(channel, data, new PublishOptions(info, r.tags(), r.skipHistory(), false));
            client.whenDone(published, (pos, perr) -> {
                if (perr != null) client.error(id, CoreException.errorOf(perr));
                else client.send(client.codec().empty(id, Method.PUBLISH));
            });
        });
        return true;
    }

    /** Whether a sub_refresh without a token goes to the channel's sub_refresh proxy. */
    boolean subRefreshes(String channel) {
        return settings().channel(channel).subRefresh() != null;
    }

    /**
     * A server-side subscription reached its expiry: as centrifuge, the sub_refresh proxy decides, and a refusal, a
     * failed call or an expiry in the past closes the connection (3006: a server-side subscription has no
     * unsubscribe of its own to hear).
     */
    void subRefreshServerSide(ClientSubscription s) {
        ProxyEndpoint proxy = settings().channel(s.channel).subRefresh();
        client.whenDone(proxies.subRefresh(proxy, client.proxyCaller(), s.channel), (reply, err) -> {
            if (client.subscriptions.get(s.channel) != s) return;
            if (err == null && reply.verdict() instanceof io.switchboard.protocol.Verdict.Ended e) {
                client.disconnect(e.disconnect());
            } else if (err != null || !reply.verdict().isAllowed() || reply.result().expired()
                    || (reply.result().expireAt() > 0 && reply.result().expireAt() < client.nowSeconds())) {
                client.disconnect(Disconnect.SUBSCRIPTION_EXPIRED);
            } else {
                s.expireAt = reply.result().expireAt();
                client.subscriptions.scheduleExpiry(s);
            }
        });
    }

    void subRefresh(long id, ClientSubscription s) {
        ProxyEndpoint proxy = settings().channel(s.channel).subRefresh();
        client.whenDone(proxies.subRefresh(proxy, client.proxyCaller(), s.channel), (reply, err) -> {
            if (client.subscriptions.get(s.channel) != s) {
                client.error(id, ClientError.PERMISSION_DENIED);
            } else if (err != null) {
                client.error(id, ClientError.INTERNAL);
            } else if (!reply.verdict().isAllowed()) {
                client.answer(id, reply.verdict());
            } else if (reply.result().expired()) {
                client.error(id, ClientError.EXPIRED);
            } else {
                client.subscriptions.subRefreshed(id, s, reply.result().expireAt());
            }
        });
    }
}
