package dev.gatehouse.server.logout;

import io.javalin.Javalin;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A relying party's back-channel logout endpoint on a free local port: records every {@code logout_token} posted
 * to it and answers with the statuses it was told to (200 once they run out), or never answers while hanging.
 */
final class LogoutReceiver implements AutoCloseable {
    private final List<String> tokens = new ArrayList<>();
    private final List<String> contentTypes = new ArrayList<>();
    private final Deque<Integer> statuses = new ArrayDeque<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean hanging;
    private final Javalin app;

    private LogoutReceiver() {
        app = Javalin.create(config -> config.routes.post("/backchannel", ctx -> {
            String token = ctx.formParam("logout_token");
            int status;
            synchronized (this) {
                tokens.add(token);
                contentTypes.add(ctx.contentType());
                status = statuses.isEmpty() ? 200 : statuses.poll();
            }
            if (hanging) {
                released.await(30, TimeUnit.SECONDS);
            }
            ctx.status(status);
        })).start("127.0.0.1", 0);
    }

    static LogoutReceiver start() {
        return new LogoutReceiver();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + app.port() + "/backchannel");
    }

    /** The next answers, in order; 200 after them. */
    synchronized LogoutReceiver answer(int... next) {
        for (int s : next) {
            statuses.add(s);
        }
        return this;
    }

    /** Never answers from now on (until closed). */
    LogoutReceiver hang() {
        hanging = true;
        return this;
    }

    synchronized List<String> tokens() {
        return List.copyOf(tokens);
    }

    synchronized List<String> contentTypes() {
        return List.copyOf(contentTypes);
    }

    @Override
    public void close() {
        released.countDown();
        app.stop();
    }
}
