package dev.gatehouse.client.servlet;

import dev.gatehouse.client.AccessPolicy;
import dev.gatehouse.client.Gate;
import dev.gatehouse.client.GuardedServerContract;
import dev.gatehouse.client.VerifiedAccessToken;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

class GatehouseFilterTest extends GuardedServerContract {
    private Server server;

    @Override
    protected URI serve(Gate gate, AccessPolicy policy) throws Exception {
        ServletContextHandler context = new ServletContextHandler();
        context.addFilter(new FilterHolder(new GatehouseFilter(gate, policy)), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                reached.incrementAndGet();
                VerifiedAccessToken token = (VerifiedAccessToken) req.getAttribute(VerifiedAccessToken.REQUEST_ATTRIBUTE);
                resp.getWriter().write("hello " + token.subject());
            }
        }), "/orders");
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(context);
        server.start();
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @Override
    protected void stopServer() throws Exception {
        if (server != null) {
            server.stop();
        }
    }
}
