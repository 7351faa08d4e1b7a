package dev.llmrouter.sample;

import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.LlmTimeoutException;
import dev.llmrouter.api.NoDeploymentAvailableException;
import dev.llmrouter.api.RateLimitExceededException;
import dev.llmrouter.api.UnknownModelException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The router's typed failures as HTTP problem details, with the failure kind and the route tried. */
@RestControllerAdvice
public class ChatErrors {

    @ExceptionHandler(LlmRouterException.class)
    ProblemDetail routerFailure(LlmRouterException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status(e), String.valueOf(e.getMessage()));
        p.setProperty("failureKind", e.failureKind().wireName());
        p.setProperty("attempts", e.route().attempts().size());
        p.setProperty("fallbacks", e.route().fallbackGroups());
        return p;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badInput(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    private static HttpStatus status(LlmRouterException e) {
        if (e instanceof UnknownModelException) {
            return HttpStatus.NOT_FOUND;
        }
        if (e instanceof InvalidRequestException) {
            return HttpStatus.BAD_REQUEST;
        }
        if (e instanceof RateLimitExceededException) {
            return HttpStatus.TOO_MANY_REQUESTS;
        }
        if (e instanceof NoDeploymentAvailableException) {
            return HttpStatus.SERVICE_UNAVAILABLE;
        }
        if (e instanceof LlmTimeoutException) {
            return HttpStatus.GATEWAY_TIMEOUT;
        }
        return HttpStatus.BAD_GATEWAY;
    }
}
