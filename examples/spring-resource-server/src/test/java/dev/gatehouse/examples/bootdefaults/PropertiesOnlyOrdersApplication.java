package dev.gatehouse.examples.bootdefaults;

import dev.gatehouse.examples.spring.OrdersController;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The orders service without {@code GatehouseResourceServerConfig}: Spring Boot builds the decoder from its
 * {@code spring.security.oauth2.resourceserver.jwt.*} properties alone. It lives outside the example's package so
 * that the example's component scan never finds it.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(OrdersController.class)
public class PropertiesOnlyOrdersApplication {
}
