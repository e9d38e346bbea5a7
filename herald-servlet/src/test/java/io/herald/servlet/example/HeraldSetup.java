package io.herald.servlet.example;

import io.herald.ServerEventsFeature;
import io.herald.ServerEventsOptions;
import io.herald.servlet.HeraldServlet;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/** The README's example, as it is there: Herald mounted at /sse/* in a plain servlet application. */
@WebListener
public class HeraldSetup implements ServletContextListener {

    private ServerEventsFeature feature;

    @Override
    public void contextInitialized(ServletContextEvent sce) {
        feature = ServerEventsFeature.create(ServerEventsOptions.defaults());
        sce.getServletContext().setAttribute("serverEvents", feature.serverEvents()); // for your own servlets
        new HeraldServlet(feature).register(sce.getServletContext(), "herald", "/sse/*");
    }

    @Override
    public void contextDestroyed(ServletContextEvent sce) {
        feature.close(); // ends every stream
    }
}
