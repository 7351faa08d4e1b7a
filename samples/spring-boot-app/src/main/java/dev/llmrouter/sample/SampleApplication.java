package dev.llmrouter.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small REST app on the llmrouter starter: {@code POST /chat}, {@code GET /chat/stream},
 * {@code GET /models}, and Actuator health and metrics. The router comes from
 * {@code classpath:router.yaml}; the {@code demo} profile uses mock providers instead, so it runs
 * without any model server.
 */
@SpringBootApplication
public class SampleApplication {

    /** Starts the app. */
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
