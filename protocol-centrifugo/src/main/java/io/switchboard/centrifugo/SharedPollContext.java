package io.switchboard.centrifugo;

/** What every connection shares for shared poll subscriptions: the settings and the server's poller. */
record SharedPollContext(SharedPollSettings settings, SharedPolls polls) {
    static final SharedPollContext NONE = new SharedPollContext(SharedPollSettings.NONE, null);
}
