package io.switchboard.pusher;

/**
 * The channel attributes a request asks for with {@code info} (a comma-separated list): {@code user_count}
 * (presence channels) and {@code subscription_count}. Other names are ignored, as Pusher adds attributes over time.
 */
record InfoAttributes(boolean userCount, boolean subscriptionCount) {
    static final InfoAttributes NONE = new InfoAttributes(false, false);

    static InfoAttributes parse(String info) {
        if (info == null || info.isEmpty()) return NONE;
        boolean users = false, subscriptions = false;
        for (String a : info.split(",")) {
            String name = a.trim();
            if (name.equals("user_count")) users = true;
            else if (name.equals("subscription_count")) subscriptions = true;
        }
        return new InfoAttributes(users, subscriptions);
    }

    boolean any() {
        return userCount || subscriptionCount;
    }
}
